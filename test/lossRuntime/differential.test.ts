// Compares both focal losses with a float64 PyTorch reference on seeded random cases, for the
// public functions on every test backend and for the composed ops that the fused kernels
// replace. The reference runs once, in one Python process, for all cases.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  composedSigmoidFocalLoss,
  composedSoftmaxFocalLoss,
  sigmoidFocalLoss,
  softmaxFocalLoss,
  type BackendName,
} from "../../src/lossRuntime";
import { assertAllClose, lossAndGradient, type LossAndGradient } from "./helpers/assertions";
import { useTestBackend } from "./helpers/backends";
import { SeededRandom } from "./helpers/random";
import {
  runTorchReference,
  skipOrFailWithoutTorch,
  type ReferenceCase,
  type ReferenceRun,
} from "./helpers/torchReference";

const GAMMAS = [0, 0.5, 1, 2, 3.5];
const REDUCTIONS = ["none", "mean", "sum"] as const;

function softmaxCases(random: SeededRandom): ReferenceCase[] {
  const shapes = [
    [6, 4],
    [3, 5, 7],
    [2, 3, 4, 5],
    [1, 2, 3, 2, 2],
  ];
  const alphaForms = ["null", "number", "large number", "array"];
  const cases: ReferenceCase[] = [];
  let index = 0;
  for (const shape of shapes) {
    for (const alphaForm of alphaForms) {
      for (const reduction of REDUCTIONS) {
        const numClasses = shape[1];
        const size = shape.reduce((a, b) => a * b, 1);
        const fromLogits = index % 3 !== 0;
        const soft = index % 2 === 1;
        const ignoreIndex = index % 4 === 0 ? 255 : -100;

        // Logits with standard deviation 3, or unnormalised probabilities in (0.01, 1).
        const input = fromLogits
          ? random.array(size, () => 3 * random.normal())
          : random.array(size, () => random.uniform(0.01, 1));
        const targetShape = soft ? shape : shape.filter((_, axis) => axis !== 1);
        const targetSize = targetShape.reduce((a, b) => a * b, 1);
        const target = soft
          ? random.array(targetSize, () => random.next())
          : random.array(targetSize, () =>
              random.next() < 0.2 ? ignoreIndex : random.integer(numClasses),
            );
        const alpha =
          alphaForm === "null"
            ? null
            : alphaForm === "number"
              ? 0.25
              : alphaForm === "large number"
                ? 2
                : random.array(numClasses, () => random.uniform(0.1, 2));

        cases.push({
          loss: "softmax",
          inputShape: shape,
          input,
          targetShape,
          target,
          targetKind: soft ? "soft" : "index",
          alpha,
          gamma: GAMMAS[index % GAMMAS.length],
          reduction,
          ignoreIndex,
          fromLogits,
        });
        index++;
      }
    }
  }

  // Every position ignored: the mean must be 0 and the gradient 0.
  cases.push({
    loss: "softmax",
    inputShape: [3, 4],
    input: random.array(12, () => random.normal()),
    targetShape: [3],
    target: [-100, -100, -100],
    targetKind: "index",
    alpha: [1, 2, 3, 4],
    gamma: 2,
    reduction: "mean",
    ignoreIndex: -100,
    fromLogits: true,
  });
  return cases;
}

function sigmoidCases(random: SeededRandom): ReferenceCase[] {
  const shapes = [[7], [5, 3], [2, 3, 4, 4], [2, 2, 3, 2, 2]];
  const alphaForms = ["null", "number", "negative", "array"];
  const cases: ReferenceCase[] = [];
  let index = 0;
  for (const shape of shapes) {
    for (const alphaForm of alphaForms) {
      for (const reduction of REDUCTIONS) {
        const size = shape.reduce((a, b) => a * b, 1);
        const numClasses = shape.length >= 2 ? shape[1] : 1;
        const fromLogits = index % 3 !== 0;
        const soft = index % 4 === 1;
        const gamma = GAMMAS[index % GAMMAS.length];
        const alpha =
          alphaForm === "null"
            ? null
            : alphaForm === "number"
              ? 0.25
              : alphaForm === "negative"
                ? -1
                : random.array(numClasses, () => random.next());

        cases.push({
          loss: "sigmoid",
          inputShape: shape,
          input: fromLogits
            ? random.array(size, () => 3 * random.normal())
            : random.array(size, () => random.uniform(0.001, 0.999)),
          targetShape: shape,
          target: random.array(size, () => (soft ? random.next() : random.integer(2))),
          targetKind: "float",
          alpha,
          gamma,
          reduction,
          ignoreIndex: -100,
          fromLogits,
          // torchvision's (1 - p_t) ** gamma has NaN gradients only at p_t = 1, but it is
          // compared where its gradient is finite in general: gamma >= 1.
          torchvision: fromLogits && !Array.isArray(alpha) && gamma >= 1,
        });
        index++;
      }
    }
  }

  // Probabilities at and beyond the clipping bounds [1e-7, 1 - 1e-7].
  cases.push({
    loss: "sigmoid",
    inputShape: [2, 3],
    input: [0, 1, 0.5, 1e-9, 1 - 1e-9, 0.3],
    targetShape: [2, 3],
    target: [1, 0, 1, 0, 1, 0],
    targetKind: "float",
    alpha: 0.25,
    gamma: 2,
    reduction: "none",
    ignoreIndex: -100,
    fromLogits: false,
  });
  return cases;
}

