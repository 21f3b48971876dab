import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";

/**
 * Asserts |actual - expected| <= rtol * (|expected| + floor * max|expected|) elementwise.
 * The floor term makes the bound relative to the tensor's scale for elements far below it,
 * where float32 rounding of the inputs alone exceeds rtol * |expected|.
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
  { rtol = 1e-4, floor = 1e-3 }: { rtol?: number; floor?: number } = {},
): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  for (let i = 0; i < expected.length; i++) {
    const bound = rtol * (Math.abs(expected[i]) + floor * scale);
    const error = Math.abs(actual[i] - expected[i]);
    assert.ok(
      error <= bound,
      `${label}[${i}]: got ${actual[i]}, expected ${expected[i]} (error ${error.toExponential(2)} > ${bound.toExponential(2)})`,
    );
  }
}

/** Asserts that every value is finite (no NaN or Infinity). */
export function assertFinite(values: ArrayLike<number>, label: string): void {
  for (let i = 0; i < values.length; i++) {
    assert.ok(
      Number.isFinite(values[i]),
      `${label}[${i}] is ${values[i]}, expected a finite number`,
    );
  }
}

/** Runs `body` and asserts that it leaves no tensor behind. */
export function withoutLeaks<T>(body: () => T, label = "call"): T {
  const before = tf.memory().numTensors;
  const result = body();
  assert.equal(tf.memory().numTensors, before, `${label} leaked tensors`);
  return result;
}

/** Loss values with d(sum of loss)/d(input) and, when requested, d(sum of loss)/d(target). */
export interface LossAndGradient {
  loss: Float32Array;
  lossShape: number[];
  gradient: Float32Array;
  targetGradient?: Float32Array;
}

/**
 * Evaluates `lossFunction(input, target)` and its gradients, and checks that the evaluation
 * leaves no tensor behind.
 */
export function lossAndGradient(
  lossFunction: (input: tf.Tensor, target: tf.Tensor) => tf.Tensor,
  input: tf.Tensor,
  target: tf.Tensor,
  { withTargetGradient = false } = {},
): LossAndGradient {
  const summed = (x: tf.Tensor, t: tf.Tensor) => tf.sum(lossFunction(x, t));
  const copy = (tensor: tf.Tensor) => Float32Array.from(tensor.dataSync());
  let result: LossAndGradient | undefined;

  withoutLeaks(() =>
    tf.tidy(() => {
      const output = lossFunction(input, target);
      if (withTargetGradient) {
        const [gradient, targetGradient] = tf.grads(summed)([input, target]);
        result = { loss: copy(output), lossShape: output.shape, gradient: copy(gradient) };
        result.targetGradient = copy(targetGradient);
      } else {
        const gradient = tf.grad((x: tf.Tensor) => summed(x, target))(input);
        result = { loss: copy(output), lossShape: output.shape, gradient: copy(gradient) };
      }
    }),
  );
  return result as LossAndGradient;
}
