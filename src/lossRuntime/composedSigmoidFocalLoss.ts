import * as tf from "@tensorflow/tfjs";
import { sigmoidFocalTerm } from "./focalTerms";
import { logProbabilityPair, logSigmoidPair } from "./logProbabilities";
import { resolveOptions, type FocalLossOptions, type ResolvedOptions } from "./options";
import { reduceLoss } from "./reduce";
import { validateInput, validateProbabilityTargets } from "./targets";

/**
 * Validates the arguments of a sigmoid focal loss and returns the resolved options.
 * Shared with the fused implementation so that both reject the same inputs with the same errors.
 * The fused kernel passes `checkTargetValues` false because it checks them in its own loop.
 */
export function prepareSigmoidFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: FocalLossOptions,
  checkTargetValues = true,
): ResolvedOptions {
  validateInput(input, 1, "(N, ...) or (N, C, ...)");
  const numClasses = input.rank >= 2 ? (input.shape[1] as number) : 1;
  const resolved = resolveOptions("sigmoid", options, numClasses);
  validateProbabilityTargets(input, target, checkTargetValues);
  return resolved;
}

/**
 * Sigmoid focal loss built from tfjs ops, the reference that the fused kernel is tested
 * against. Runs on every backend. See `sigmoidFocalLoss` in focalLosses.ts for the semantics.
 */
export function composedSigmoidFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: FocalLossOptions = {},
): tf.Tensor {
  const { alpha, gamma, reduction, fromLogits } = prepareSigmoidFocalLoss(input, target, options);

  return tf.tidy(() => {
    const [logP, logOneMinusP] = fromLogits ? logSigmoidPair(input) : logProbabilityPair(input);
    let losses = sigmoidFocalTerm(logP, logOneMinusP, target, gamma);

    const alphaWeights = sigmoidAlphaWeights(alpha, target);
    if (alphaWeights !== null) {
      losses = tf.mul(losses, alphaWeights);
    }
    return reduceLoss(losses, reduction, null);
  });
}

/**
 * Computes torchvision's alpha_t = alpha t + (1 - alpha)(1 - t), with one alpha per class along
 * axis 1 when alpha is an array. Returns null for no weighting (null or a negative number).
 */
function sigmoidAlphaWeights(alpha: ResolvedOptions["alpha"], target: tf.Tensor): tf.Tensor | null {
  if (alpha === null || (typeof alpha === "number" && alpha < 0)) {
    return null;
  }

  let alphaTensor: tf.Tensor;
  if (typeof alpha === "number") {
    alphaTensor = tf.scalar(alpha);
  } else {
    const shape =
      target.rank >= 2 ? target.shape.map((size, axis) => (axis === 1 ? size : 1)) : [1];
    alphaTensor = tf.tensor(alpha as number[], shape, "float32");
  }
  return tf.add(tf.mul(alphaTensor, target), tf.mul(tf.sub(1, alphaTensor), tf.sub(1, target)));
}
