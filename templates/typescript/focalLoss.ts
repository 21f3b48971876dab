import * as tf from "@tensorflow/tfjs";

/**
 * Categorical focal loss (Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017) for
 * `model.compile({ loss: focalLoss })`: FL(p_t) = -alpha_t * (1 - p_t) ** gamma * log(p_t).
 *
 * `yPred` contains probabilities along the last axis, as a softmax output layer gives them. They are
 * renormalised to sum to 1 and clipped to [1e-7, 1 - 1e-7], as Keras's
 * CategoricalFocalCrossentropy does, which keeps the loss and its gradient finite for every
 * `gamma >= 0`. With `{ fromLogits: true }`, `yPred` contains logits instead, and the loss is
 * computed from their log-softmax without clipping, so it and its gradient stay accurate and finite
 * for every finite logit. `yTrue` is one-hot or contains class probabilities, with `yPred`'s shape.
 *
 * `gamma` (>= 0) down-weights well-classified examples, and 0 gives cross-entropy. `alpha` is
 * null for no weighting, a number that scales every term, or one weight per class. Returns one
 * loss per example (all axes but the last), which `model.fit` averages.
 */
export function focalLoss(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  gamma = 2,
  alpha: number | number[] | null = null,
  options: { fromLogits?: boolean } = {},
): tf.Tensor {
  if (!(gamma >= 0) || !Number.isFinite(gamma)) {
    throw new Error(`focalLoss: gamma must be a finite number >= 0, got ${gamma}.`);
  }
  const classes = yPred.shape[yPred.rank - 1];
  if (Array.isArray(alpha) && alpha.length !== classes) {
    throw new Error(
      `focalLoss: alpha has ${alpha.length} weights but yPred has ${classes} classes.`,
    );
  }

  return tf.tidy(() => {
    let logProbability: tf.Tensor;
    let modulating: tf.Tensor;
    if (options.fromLogits === true) {
      // 1 - p = -expm1(log p) keeps its precision as p -> 1. It is floored at the smallest normal
      // float32, because the derivative of its power is infinite at 0 for 0 < gamma < 1. Where the
      // floor acts, the factor multiplies a log p just as close to 0, so the loss barely moves.
      logProbability = tf.logSoftmax(yPred, -1);
      const oneMinusP = tf.neg(tf.expm1(logProbability));
      modulating = tf.pow(tf.maximum(oneMinusP, 1.1754943508222875e-38), gamma);
    } else {
      const epsilon = 1e-7;
      const normalised = tf.div(yPred, tf.sum(yPred, -1, true));
      const probability = tf.clipByValue(normalised, epsilon, 1 - epsilon);
      logProbability = tf.log(probability);
      modulating = tf.pow(tf.sub(1, probability), gamma);
    }
    let terms = tf.mul(tf.mul(yTrue, modulating), logProbability);
    if (alpha !== null) {
      terms = tf.mul(terms, Array.isArray(alpha) ? tf.tensor1d(alpha) : alpha);
    }
    return tf.neg(tf.sum(terms, -1));
  });
}

/**
 * Binary focal loss for sigmoid outputs, one-vs-all per class (binary, multi-label and soft
 * targets), as Keras's BinaryFocalCrossentropy and torchvision's sigmoid_focal_loss compute it:
 * the mean over the last axis of alpha_t * (1 - p_t) ** gamma * ce, where ce is the binary
 * cross-entropy and p_t = t * p + (1 - t) * (1 - p).
 *
 * `yPred` contains probabilities, clipped to [1e-7, 1 - 1e-7], so the loss of one element is at most
 * -log(1e-7), about 16.1. With `{ fromLogits: true }`, `yPred` contains logits instead, and
 * log p = -softplus(-x) and log(1 - p) = -softplus(x) keep the loss and its gradient accurate and
 * finite for every finite logit, as torchvision's sigmoid_focal_loss. `yTrue` contains targets in
 * [0, 1].
 * `alpha` is null for no weighting, or the weight of positives, with alpha_t = alpha * t +
 * (1 - alpha) * (1 - t) (the RetinaNet paper uses 0.25).
 */
export function binaryFocalLoss(
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  gamma = 2,
  alpha: number | null = null,
  options: { fromLogits?: boolean } = {},
): tf.Tensor {
  if (!(gamma >= 0) || !Number.isFinite(gamma)) {
    throw new Error(`binaryFocalLoss: gamma must be a finite number >= 0, got ${gamma}.`);
  }

  return tf.tidy(() => {
    const negatives = tf.sub(1, yTrue);
    let probability: tf.Tensor;
    let complement: tf.Tensor;
    let crossEntropy: tf.Tensor;
    if (options.fromLogits === true) {
      probability = tf.sigmoid(yPred);
      complement = tf.sigmoid(tf.neg(yPred));
      crossEntropy = tf.add(
        tf.mul(yTrue, tf.softplus(tf.neg(yPred))),
        tf.mul(negatives, tf.softplus(yPred)),
      );
    } else {
      const epsilon = 1e-7;
      probability = tf.clipByValue(yPred, epsilon, 1 - epsilon);
      complement = tf.sub(1, probability);
      crossEntropy = tf.neg(
        tf.add(tf.mul(yTrue, tf.log(probability)), tf.mul(negatives, tf.log(complement))),
      );
    }
    // 1 - p_t = t (1 - p) + (1 - t) p. Probabilities keep it at least 1e-7 for targets in [0, 1].
    // Logits can underflow it to 0, where the derivative of its power is infinite for
    // 0 < gamma < 1, so it is floored at the smallest normal float32. Where the floor acts, the
    // cross-entropy it multiplies is just as close to 0.
    const oneMinusPT = tf.maximum(
      tf.add(tf.mul(yTrue, complement), tf.mul(negatives, probability)),
      1.1754943508222875e-38,
    );
    let terms = tf.mul(tf.pow(oneMinusPT, gamma), crossEntropy);
    if (alpha !== null) {
      terms = tf.mul(tf.add(tf.mul(yTrue, alpha), tf.mul(negatives, 1 - alpha)), terms);
    }
    return tf.mean(terms, -1);
  });
}
