import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import path from "node:path";
import { FIXTURES, requireBuild } from "../helpers/paths";
import { missingCorpus, skipWithoutCorpus, TORCH_CORPUS } from "../helpers/torchCorpus";

// One fixture with a known finding rides along, so the test fails if the CLI reports nothing at all.
const CANARY = path.join(FIXTURES, "python", "reported_attribute_error.py");

test("torch sources have no findings", { skip: skipWithoutCorpus }, () => {
  assert.deepEqual(missingCorpus, [], `CI must install ${missingCorpus.join(", ")}`);
  const cli = requireBuild("cli.js");
  const result = spawnSync(process.execPath, [cli, "--format", "json", ...TORCH_CORPUS, CANARY], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.stderr, "");

  const findings = JSON.parse(result.stdout) as { path: string; code: string }[];
  const inCorpus = findings.filter((finding) => !finding.path.endsWith(path.basename(CANARY)));
  assert.deepEqual(inCorpus, []);
  assert.equal(findings.length, 1, "the canary fixture's FL001 is missing");
  assert.equal(result.status, 1);
});
