// The fused kernels, registered for cpu and wasm, against the composed tfjs ops that they replace,
// on seeded random inputs larger than the PyTorch cases, with a non-uniform upstream gradient.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  composedSigmoidFocalLoss,
  composedSoftmaxFocalLoss,
  fusedSigmoidFocalLoss,
  fusedSoftmaxFocalLoss,
  type Reduction,
} from "../../src/lossRuntime";
import { assertAllClose, withoutLeaks } from "./helpers/assertions";
import { TEST_BACKENDS, useTestBackend } from "./helpers/backends";
import { SeededRandom } from "./helpers/random";

type LossFunction = (input: tf.Tensor, target: tf.Tensor, options: object) => tf.Tensor;

/**
 * Returns the loss and d(sum(loss * weights))/d(input), where weights is a random tensor shaped
 * like the loss, so that "none" gets a different upstream gradient per element.
 */
function lossAndWeightedGradient(
  lossFunction: LossFunction,
  input: tf.Tensor,
  target: tf.Tensor,
  options: object,
  random: SeededRandom,
): { loss: Float32Array; gradient: Float32Array } {
  return withoutLeaks(() =>
    tf.tidy(() => {
      const output = lossFunction(input, target, options);
      const weights = tf.tensor(
        random.array(output.size, () => random.uniform(-1, 2)),
        output.shape,
      );
      const weighted = (x: tf.Tensor) => tf.sum(tf.mul(lossFunction(x, target, options), weights));
      const gradient = tf.grad(weighted)(input);
      return {
        loss: Float32Array.from(output.dataSync()),
        gradient: Float32Array.from(gradient.dataSync()),
      };
    }),
  );
}

function compare(
  fused: LossFunction,
  composed: LossFunction,
  input: tf.Tensor,
  target: tf.Tensor,
  options: object,
  seed: number,
): void {
  const label = JSON.stringify(options);
  const expected = lossAndWeightedGradient(
    composed,
    input,
    target,
    options,
    new SeededRandom(seed),
  );
  const actual = lossAndWeightedGradient(fused, input, target, options, new SeededRandom(seed));
  // The fused kernels compute in float64 and the composed ops in float32, hence 1e-4.
  assertAllClose(actual.loss, expected.loss, `${label} loss`);
  assertAllClose(actual.gradient, expected.gradient, `${label} gradient`);
}

const REDUCTIONS: Reduction[] = ["none", "mean", "sum"];
const GAMMAS = [0, 0.5, 2, 3];

