// Inputs rewritten from public bug reports about hand-written focal losses, on every backend.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { assertAllClose, assertFinite, lossAndGradient } from "./helpers/assertions";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";

for (const backend of TEST_BACKENDS) {
  describe(`reported cases on ${backend}`, () => {
    before(() => useTestBackend(backend));

    // torchvision 0.14 returns [[nan, -0.0625, 0.1875, nan]] here, because the derivative of
    // (1 - p_t)^0.5 is unbounded where p_t rounds to 1.
    test("sigmoid gamma 0.5 saturated gradient", () => {
      const input = tf.tensor2d([[-100, -100, 100, 100]]);
      const target = tf.tensor2d([[0, 1, 0, 1]]);
      const { loss, gradient } = lossAndGradient(
        (x, t) => sigmoidFocalLoss(x, t, { alpha: 0.25, gamma: 0.5, reduction: "mean" }),
        input,
        target,
      );

      assertFinite(loss, "loss");
      assertFinite(gradient, "gradient");
      // Adding 0 turns -0 into 0, which strict deepEqual would tell apart.
      assert.deepEqual(
        Array.from(gradient, (value) => value + 0),
        [0, -0.0625, 0.1875, 0],
      );
      // (0.25 * 100 + 0.75 * 100) / 4: the two misclassified logits cost 100 nats each.
      assertAllClose(loss, [25], "loss");
      tf.dispose([input, target]);
    });

    test("softmax gamma 0.5 saturated gradient", () => {
      const input = tf.tensor2d([[50, 0, 0]]);
      const target = tf.tensor1d([0], "int32");
      const { loss, gradient } = lossAndGradient(
        (x, t) => softmaxFocalLoss(x, t, { gamma: 0.5 }),
        input,
        target,
      );

      assertFinite(loss, "loss");
      assertFinite(gradient, "gradient");
      for (const value of gradient) {
        assert.ok(Math.abs(value) < 1e-9, `gradient ${Array.from(gradient)} is not about 0`);
      }
      tf.dispose([input, target]);
    });

    // Saturation far beyond +-100 and gamma just above 0 and just below 1.
    test("gradients finite at extreme logits", () => {
      for (const gamma of [0, 1e-3, 0.25, 0.5, 0.999, 1, 1.5, 2, 5]) {
        for (const scale of [30, 100, 1e4, 1e30]) {
          const logits = tf.tensor2d([[-scale, -scale, scale, scale, 0]]);
          const sigmoidTarget = tf.tensor2d([[0, 1, 0, 1, 1]]);
          const sigmoid = lossAndGradient(
            (x, t) => sigmoidFocalLoss(x, t, { gamma, reduction: "sum" }),
            logits,
            sigmoidTarget,
          );
          assertFinite(sigmoid.loss, `sigmoid loss, gamma ${gamma}, scale ${scale}`);
          assertFinite(sigmoid.gradient, `sigmoid gradient, gamma ${gamma}, scale ${scale}`);

          // Logit differences must stay in float32 range for log-softmax, so 1e30 is skipped.
          if (scale <= 1e4) {
            const softmaxLogits = tf.tensor2d([
              [scale, 0, -scale],
              [-scale, 0, scale],
            ]);
            const softmaxTarget = tf.tensor1d([0, 0], "int32");
            const softmax = lossAndGradient(
              (x, t) => softmaxFocalLoss(x, t, { gamma, alpha: [0.5, 1, 2] }),
              softmaxLogits,
              softmaxTarget,
            );
            assertFinite(softmax.loss, `softmax loss, gamma ${gamma}, scale ${scale}`);
            assertFinite(softmax.gradient, `softmax gradient, gamma ${gamma}, scale ${scale}`);
            tf.dispose([softmaxLogits, softmaxTarget]);
          }
          tf.dispose([logits, sigmoidTarget]);
        }
      }
    });

    // Pixel probabilities [0.9, 0.1], [0.4, 0.6], [0.3, 0.7], [0.8, 0.2] with labels 0, 1 and two
    // ignored. Known wrong results: 0.170415 (ignored pixels relabelled to class 0) and 0.020696
    // (ignored pixels zeroed but counted in the mean).
    test("ignoreIndex excluded from the mean", () => {
      const logits = tf.log(
        tf.tensor2d([
          [0.9, 0.1],
          [0.4, 0.6],
          [0.3, 0.7],
          [0.8, 0.2],
        ]),
      );
      const target = tf.tensor1d([0, 1, 255, 255], "int32");
      const { loss } = lossAndGradient(
        (x, t) => softmaxFocalLoss(x, t, { gamma: 2, alpha: null, ignoreIndex: 255 }),
        logits,
        target,
      );
      assertAllClose(loss, [0.041393], "loss", { rtol: 1e-5 });
      tf.dispose([logits, target]);
    });

    test("ignoreIndex everywhere gives mean 0", () => {
      const logits = tf.tensor2d([
        [0.5, -0.5],
        [1, 2],
      ]);
      const target = tf.tensor1d([255, 255], "int32");
      const { loss, gradient } = lossAndGradient(
        (x, t) => softmaxFocalLoss(x, t, { ignoreIndex: 255 }),
        logits,
        target,
      );
      assert.deepEqual(Array.from(loss), [0]);
      assert.deepEqual(
        Array.from(gradient, (value) => value + 0),
        [0, 0, 0, 0],
      );
      tf.dispose([logits, target]);
    });
  });
}
