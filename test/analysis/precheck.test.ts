import assert from "node:assert/strict";
import { test } from "node:test";
import { mayHaveFindings } from "../../server/src/analysis/analyzeDocument";

test("precheck skips quoted local with compile", () => {
  const text = 'import torch\nscope = "local"\nmodel = torch.compile(model)\n';
  assert.equal(mayHaveFindings("python", text), false);
});

test("precheck keeps compile with focal string", () => {
  const text = 'model.compile(loss="binary_focal_loss")\n';
  assert.equal(mayHaveFindings("python", text), true);
});

test("precheck keeps capitalised focal string", () => {
  assert.equal(mayHaveFindings("python", "model.compile(loss='FocalLoss')\n"), true);
});
