import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { readFileSync } from "node:fs";
import path from "node:path";
import { INSERTED_SIGNATURES } from "../../server/src/rules/fl004TfjsFocalLoss";
import { binaryFocalLoss, focalLoss } from "../../templates/typescript/focalLoss";
import { REPO_ROOT } from "../helpers/paths";

const ALPHAS: (number | number[] | null)[] = [null, 0.25, [0.1, 0.2, 0.3, 0.4]];
const GAMMAS = [0, 0.5, 2, 5];

function sample(seed: number): { probabilities: tf.Tensor2D; oneHot: tf.Tensor2D } {
  return tf.tidy(() => {
    const probabilities = tf.softmax(tf.randomNormal([6, 4], 0, 3, "float32", seed)) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 1, 2, 3, 1, 2], "int32");
    return { probabilities, oneHot: tf.oneHot(labels, 4).toFloat() as tf.Tensor2D };
  });
}

test("template matches the runtime", async () => {
  await tf.setBackend("cpu");
  const { probabilities, oneHot } = sample(7);
  for (const gamma of GAMMAS) {
    for (const alpha of ALPHAS) {
      const ours = focalLoss(oneHot, probabilities, gamma, alpha).arraySync() as number[];
      const runtime = softmaxFocalLoss(probabilities, oneHot, {
        fromLogits: false,
        gamma,
        alpha,
        reduction: "none",
      }).arraySync() as number[];
      ours.forEach((value, index) => {
        const reference = runtime[index];
        assert.ok(
          Math.abs(value - reference) <= 1e-4 * Math.abs(reference) + 1e-7,
          `gamma ${gamma}, alpha ${JSON.stringify(alpha)}, row ${index}: ${value} != ${reference}`,
        );
      });
    }
  }
  tf.dispose([probabilities, oneHot]);
});

