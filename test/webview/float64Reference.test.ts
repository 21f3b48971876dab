// The panel's float64 JavaScript reference reproduces the float64 PyTorch values of every
// built-in sample, so it can stand in for PyTorch on the cursor's and the user's samples.
import assert from "node:assert/strict";
import { test } from "node:test";
import suite from "../../src/webview/samples/builtinSamples.json";
import { compareValues } from "../../src/webview/comparison";
import {
  float64Reference,
  type ReferenceSample,
} from "../../src/webview/reference/float64Reference";
import { flatten, unflatten } from "../../src/webview/reference/nested";

// The JSON contains 12 significant digits, and both sides compute in float64.
const FLOAT64_TOLERANCE = { rtol: 1e-9, floor: 1e-6, atol: 1e-300 };

for (const entry of suite.samples) {
  test(`reference matches ${entry.name}`, () => {
    const result = float64Reference(entry.sample as unknown as ReferenceSample);

    const loss = compareValues(result.loss, entry.expected.loss, FLOAT64_TOLERANCE);
    assert.ok(
      loss.passed,
      `loss ${JSON.stringify(result.loss)} vs ${JSON.stringify(entry.expected.loss)}: ${loss.problem ?? loss.maxError}`,
    );
    const gradient = compareValues(result.gradient, entry.expected.gradient, FLOAT64_TOLERANCE);
    assert.ok(
      gradient.passed,
      `gradient ${JSON.stringify(result.gradient)} vs ${JSON.stringify(entry.expected.gradient)}: ${gradient.problem ?? gradient.maxError}`,
    );
  });
}

test("reference mean with everything ignored", () => {
  const result = float64Reference({
    loss: "softmax",
    input: [
      [1, 2],
      [3, 4],
    ],
    target: [-100, -100],
  });

  assert.equal(result.loss, 0);
  assert.deepEqual(result.gradient, [
    [0, 0],
    [0, 0],
  ]);
});

test("nested arrays round trip", () => {
  const value = [
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  ];
  const flat = flatten(value);

  assert.deepEqual(flat, { shape: [1, 2, 3], values: [1, 2, 3, 4, 5, 6] });
  assert.deepEqual(unflatten(flat.values, flat.shape), value);
  assert.equal(unflatten([7], []), 7);
});