for (const backend of TEST_BACKENDS) {
  describe(`fused kernels match composed ops on ${backend}`, () => {
    before(() => useTestBackend(backend));
    const random = new SeededRandom(99);

    test("sigmoid on (N, C, H, W)", () => {
      const shape = [4, 6, 5, 3];
      const size = 360;
      const logits = tf.tensor(
        random.array(size, () => 4 * random.normal()),
        shape,
      );
      const binary = tf.tensor(
        random.array(size, () => random.integer(2)),
        shape,
      );
      const soft = tf.tensor(
        random.array(size, () => random.next()),
        shape,
      );
      const alphas = [null, 0.25, -1, random.array(6, () => random.next())];

      for (const [i, target] of [binary, soft].entries()) {
        for (const alpha of alphas) {
          for (const reduction of REDUCTIONS) {
            const options = { alpha, gamma: GAMMAS[i + REDUCTIONS.indexOf(reduction)], reduction };
            compare(fusedSigmoidFocalLoss, composedSigmoidFocalLoss, logits, target, options, i);
          }
        }
      }
      tf.dispose([logits, binary, soft]);
    });

    test("sigmoid on rank 1 with saturated logits", () => {
      const logits = tf.tensor1d([-1e4, -100, -20, 0, 20, 100, 1e4, 3]);
      const target = tf.tensor1d([0, 1, 0, 1, 0, 1, 1, 0.3]);
      for (const gamma of GAMMAS) {
        compare(
          fusedSigmoidFocalLoss,
          composedSigmoidFocalLoss,
          logits,
          target,
          { gamma, reduction: "none" },
          1,
        );
      }
      tf.dispose([logits, target]);
    });

    test("softmax with index targets", () => {
      const shape = [3, 5, 4, 6];
      const logits = tf.tensor(
        random.array(360, () => 4 * random.normal()),
        shape,
      );
      const labels = random.array(72, () => (random.next() < 0.15 ? 255 : random.integer(5)));
      const target = tf.tensor(labels, [3, 4, 6], "int32");
      const alphas = [null, 0.5, random.array(5, () => random.uniform(0.1, 3))];

      for (const alpha of alphas) {
        for (const reduction of REDUCTIONS) {
          for (const gamma of GAMMAS) {
            const options = { alpha, gamma, reduction, ignoreIndex: 255 };
            compare(
              fusedSoftmaxFocalLoss,
              composedSoftmaxFocalLoss,
              logits,
              target,
              options,
              gamma,
            );
          }
        }
      }
      tf.dispose([logits, target]);
    });

    test("softmax with soft targets", () => {
      const shape = [4, 3, 7];
      const logits = tf.tensor(
        random.array(84, () => 4 * random.normal()),
        shape,
      );
      const target = tf.tensor(
        random.array(84, () => random.next()),
        shape,
      );
      for (const alpha of [null, 2, [0.5, 1, 1.5]]) {
        for (const reduction of REDUCTIONS) {
          const options = { alpha, gamma: 1.5, reduction };
          compare(fusedSoftmaxFocalLoss, composedSoftmaxFocalLoss, logits, target, options, 3);
        }
      }
      tf.dispose([logits, target]);
    });

    test("softmax ignoreIndex inside the class range", () => {
      // ignoreIndex 0 is also a valid class: its positions must contribute nothing.
      const logits = tf.tensor2d([
        [3, 1, -2],
        [0.5, 0.5, 4],
        [-1, 2, 0],
      ]);
      const target = tf.tensor1d([0, 2, 1], "int32");
      compare(
        fusedSoftmaxFocalLoss,
        composedSoftmaxFocalLoss,
        logits,
        target,
        { ignoreIndex: 0 },
        5,
      );
      tf.dispose([logits, target]);
    });

    test("loss without a gradient tape", () => {
      const logits = tf.tensor2d([[1, -2, 0.5]]);
      const target = tf.tensor2d([[1, 0, 1]]);
      const [loss] = withoutLeaks(() =>
        tf.tidy(() =>
          Array.from(fusedSigmoidFocalLoss(logits, target, { reduction: "sum" }).dataSync()),
        ),
      );
      const [expected] = withoutLeaks(() =>
        tf.tidy(() =>
          Array.from(composedSigmoidFocalLoss(logits, target, { reduction: "sum" }).dataSync()),
        ),
      );
      assert.ok(
        Math.abs(loss - expected) <= 1e-6 * Math.abs(expected),
        `fused ${loss}, composed ${expected}`,
      );
      tf.dispose([logits, target]);
    });

    test("registered kernels in a profile", async () => {
      const logits = tf.tensor3d([
        [[1], [-2]],
        [[0.5], [3]],
      ]);
      const labels = tf.tensor2d([[1], [0]], [2, 1], "int32");
      const probabilities = tf.tensor3d([
        [[1], [0]],
        [[0], [1]],
      ]);
      const profile = await tf.profile(() => {
        tf.dispose(fusedSoftmaxFocalLoss(logits, labels));
        tf.dispose(fusedSigmoidFocalLoss(logits, probabilities));
      });
      const kernelNames = profile.kernels.map((kernel) => kernel.name);
      assert.ok(kernelNames.includes("SoftmaxFocalLoss"), kernelNames.join(", "));
      assert.ok(kernelNames.includes("SigmoidFocalLoss"), kernelNames.join(", "));
      tf.dispose([logits, labels, probabilities]);
    });

    test("float target gradients match composed", () => {
      const logits = tf.tensor3d([
        [
          [1.5, -2],
          [0.25, 30],
        ],
        [
          [-40, 3],
          [0, -0.5],
        ],
      ]);
      const sigmoidTargets = tf.tensor3d([
        [
          [1, 0],
          [0.3, 1],
        ],
        [
          [0, 0.9],
          [0.5, 0],
        ],
      ]);
      const softmaxTargets = tf.tensor3d([
        [
          [0.2, 1],
          [0.8, 0],
        ],
        [
          [1, 0.4],
          [0, 0.6],
        ],
      ]);
      const cases: [LossFunction, LossFunction, tf.Tensor, object][] = [
        [fusedSigmoidFocalLoss, composedSigmoidFocalLoss, sigmoidTargets, { alpha: [0.25, 0.7] }],
        [fusedSigmoidFocalLoss, composedSigmoidFocalLoss, sigmoidTargets, { alpha: null }],
        [fusedSoftmaxFocalLoss, composedSoftmaxFocalLoss, softmaxTargets, { alpha: [2, 0.5] }],
        [fusedSoftmaxFocalLoss, composedSoftmaxFocalLoss, softmaxTargets, { gamma: 0.5 }],
      ];
      for (const [fused, composed, targets, options] of cases) {
        for (const reduction of REDUCTIONS) {
          const label = `${fused.name} ${JSON.stringify(options)} ${reduction}`;
          const allOptions = { ...options, reduction };
          const targetGradient = (lossFunction: LossFunction) =>
            withoutLeaks(() =>
              tf.tidy(() => {
                // A non-uniform upstream gradient, as when the loss is weighted.
                const weighted = (t: tf.Tensor) => {
                  const loss = lossFunction(logits, t, allOptions);
                  return tf.sum(tf.mul(loss, tf.linspace(0.5, 2, loss.size).reshape(loss.shape)));
                };
                return Float32Array.from(tf.grad(weighted)(targets).dataSync());
              }),
            );
          assertAllClose(targetGradient(fused), targetGradient(composed), label);
        }
      }
      tf.dispose([logits, sigmoidTargets, softmaxTargets]);
    });

    test("argMax labels act as constants", () => {
      const logits = tf.tensor2d([
        [2, 0.5, -1],
        [0, 0, 3],
      ]);
      const withOwnLabels = (lossFunction: LossFunction) => (x: tf.Tensor) =>
        lossFunction(x, tf.argMax(x, 1), {});
      const withFixedLabels = (lossFunction: LossFunction) => (x: tf.Tensor) =>
        lossFunction(x, tf.tensor1d([0, 2], "int32"), {});
      for (const lossFunction of [fusedSoftmaxFocalLoss, composedSoftmaxFocalLoss]) {
        const gradient = (f: (x: tf.Tensor) => tf.Tensor) =>
          withoutLeaks(() => tf.tidy(() => Float32Array.from(tf.grad(f)(logits).dataSync())));
        assertAllClose(
          gradient(withOwnLabels(lossFunction)),
          gradient(withFixedLabels(lossFunction)),
          lossFunction.name,
        );
      }
      tf.dispose(logits);
    });

    test("second derivatives raise", () => {
      const logits = tf.tensor2d([[1, -2, 0.5]]);
      const probabilities = tf.tensor2d([[1, 0, 1]]);
      const labels = tf.tensor1d([2], "int32");
      const cases: [string, (x: tf.Tensor) => tf.Tensor][] = [
        ["sigmoidFocalLoss", (x) => fusedSigmoidFocalLoss(x, probabilities, { reduction: "sum" })],
        [
          "sigmoidFocalLoss",
          (x) => composedSigmoidFocalLoss(x, probabilities, { reduction: "sum" }),
        ],
        ["softmaxFocalLoss", (x) => fusedSoftmaxFocalLoss(x, labels)],
        ["softmaxFocalLoss", (x) => composedSoftmaxFocalLoss(x, labels)],
      ];
      for (const [name, loss] of cases) {
        // The cube keeps the outer gradient connected to x, so tfjs reaches the focal loss's
        // gradient function instead of failing earlier for a disconnected graph.
        const gradientSum = (x: tf.Tensor) =>
          tf.sum(tf.grad((v: tf.Tensor) => tf.add(loss(v), tf.sum(tf.pow(v, 3))))(x));
        assert.throws(
          () => tf.grad(gradientSum)(logits),
          new RegExp(`${name} has first-order gradients only`),
        );
      }
      tf.dispose([logits, probabilities, labels]);
    });
  });
}
