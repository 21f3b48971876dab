import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "./validationError";

export type SoftmaxTargetKind = "index" | "soft";

const formatShape = (shape: readonly number[]): string => `[${shape.join(", ")}]`;

/** Throws unless `input` is a float32 tensor of rank >= `minRank`. */
export function validateInput(input: tf.Tensor, minRank: number, layout: string): void {
  if (input.dtype !== "float32") {
    throw new ValidationError(
      "input",
      `input must be a float32 tensor, got dtype ${input.dtype}. Cast it with tf.cast(input, "float32").`,
    );
  }
  if (input.rank < minRank) {
    throw new ValidationError(
      "input",
      `input must have shape ${layout}, got ${formatShape(input.shape)}. ` +
        "Classes are along axis 1, so a single sample needs a leading batch axis of size 1.",
    );
  }
}

/**
 * Decides whether softmax targets are class indices (int32, the input's shape without axis 1)
 * or soft targets (float32, the input's shape), and throws when they are neither.
 */
export function classifySoftmaxTargets(input: tf.Tensor, targets: tf.Tensor): SoftmaxTargetKind {
  const indexShape = input.shape.filter((_, axis) => axis !== 1);
  const matchesIndexShape = tf.util.arraysEqual(targets.shape, indexShape);
  const matchesInputShape = tf.util.arraysEqual(targets.shape, input.shape);

  if (matchesIndexShape && targets.dtype === "int32") {
    return "index";
  }
  if (matchesInputShape && targets.dtype === "float32") {
    return "soft";
  }
  if (matchesIndexShape) {
    throw new ValidationError(
      "target",
      `Class-index targets must have dtype int32, got ${targets.dtype}. ` +
        `Cast them with tf.cast(target, "int32").`,
    );
  }
  if (matchesInputShape) {
    throw new ValidationError(
      "target",
      `Soft targets must have dtype float32, got ${targets.dtype}. ` +
        `Cast them with tf.cast(target, "float32").`,
    );
  }
  throw new ValidationError(
    "target",
    `target shape ${formatShape(targets.shape)} does not match input shape ` +
      `${formatShape(input.shape)}. Pass class indices of shape ${formatShape(indexShape)} ` +
      `(int32) or soft targets of shape ${formatShape(input.shape)} (float32).`,
  );
}

/**
 * Throws unless every class index is in [0, numClasses) or equal to `ignoreIndex`.
 * Returns the number of positions that are not ignored.
 */
export function validateClassIndices(
  targets: tf.Tensor,
  numClasses: number,
  ignoreIndex: number,
): number {
  const values = targets.dataSync();
  let validCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === ignoreIndex) {
      continue;
    }
    if (value < 0 || value >= numClasses) {
      throw new ValidationError(
        "target",
        `target contains class index ${value} at flat position ${i}, outside [0, ${numClasses}). ` +
          `Use a class index in [0, ${numClasses}), or ignoreIndex (${ignoreIndex}) to skip it.`,
      );
    }
    validCount++;
  }
  return validCount;
}

/**
 * Throws unless `targets` is a float32 tensor of the input's shape. With `checkValues` it also
 * checks that every value is in [0, 1]; the fused kernels pass false and check in their loop.
 */
export function validateProbabilityTargets(
  input: tf.Tensor,
  targets: tf.Tensor,
  checkValues = true,
): void {
  if (!tf.util.arraysEqual(targets.shape, input.shape)) {
    throw new ValidationError(
      "target",
      `target shape ${formatShape(targets.shape)} does not match input shape ` +
        `${formatShape(input.shape)}. Pass one target in [0, 1] per input element.`,
    );
  }
  if (targets.dtype !== "float32") {
    throw new ValidationError(
      "target",
      `target must have dtype float32, got ${targets.dtype}. ` +
        `Cast it with tf.cast(target, "float32").`,
    );
  }
  if (!checkValues) {
    return;
  }

  const values = targets.dataSync();
  for (let i = 0; i < values.length; i++) {
    // Written as a negated range test so that NaN fails it too.
    if (!(values[i] >= 0 && values[i] <= 1)) {
      throw invalidProbabilityTarget(values[i], i);
    }
  }
}

/** Returns the error for a float target outside [0, 1] at a flat position. */
export function invalidProbabilityTarget(value: number, flatIndex: number): ValidationError {
  return new ValidationError(
    "target",
    `target contains ${value} at flat position ${flatIndex}, outside [0, 1]. ` +
      "Float targets are probabilities: 1 for a positive, 0 for a negative.",
  );
}
