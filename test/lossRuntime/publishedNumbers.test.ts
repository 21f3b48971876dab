// Numbers that other libraries publish in their own tests, reproduced with this runtime's options.
// Only the inputs and expected numbers carry over; the tests are written here.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { withoutLeaks } from "./helpers/assertions";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";

function assertNear(actual: number, expected: number, tolerance: number, label: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label}: got ${actual}, expected ${expected} +- ${tolerance}`,
  );
}

for (const backend of TEST_BACKENDS) {
  describe(`published numbers on ${backend}`, () => {
    before(() => useTestBackend(backend));

    // Keras 3 BinaryFocalCrossentropy(gamma=2), from_logits=False, no class balancing.
    // Keras takes the mean over the last axis per sample, then sums over the batch and divides by
    // the batch size. With equally long rows that is the mean over all elements, so reduction
    // "mean" with alpha null reproduces it.
    test("Keras BinaryFocalCrossentropy 0.268", () => {
      const loss = withoutLeaks(() =>
        tf.tidy(() => {
          const target = tf.tensor2d([
            [1, 0],
            [1, 0],
          ]);
          const probabilities = tf.tensor2d([
            [0.9, 0.8],
            [0.7, 0.2],
          ]);
          const options = { alpha: null, gamma: 2, reduction: "mean", fromLogits: false } as const;
          return sigmoidFocalLoss(probabilities, target, options).dataSync()[0];
        }),
      );
      assertNear(loss, 0.268, 5e-4, "loss");
    });

    // Keras 3 CategoricalFocalCrossentropy(alpha=0.25, gamma=2, from_logits=True) with one-hot
    // targets for classes 0, 1 and 2. Keras' scalar alpha multiplies every term, as here, and its
    // sum-over-batch-size reduction is the mean over the three samples.
    test("Keras CategoricalFocalCrossentropy 0.000345", () => {
      const logits = [
        [8, 1, 1],
        [0, 9, 1],
        [2, 3, 5],
      ];
      const options = { alpha: 0.25, gamma: 2, reduction: "mean" } as const;
      const [fromIndices, fromOneHot] = withoutLeaks(() =>
        tf.tidy(() => {
          const input = tf.tensor2d(logits);
          const indices = tf.tensor1d([0, 1, 2], "int32");
          const oneHot = tf.oneHot(indices, 3).toFloat();
          return [
            softmaxFocalLoss(input, indices, options).dataSync()[0],
            softmaxFocalLoss(input, oneHot, options).dataSync()[0],
          ];
        }),
      );
      assertNear(fromIndices, 0.000345, 5e-7, "loss with class indices");
      assertNear(fromOneHot, 0.000345, 5e-7, "loss with one-hot targets");
    });

    // mmcv's sigmoid focal loss test: logits [[1, 0], [0, 1]], labels [0, 1], alpha 0.25, gamma 2,
    // 0.13562961 for each row. With the labels one-hot encoded, the torchvision-form losses
    // summed over the classes of a row reproduce it. The mean over all four elements is half.
    test("mmcv sigmoid focal loss 0.13562961", () => {
      const rows = withoutLeaks(() =>
        tf.tidy(() => {
          const logits = tf.tensor2d([
            [1, 0],
            [0, 1],
          ]);
          const oneHot = tf.tensor2d([
            [1, 0],
            [0, 1],
          ]);
          const losses = sigmoidFocalLoss(logits, oneHot, { alpha: 0.25, gamma: 2 });
          return Array.from(tf.sum(losses, 1).dataSync());
        }),
      );
      assert.equal(rows.length, 2);
      assertNear(rows[0], 0.13562961, 1e-6, "row 0");
      assertNear(rows[1], 0.13562961, 1e-6, "row 1");
    });
  });
}
