import * as tf from "@tensorflow/tfjs";
import { softmaxFocalTerm } from "./focalTerms";
import { withoutGradient } from "./gradientBoundaries";
import { logSoftmax, logSoftmaxFromProbabilities } from "./logProbabilities";
import { resolveOptions, type ResolvedOptions, type SoftmaxFocalLossOptions } from "./options";
import { reduceLoss } from "./reduce";
import { ValidationError } from "./validationError";
import {
  classifySoftmaxTargets,
  validateClassIndices,
  validateInput,
  validateProbabilityTargets,
  type SoftmaxTargetKind,
} from "./targets";

const CLASS_AXIS = 1;

export interface PreparedSoftmaxFocalLoss extends ResolvedOptions {
  targetKind: SoftmaxTargetKind;
  numClasses: number;
  /** Number of positions that the mean divides by: those whose target is not ignored. */
  validCount: number;
}

/**
 * Validates the arguments of a softmax focal loss and returns the resolved options.
 * Shared with the fused implementation so that both reject the same inputs with the same errors.
 * The fused kernel passes `checkTargetValues` false for soft targets because it checks them in
 * its own loop.
 */
export function prepareSoftmaxFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: SoftmaxFocalLossOptions,
  checkTargetValues = true,
): PreparedSoftmaxFocalLoss {
  validateInput(input, 2, "(N, C, ...)");
  // validateInput guarantees rank >= 2, so axis 1 exists.
  const numClasses = input.shape[CLASS_AXIS] as number;
  if (numClasses < 2) {
    // A softmax over one class is always 1, so the loss would be 0 for any input: a single-logit
    // binary model needs the sigmoid form, as the inserted Python FocalLoss also tells its caller.
    throw new ValidationError(
      "input",
      `input has ${numClasses} class${numClasses === 1 ? "" : "es"} along axis 1, but a ` +
        "softmax focal loss needs C >= 2: over one class its loss is always 0. For a " +
        "single-logit binary model use the sigmoid focal loss with targets of the input's shape.",
    );
  }
  const resolved = resolveOptions("softmax", options, numClasses);
  const targetKind = classifySoftmaxTargets(input, target);
  if (targetKind === "index") {
    const validCount = validateClassIndices(target, numClasses, resolved.ignoreIndex);
    return { ...resolved, targetKind, numClasses, validCount };
  }
  validateProbabilityTargets(input, target, checkTargetValues);
  return { ...resolved, targetKind, numClasses, validCount: target.size / numClasses };
}

/**
 * Softmax focal loss built from tfjs ops, the reference that the fused kernel is tested
 * against. Runs on every backend. See `softmaxFocalLoss` in focalLosses.ts for the semantics.
 */
export function composedSoftmaxFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: SoftmaxFocalLossOptions = {},
): tf.Tensor {
  const prepared = prepareSoftmaxFocalLoss(input, target, options);
  const { alpha, gamma, reduction, fromLogits } = prepared;

  return tf.tidy(() => {
    const logProb = fromLogits
      ? logSoftmax(input, CLASS_AXIS)
      : logSoftmaxFromProbabilities(input, CLASS_AXIS);

    if (prepared.targetKind === "soft") {
      // -sum_c alpha_c t_c (1 - p_c)^gamma log p_c, one loss per position.
      let terms = tf.mul(softmaxFocalTerm(logProb, gamma), target);
      if (alpha !== null) {
        terms = tf.mul(terms, classWeights(alpha, input.shape));
      }
      return reduceLoss(tf.sum(terms, CLASS_AXIS), reduction, null);
    }

    // The masks and weights are float constants computed from the labels, so no gradient reaches
    // the labels' integer ops. Ignored positions get class 0 so that every lookup is in range,
    // and then weight 0.
    const validOf = (labels: tf.Tensor) => tf.notEqual(labels, prepared.ignoreIndex);
    const safeOf = (labels: tf.Tensor) => tf.where(validOf(labels), labels, tf.zerosLike(labels));
    const classIds = tf.reshape(
      tf.range(0, prepared.numClasses, 1, "int32"),
      input.shape.map((size, axis) => (axis === CLASS_AXIS ? size : 1)),
    );
    const oneHot = withoutGradient(target, (labels) =>
      tf.cast(tf.equal(classIds, tf.expandDims(safeOf(labels), CLASS_AXIS)), "float32"),
    );
    const targetLogProb = tf.sum(tf.mul(oneHot, logProb), CLASS_AXIS);

    const validMask = withoutGradient(target, (labels) => tf.cast(validOf(labels), "float32"));
    let weights = validMask;
    if (typeof alpha === "number") {
      weights = tf.mul(weights, alpha);
    } else if (alpha !== null) {
      const alphaOfLabel = withoutGradient(target, (labels) =>
        tf.gather(tf.tensor1d(alpha as number[], "float32"), safeOf(labels)),
      );
      weights = tf.mul(weights, alphaOfLabel);
    }
    const losses = tf.mul(softmaxFocalTerm(targetLogProb, gamma), weights);
    return reduceLoss(losses, reduction, validMask);
  });
}

/** Returns alpha as a tensor that broadcasts against (N, C, ...) along the class axis. */
function classWeights(alpha: number | readonly number[], inputShape: number[]): tf.Tensor {
  if (typeof alpha === "number") {
    return tf.scalar(alpha);
  }
  const shape = inputShape.map((size, axis) => (axis === CLASS_AXIS ? size : 1));
  return tf.tensor(alpha as number[], shape, "float32");
}
