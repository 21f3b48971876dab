// The built-in suite passes in Node on cpu and wasm with the same checks the panel runs, leaves
// no tensors behind, and its JSON is what scripts/generate-samples.py writes.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { builtinChecks } from "../../src/webview/builtinSuite";
import { runCheck } from "../../src/webview/checks";
import { useTestBackend } from "../lossRuntime/helpers/backends";
import { REPO_ROOT } from "../helpers/paths";
import { PYTHON, skipWithoutTorch } from "../helpers/python";

const SAMPLES_PATH = path.join(REPO_ROOT, "src", "webview", "samples", "builtinSamples.json");

for (const backend of ["cpu", "wasm"] as const) {
  describe(`built-in suite on ${backend}`, () => {
    for (const check of builtinChecks()) {
      test(check.name, async () => {
        await useTestBackend(backend);
        const before = tf.memory().numTensors;

        const result = await runCheck(check, backend);

        assert.equal(tf.memory().numTensors, before, "the check leaked tensors");
        assert.equal(result.message, undefined);
        assert.equal(result.status, "pass");
        assert.equal(result.backend, backend);
      });
    }
  });
}

test("committed samples match the generator", { skip: skipWithoutTorch() }, () => {
  const generated = spawnSync(PYTHON, [path.join(REPO_ROOT, "scripts", "generate-samples.py")], {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(generated.status, 0, `generate-samples.py failed:\n${generated.stderr}`);

  // Parsed, not textual: Prettier formats the committed file, and the generator does not.
  assert.deepEqual(
    JSON.parse(readFileSync(SAMPLES_PATH, "utf8")),
    JSON.parse(generated.stdout),
    "src/webview/samples/builtinSamples.json is stale. Run `npm run samples:update`.",
  );
});
