// Identities that hold for every input: gamma 0 is cross-entropy, sum = mean * count, and
// softmax alpha null is alpha 1. Checked on seeded random inputs, on every backend.
import * as tf from "@tensorflow/tfjs";
import { before, describe, test } from "node:test";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { assertAllClose, withoutLeaks } from "./helpers/assertions";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";
import { SeededRandom } from "./helpers/random";

/** Runs `body` in tf.tidy, checks it leaks nothing and returns the values of its result. */
function valuesOf(body: () => tf.Tensor): number[] {
  return withoutLeaks(() => tf.tidy(() => Array.from(body().dataSync())));
}

function randomLogits(random: SeededRandom, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    random.array(size, () => 3 * random.normal()),
    shape,
  );
}

/** Returns softmax along axis 1; tf.softmax (tfjs 4.22) supports only the last axis. */
function softmaxAxis1(logits: tf.Tensor): tf.Tensor {
  return tf.exp(tf.sub(logits, tf.logSumExp(logits, 1, true)));
}

function randomIndices(random: SeededRandom, shape: number[], numClasses: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    random.array(size, () => random.integer(numClasses)),
    shape,
    "int32",
  );
}

for (const backend of TEST_BACKENDS) {
  describe(`focal loss properties on ${backend}`, () => {
    before(() => useTestBackend(backend));
    const random = new SeededRandom(7);

    test("softmax gamma 0 is cross-entropy", () => {
      const logits = randomLogits(random, [16, 5]);
      const indices = randomIndices(random, [16], 5);
      const oneHot = tf.oneHot(indices, 5).toFloat();
      const mean = tf.Reduction.MEAN;

      const expected = valuesOf(() =>
        tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, mean),
      );
      assertAllClose(
        valuesOf(() => softmaxFocalLoss(logits, indices, { gamma: 0 })),
        expected,
        "index targets",
      );
      assertAllClose(
        valuesOf(() => softmaxFocalLoss(logits, oneHot, { gamma: 0 })),
        expected,
        "one-hot targets",
      );

      const soft = tf.softmax(randomLogits(random, [16, 5]));
      const expectedSoft = valuesOf(() =>
        tf.losses.softmaxCrossEntropy(soft, logits, undefined, 0, mean),
      );
      assertAllClose(
        valuesOf(() => softmaxFocalLoss(logits, soft, { gamma: 0 })),
        expectedSoft,
        "soft targets",
      );
      tf.dispose([logits, indices, oneHot, soft]);
    });

    test("sigmoid gamma 0 is binary cross-entropy", () => {
      const logits = randomLogits(random, [8, 3, 2]);
      const targets = tf.tensor(
        random.array(48, () => random.next()),
        [8, 3, 2],
      );
      const mean = tf.Reduction.MEAN;

      const expected = valuesOf(() =>
        tf.losses.sigmoidCrossEntropy(targets, logits, undefined, 0, mean),
      );
      const actual = valuesOf(() =>
        sigmoidFocalLoss(logits, targets, { alpha: null, gamma: 0, reduction: "mean" }),
      );
      assertAllClose(actual, expected, "mean loss");
      tf.dispose([logits, targets]);
    });

    test("sum equals mean times count", () => {
      const logits = randomLogits(random, [4, 3, 5]);
      const indices = randomIndices(random, [4, 5], 3);
      const soft = softmaxAxis1(randomLogits(random, [4, 3, 5]));
      const binary = tf.tensor(
        random.array(60, () => random.integer(2)),
        [4, 3, 5],
      );

      for (const gamma of [0, 0.5, 2]) {
        const softmaxCases: [string, tf.Tensor][] = [
          ["index", indices],
          ["soft", soft],
        ];
        for (const [name, target] of softmaxCases) {
          const options = { gamma, alpha: [0.2, 1, 3] };
          const [sum] = valuesOf(() =>
            softmaxFocalLoss(logits, target, { ...options, reduction: "sum" }),
          );
          const [mean] = valuesOf(() =>
            softmaxFocalLoss(logits, target, { ...options, reduction: "mean" }),
          );
          assertAllClose([sum], [mean * 20], `softmax ${name} targets, gamma ${gamma}`);
        }

        const [sum] = valuesOf(() => sigmoidFocalLoss(logits, binary, { gamma, reduction: "sum" }));
        const [mean] = valuesOf(() =>
          sigmoidFocalLoss(logits, binary, { gamma, reduction: "mean" }),
        );
        assertAllClose([sum], [mean * 60], `sigmoid, gamma ${gamma}`);
      }
      tf.dispose([logits, indices, soft, binary]);
    });

    test("softmax alpha null equals alpha 1", () => {
      const logits = randomLogits(random, [3, 4, 2, 2]);
      const indices = randomIndices(random, [3, 2, 2], 4);
      for (const reduction of ["none", "mean", "sum"] as const) {
        const withoutAlpha = valuesOf(() =>
          softmaxFocalLoss(logits, indices, { alpha: null, reduction }),
        );
        const scalarOne = valuesOf(() =>
          softmaxFocalLoss(logits, indices, { alpha: 1, reduction }),
        );
        const arrayOfOnes = valuesOf(() =>
          softmaxFocalLoss(logits, indices, { alpha: [1, 1, 1, 1], reduction }),
        );
        assertAllClose(scalarOne, withoutAlpha, `alpha 1, ${reduction}`, { rtol: 1e-6 });
        assertAllClose(arrayOfOnes, withoutAlpha, `alpha [1, 1, 1, 1], ${reduction}`, {
          rtol: 1e-6,
        });
      }
      tf.dispose([logits, indices]);
    });

    // Logits [[2, 0.5, -1], [0.1, 0.2, 3]], targets [1, 2], gamma 2, float64 PyTorch values to
    // five decimals: a scalar alpha only rescales the multi-class loss, per-class weights
    // rebalance it. The tolerance covers the rounding to five decimals.
    test("softmax alpha forms on known values", () => {
      const logits = tf.tensor2d([
        [2, 0.5, -1],
        [0.1, 0.2, 3],
      ]);
      const targets = tf.tensor1d([1, 2], "int32");
      const loss = (alpha: number | number[] | null) =>
        valuesOf(() => softmaxFocalLoss(logits, targets, { alpha, gamma: 2 }));

      assertAllClose(loss(null), [0.59276], "alpha null", { rtol: 3e-5 });
      assertAllClose(loss(0.25), [0.14819], "alpha 0.25", { rtol: 5e-5 });
      assertAllClose(loss([0.25, 0.75, 0.5]), [0.44442], "alpha [0.25, 0.75, 0.5]", { rtol: 3e-5 });
      tf.dispose([logits, targets]);
    });
  });
}