function describeCase(c: ReferenceCase): string {
  const alpha = Array.isArray(c.alpha) ? "per-class" : String(c.alpha);
  const input = c.fromLogits ? "logits" : "probabilities";
  return `${c.loss} [${c.inputShape}] ${c.targetKind} alpha=${alpha} gamma=${c.gamma} ${c.reduction} ${input}`;
}

interface Implementation {
  name: string;
  backend: BackendName;
  sigmoid: typeof sigmoidFocalLoss;
  softmax: typeof softmaxFocalLoss;
}

// The public functions use the fused kernels on cpu and wasm, and the composed ops elsewhere.
// Both differentiate with respect to float targets too.
const IMPLEMENTATIONS: Implementation[] = [
  {
    name: "public API on cpu",
    backend: "cpu",
    sigmoid: sigmoidFocalLoss,
    softmax: softmaxFocalLoss,
  },
  {
    name: "composed ops on cpu",
    backend: "cpu",
    sigmoid: composedSigmoidFocalLoss,
    softmax: composedSoftmaxFocalLoss,
  },
  {
    name: "public API on wasm",
    backend: "wasm",
    sigmoid: sigmoidFocalLoss,
    softmax: softmaxFocalLoss,
  },
  {
    name: "composed ops on wasm",
    backend: "wasm",
    sigmoid: composedSigmoidFocalLoss,
    softmax: composedSoftmaxFocalLoss,
  },
];

function evaluateCase(c: ReferenceCase, implementation: Implementation): LossAndGradient {
  const input = tf.tensor(c.input, c.inputShape, "float32");
  const target = tf.tensor(c.target, c.targetShape, c.targetKind === "index" ? "int32" : "float32");
  const options = {
    alpha: c.alpha,
    gamma: c.gamma,
    reduction: c.reduction,
    fromLogits: c.fromLogits,
  };
  try {
    return lossAndGradient(
      (x, t) =>
        c.loss === "softmax"
          ? implementation.softmax(x, t, { ...options, ignoreIndex: c.ignoreIndex })
          : implementation.sigmoid(x, t, options),
      input,
      target,
      { withTargetGradient: c.targetKind !== "index" },
    );
  } finally {
    tf.dispose([input, target]);
  }
}

const random = new SeededRandom(20240613);
const cases = [...softmaxCases(random), ...sigmoidCases(random)];
let reference: ReferenceRun;

before(() => {
  reference = runTorchReference(cases);
});

for (const implementation of IMPLEMENTATIONS) {
  describe(`differential vs PyTorch, ${implementation.name}`, () => {
    before(() => useTestBackend(implementation.backend));

    cases.forEach((c, i) => {
      test(describeCase(c), (t) => {
        if (!reference.available) {
          skipOrFailWithoutTorch(t, reference.reason);
          return;
        }
        const expected = reference.results[i];
        const actual = evaluateCase(c, implementation);

        assert.deepEqual(actual.lossShape, expected.lossShape, "loss shape");
        assertAllClose(actual.loss, expected.loss, "loss");
        assertAllClose(actual.gradient, expected.gradient, "gradient");
        if (actual.targetGradient !== undefined) {
          assertAllClose(
            actual.targetGradient,
            expected.targetGradient as number[],
            "target gradient",
          );
        }

        if (expected.torchvision !== undefined) {
          assertAllClose(actual.loss, expected.torchvision.loss, "loss vs torchvision");
          assertAllClose(actual.gradient, expected.torchvision.gradient, "gradient vs torchvision");
        }
      });
    });
  });
}
