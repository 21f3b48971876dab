// Invalid options and tensors. Each error is a ValidationError that names the option or tensor,
// shows the value and gives the fix, and a rejected call leaks no tensor.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  composedSigmoidFocalLoss,
  composedSoftmaxFocalLoss,
  sigmoidFocalLoss,
  softmaxFocalLoss,
  ValidationError,
} from "../../src/lossRuntime";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";

/** Asserts that `call` throws a ValidationError for `field` whose message matches `pattern`. */
function assertRejects(call: () => unknown, field: string, pattern: RegExp): void {
  const before = tf.memory().numTensors;
  assert.throws(call, (error: unknown) => {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
    assert.equal(error.field, field);
    assert.match(error.message, pattern);
    return true;
  });
  assert.equal(tf.memory().numTensors, before, "a rejected call leaked tensors");
}

const SOFTMAX_IMPLEMENTATIONS = [
  ["public", softmaxFocalLoss],
  ["composed", composedSoftmaxFocalLoss],
] as const;
const SIGMOID_IMPLEMENTATIONS = [
  ["public", sigmoidFocalLoss],
  ["composed", composedSigmoidFocalLoss],
] as const;

for (const backend of TEST_BACKENDS) {
  describe(`option and tensor validation on ${backend}`, () => {
    let logits: tf.Tensor;
    let indices: tf.Tensor;
    let binary: tf.Tensor;

    before(async () => {
      await useTestBackend(backend);
      logits = tf.keep(
        tf.tensor2d([
          [1, 2, 3],
          [0, 0, 1],
        ]),
      );
      indices = tf.keep(tf.tensor1d([2, 0], "int32"));
      binary = tf.keep(
        tf.tensor2d([
          [1, 0, 0],
          [0, 1, 0],
        ]),
      );
    });

    for (const [name, softmax] of SOFTMAX_IMPLEMENTATIONS) {
      test(`${name} softmax rejects bad gamma`, () => {
        assertRejects(
          () => softmax(logits, indices, { gamma: -1 }),
          "gamma",
          /gamma must be a finite number >= 0, got -1/,
        );
        assertRejects(() => softmax(logits, indices, { gamma: NaN }), "gamma", /got NaN/);
        assertRejects(() => softmax(logits, indices, { gamma: Infinity }), "gamma", /got Infinity/);
      });

      test(`${name} softmax rejects bad reduction`, () => {
        const options = { reduction: "avg" } as unknown as { reduction: "mean" };
        assertRejects(
          () => softmax(logits, indices, options),
          "reduction",
          /"none", "mean" or "sum", got "avg"/,
        );
      });

      test(`${name} softmax rejects bad alpha`, () => {
        assertRejects(
          () => softmax(logits, indices, { alpha: [1, 2] }),
          "alpha",
          /2 weights but the input has 3 classes/,
        );
        assertRejects(
          () => softmax(logits, indices, { alpha: [1, -2, 1] }),
          "alpha[1]",
          /alpha\[1\] must be a finite number >= 0, got -2/,
        );
        assertRejects(
          () => softmax(logits, indices, { alpha: -0.5 }),
          "alpha",
          /alpha must be a finite number >= 0, got -0.5/,
        );
        assertRejects(() => softmax(logits, indices, { alpha: NaN }), "alpha", /got NaN/);
      });

      test(`${name} softmax rejects out-of-range indices`, () => {
        const tooLarge = tf.tensor1d([3, 0], "int32");
        const negative = tf.tensor1d([0, -1], "int32");
        const unignored = tf.tensor1d([255, 0], "int32");
        assertRejects(
          () => softmax(logits, tooLarge),
          "target",
          /class index 3 at flat position 0, outside \[0, 3\)/,
        );
        assertRejects(
          () => softmax(logits, negative),
          "target",
          /class index -1 at flat position 1/,
        );
        assertRejects(
          () => softmax(logits, unignored, { ignoreIndex: -100 }),
          "target",
          /ignoreIndex \(-100\)/,
        );
        tf.dispose([tooLarge, negative, unignored]);
      });

      test(`${name} softmax rejects shape mismatch`, () => {
        const wrongShape = tf.tensor1d([0, 1, 2], "int32");
        const floatIndices = tf.tensor1d([0, 1]);
        const intSoft = tf.tensor2d(
          [
            [0, 0, 1],
            [1, 0, 0],
          ],
          undefined,
          "int32",
        );
        const vector = tf.tensor1d([1, 2, 3]);
        const oneIndex = tf.tensor1d([0], "int32");
        assertRejects(
          () => softmax(logits, wrongShape),
          "target",
          /target shape \[3\] does not match input shape \[2, 3\].*\[2\]/,
        );
        assertRejects(
          () => softmax(logits, floatIndices),
          "target",
          /must have dtype int32, got float32/,
        );
        assertRejects(
          () => softmax(logits, intSoft),
          "target",
          /must have dtype float32, got int32/,
        );
        assertRejects(
          () => softmax(vector, oneIndex),
          "input",
          /shape \(N, C, \.\.\.\), got \[3\]/,
        );
        tf.dispose([wrongShape, floatIndices, intSoft, vector, oneIndex]);
      });

      test(`${name} softmax rejects soft targets outside [0, 1]`, () => {
        const soft = tf.tensor2d([
          [0.5, 0.5, 0],
          [1.5, 0, 0],
        ]);
        assertRejects(
          () => softmax(logits, soft),
          "target",
          /1\.5 at flat position 3, outside \[0, 1\]/,
        );
        soft.dispose();
      });

      test(`${name} softmax rejects unknown options`, () => {
        const options = { ignore_index: 255 } as unknown as { ignoreIndex: number };
        assertRejects(
          () => softmax(logits, indices, options),
          "ignore_index",
          /Unknown softmax focal loss option "ignore_index"/,
        );
        assertRejects(
          () => softmax(logits, indices, { ignoreIndex: 1.5 }),
          "ignoreIndex",
          /must be an integer, got 1.5/,
        );
      });
    }

    for (const [name, sigmoid] of SIGMOID_IMPLEMENTATIONS) {
      test(`${name} sigmoid rejects bad options`, () => {
        assertRejects(() => sigmoid(logits, binary, { gamma: -0.1 }), "gamma", /got -0.1/);
        assertRejects(
          () => sigmoid(logits, binary, { alpha: 1.5 }),
          "alpha",
          /in \[0, 1\], got 1.5.*negative number/,
        );
        assertRejects(
          () => sigmoid(logits, binary, { alpha: [0.5, 0.5] }),
          "alpha",
          /2 weights but the input has 3 classes/,
        );
        const ignore = { ignoreIndex: 0 } as unknown as Record<string, never>;
        assertRejects(
          () => sigmoid(logits, binary, ignore),
          "ignoreIndex",
          /applies only to softmaxFocalLoss/,
        );
      });

      test(`${name} sigmoid rejects bad targets`, () => {
        const wrongShape = tf.tensor1d([1, 0]);
        const intTargets = tf.tensor2d(
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
          undefined,
          "int32",
        );
        const outOfRange = tf.tensor2d([
          [1, 0, 2],
          [0, 1, 0],
        ]);
        const intLogits = tf.tensor2d(
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
          undefined,
          "int32",
        );
        assertRejects(
          () => sigmoid(logits, wrongShape),
          "target",
          /target shape \[2\] does not match input shape \[2, 3\]/,
        );
        assertRejects(() => sigmoid(logits, intTargets), "target", /dtype float32, got int32/);
        assertRejects(
          () => sigmoid(logits, outOfRange),
          "target",
          /2 at flat position 2, outside \[0, 1\]/,
        );
        assertRejects(() => sigmoid(intLogits, binary), "input", /float32 tensor, got dtype int32/);
        tf.dispose([wrongShape, intTargets, outOfRange, intLogits]);
      });
    }
  });
}
