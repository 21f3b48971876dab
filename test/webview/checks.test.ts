// The checks behind the cursor and user sections: seeded samples are reproducible and pass
// against the float64 reference on cpu and wasm, wrong values fail, and reports escape text.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { runCheck, type Check } from "../../src/webview/checks";
import { compareValues, DEFAULT_TOLERANCE } from "../../src/webview/comparison";
import type { CursorParameters } from "../../src/webview/cursorParameters";
import { cursorSamples } from "../../src/webview/randomSample";
import { resultsAsJson, resultsAsMarkdown } from "../../src/webview/report";
import { parseUserSample } from "../../src/webview/userSampleSection";
import { alphaEffect } from "../../src/webview/cursorSection";
import { useTestBackend } from "../lossRuntime/helpers/backends";

const BASE: CursorParameters = {
  loss: "softmax",
  alpha: null,
  gamma: 2,
  reduction: "mean",
  source: "FocalLoss()",
  callee: "FocalLoss",
  line: 0,
  notes: [],
};

const CURSOR_CASES: Partial<CursorParameters>[] = [
  { loss: "softmax", alpha: 0.25, reduction: "sum", ignoreIndex: -100 },
  { loss: "softmax", alpha: [0.1, 0.2, 0.3, 0.4], gamma: 0.5, ignoreIndex: 255 },
  { loss: "softmax", gamma: 5, reduction: "none", ignoreIndex: 0 },
  { loss: "sigmoid", alpha: 0.25, gamma: 2, reduction: "mean" },
  { loss: "sigmoid", alpha: -1, gamma: 0.25, reduction: "none" },
  { loss: "sigmoid", alpha: [0.9, 0.1, 0.5, 0.5], gamma: 1, reduction: "sum" },
];

function cursorCheck(sample: Record<string, unknown>): Check {
  return {
    section: "cursor",
    name: "cursor",
    description: "",
    sample,
    expectedSource: "float64 JavaScript reference",
    tolerance: DEFAULT_TOLERANCE,
  };
}

test("cursor samples are reproducible", () => {
  const parameters = { ...BASE, ignoreIndex: 255 };
  const first = cursorSamples(parameters, { n: 64, c: 4 }, 42);
  const second = cursorSamples(parameters, { n: 64, c: 4 }, 42);
  const other = cursorSamples(parameters, { n: 64, c: 4 }, 43);

  assert.deepEqual(first, second);
  assert.notDeepEqual(first.focalLoss.input, other.focalLoss.input);
  assert.ok(first.ignored > 0, "no position carries ignoreIndex 255");
  assert.equal((first.focalLoss.target as number[]).filter((t) => t === 255).length, first.ignored);
  assert.equal(first.crossEntropy.gamma, 0);
  assert.equal(first.crossEntropy.alpha, null);
});

for (const backend of ["cpu", "wasm"] as const) {
  test(`cursor checks pass on ${backend}`, async () => {
    await useTestBackend(backend);
    for (const [index, overrides] of CURSOR_CASES.entries()) {
      const parameters = { ...BASE, ...overrides } as CursorParameters;
      const samples = cursorSamples(parameters, { n: 32, c: 4 }, index + 1);
      for (const sample of [samples.focalLoss, samples.crossEntropy]) {
        const before = tf.memory().numTensors;
        const result = await runCheck(cursorCheck(sample), backend);
        assert.equal(tf.memory().numTensors, before, "the check leaked tensors");
        assert.equal(result.status, "pass", `${JSON.stringify(overrides)}: ${result.message}`);
      }
    }
  });
}

test("wrong expected values fail", async () => {
  await useTestBackend("cpu");
  const check: Check = {
    ...cursorCheck({ loss: "softmax", input: [[2, 0.5, -1]], target: [1] }),
    expected: { loss: 1.2 * 0.6342, gradient: [[0.3, -0.5, 0.2]] },
  };

  const result = await runCheck(check, "cpu");

  assert.equal(result.status, "fail");
  assert.match(result.message ?? "", /loss: an element is outside the tolerance; gradient: /);
});

test("comparison reports shape and NaN", () => {
  const shape = compareValues([1, 2], [[1, 2]], DEFAULT_TOLERANCE);
  assert.equal(shape.passed, false);
  assert.match(shape.problem ?? "", /shape \[2\] differs from the expected \[1, 2\]/);

  const nan = compareValues([1, Number.NaN], [1, 2], DEFAULT_TOLERANCE);
  assert.equal(nan.passed, false);
  assert.equal(nan.problem, "element 1 is NaN");

  // float32 underflow: 0 where float64 has 1e-44 passes through the absolute term.
  assert.equal(compareValues([0, 0], [1e-44, 0], DEFAULT_TOLERANCE).passed, true);
});

test("user sample parsing", () => {
  assert.match((parseUserSample("{") as { error: string }).error, /not valid JSON/);
  assert.match((parseUserSample("[1]") as { error: string }).error, /must be a JSON object/);

  const parsed = parseUserSample(
    '{"loss": "sigmoid", "input": [1], "target": [1], "backend": "cpu"}',
  );
  assert.ok("check" in parsed);
  assert.deepEqual(parsed.check.sample, { loss: "sigmoid", input: [1], target: [1] });
  assert.match(parsed.check.description, /Ignored: backend/);
});

test("invalid user sample is an error row", async () => {
  await useTestBackend("cpu");
  const parsed = parseUserSample('{"loss": "softmax", "input": [[1, 2]], "target": [5]}');
  assert.ok("check" in parsed);

  const result = await runCheck(parsed.check, "cpu");

  assert.equal(result.status, "error");
  assert.match(result.message ?? "", /target\[0\] is 5, outside the class range \[0, 2\)/);
});

test("markdown export escapes cells", async () => {
  await useTestBackend("cpu");
  const check = {
    ...cursorCheck({ loss: "sigmoid", input: [[0.5]], target: [[1]] }),
    name: "a | b `c`\nd",
  };
  const result = await runCheck(check, "cpu");

  const markdown = resultsAsMarkdown([result], "cpu");
  assert.match(markdown, /^\*\*Focal loss evaluation: 1 of 1 passed\*\* \(backend cpu\)/);
  assert.match(markdown, /\| a \\\| b \\`c\\` d \| /);
  const json = JSON.parse(resultsAsJson([result], "cpu"));
  assert.equal(json.results[0].name, "a | b `c`\nd");
  assert.equal(json.passed, 1);
});

test("alpha sentence follows its form", () => {
  assert.match(alphaEffect({ ...BASE, alpha: null }), /no class is weighted/);
  assert.match(alphaEffect({ ...BASE, alpha: [0.2, 0.8] }), /each class by its own factor/);
  assert.match(alphaEffect({ ...BASE, alpha: 0.25 }), /scales every class alike/);
  assert.match(
    alphaEffect({ ...BASE, loss: "sigmoid", alpha: 0.25 }),
    /0\.25 weights positives and 1 − α negatives/,
  );
});