test("template gradient is finite when saturated", async () => {
  await tf.setBackend("cpu");
  const probabilities = tf.tensor2d([
    [1, 0, 0],
    [0.5, 0.5, 0],
  ]);
  const oneHot = tf.tensor2d([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  const gradient = tf.grad((p: tf.Tensor) => tf.sum(focalLoss(oneHot, p, 0.5)))(probabilities);
  assert.ok((gradient.dataSync() as Float32Array).every(Number.isFinite));
  tf.dispose([probabilities, oneHot, gradient]);
});

test("template leaks no tensors", async () => {
  await tf.setBackend("cpu");
  const { probabilities, oneHot } = sample(3);
  const before = tf.memory().numTensors;
  focalLoss(oneHot, probabilities).dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([probabilities, oneHot]);
});

test("template rejects a negative gamma", () => {
  const { probabilities, oneHot } = sample(1);
  assert.throws(
    () => focalLoss(oneHot, probabilities, -1),
    /gamma must be a finite number >= 0, got -1/,
  );
  tf.dispose([probabilities, oneHot]);
});

// 0/1 targets, and the same after label smoothing of 0.1 with soft targets in between.
const BINARY_TARGETS = [
  [1, 0, 1],
  [0, 0, 1],
  [1, 1, 0],
  [0, 1, 0],
  [1, 0, 0],
];
const SMOOTHED_TARGETS = BINARY_TARGETS.map((row, index) =>
  row.map((t, column) => (index === 0 && column === 1 ? 0.7 : t * 0.9 + 0.05)),
);

for (const [name, rows] of [
  ["binary", BINARY_TARGETS],
  ["soft", SMOOTHED_TARGETS],
] as const) {
  test(`binary template matches the runtime, ${name} targets`, async () => {
    await tf.setBackend("cpu");
    const probabilities = tf.sigmoid(tf.randomNormal([5, 3], 0, 3, "float32", 11));
    const targets = tf.tensor2d(rows.map((row) => [...row]));
    assertBinaryMatchesRuntime(probabilities, targets);
    tf.dispose([probabilities, targets]);
  });
}

function assertBinaryMatchesRuntime(probabilities: tf.Tensor, targets: tf.Tensor): void {
  for (const gamma of GAMMAS) {
    for (const alpha of [null, 0.25]) {
      const ours = binaryFocalLoss(targets, probabilities, gamma, alpha).arraySync() as number[];
      const runtime = tf.tidy(() =>
        tf
          .mean(
            sigmoidFocalLoss(probabilities, targets, {
              fromLogits: false,
              gamma,
              alpha,
              reduction: "none",
            }),
            -1,
          )
          .arraySync(),
      ) as number[];
      ours.forEach((value, index) => {
        const reference = runtime[index];
        assert.ok(
          Math.abs(value - reference) <= 1e-4 * Math.abs(reference) + 1e-7,
          `gamma ${gamma}, alpha ${alpha}, row ${index}: ${value} != ${reference}`,
        );
      });
    }
  }
}

test("hover signatures match the template", () => {
  const compact = (code: string) => code.replace(/\s+/g, "").replaceAll(",)", ")");
  const template = readFileSync(
    path.join(REPO_ROOT, "templates", "typescript", "focalLoss.ts"),
    "utf8",
  );
  for (const signature of INSERTED_SIGNATURES) {
    assert.ok(compact(template).includes(compact(`export ${signature}`)), signature);
  }
});

test("logits forms match the runtime", async () => {
  await tf.setBackend("cpu");
  const logits = tf.tensor2d([
    [30, -2, 0.5, -30],
    [-25, 3, 17, 0],
    [100, -100, 1, 2],
  ]);
  const oneHot = tf.tensor2d([
    [0, 0, 1, 0],
    [1, 0, 0, 0],
    [1, 0, 0, 0],
  ]);
  const targets = tf.tensor2d([
    [0, 0, 1, 1],
    [1, 1, 0, 0.3],
    [1, 0, 1, 0],
  ]);
  for (const gamma of GAMMAS) {
    for (const alpha of [null, 0.25]) {
      const options = { fromLogits: true, gamma, alpha, reduction: "none" } as const;
      const categorical = focalLoss(oneHot, logits, gamma, alpha, { fromLogits: true });
      const softmaxRuntime = softmaxFocalLoss(logits, oneHot, options);
      const binary = binaryFocalLoss(targets, logits, gamma, alpha, { fromLogits: true });
      const sigmoidRuntime = tf.mean(sigmoidFocalLoss(logits, targets, options), -1);
      const pairs = [
        ["categorical", categorical, softmaxRuntime],
        ["binary", binary, sigmoidRuntime],
      ] as const;
      for (const [name, ours, runtime] of pairs) {
        const reference = runtime.arraySync() as number[];
        (ours.arraySync() as number[]).forEach((value, index) => {
          assert.ok(
            Math.abs(value - reference[index]) <= 1e-5 * Math.abs(reference[index]) + 1e-7,
            `${name}, gamma ${gamma}, alpha ${alpha}, row ${index}: ${value} != ${reference[index]}`,
          );
        });
      }
      tf.dispose([categorical, softmaxRuntime, binary, sigmoidRuntime]);
    }
  }
  tf.dispose([logits, oneHot, targets]);
});

test("logits gradients are finite when saturated", async () => {
  await tf.setBackend("cpu");
  const logits = tf.tensor2d([
    [100, -100, 0],
    [-100, 100, 0],
  ]);
  const targets = tf.tensor2d([
    [1, 0, 0],
    [1, 0, 0],
  ]);
  const losses = {
    categorical: (x: tf.Tensor) => tf.sum(focalLoss(targets, x, 0.5, null, { fromLogits: true })),
    binary: (x: tf.Tensor) => tf.sum(binaryFocalLoss(targets, x, 0.5, null, { fromLogits: true })),
  };
  for (const [name, loss] of Object.entries(losses)) {
    const { value, grad } = tf.valueAndGrad(loss)(logits);
    assert.ok(Number.isFinite(value.dataSync()[0]), `${name} loss is not finite`);
    const gradient = grad.dataSync() as Float32Array;
    assert.ok(gradient.every(Number.isFinite), `${name} gradient: ${gradient.join(", ")}`);
    tf.dispose([value, grad]);
  }
  tf.dispose([logits, targets]);
});
