import * as tf from "@tensorflow/tfjs";
import { rejectSecondOrder } from "./gradientBoundaries";
import { PROBABILITY_EPSILON } from "./options";

/**
 * Computes log-softmax along `axis`. tf.logSoftmax (tfjs 4.22) supports only the last axis, and
 * moving C last in (N, C, ...) would cost two transposes. This op shifts by the max and supplies
 * the exact gradient dy - softmax * sum(dy) over the axis.
 */
export function logSoftmax(logits: tf.Tensor, axis: number): tf.Tensor {
  const op = tf.customGrad((input, save) => {
    const x = input as tf.Tensor;
    const shifted = tf.sub(x, tf.max(x, axis, true));
    const logProb = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), axis, true)));
    (save as tf.GradSaveFunc)([logProb]);

    return {
      value: logProb,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        rejectSecondOrder("softmaxFocalLoss");
        const softmax = tf.exp(saved[0]);
        return tf.sub(dy, tf.mul(softmax, tf.sum(dy, axis, true)));
      },
    };
  });
  return op(logits);
}

/**
 * Computes log-probabilities from probabilities as Keras' CategoricalFocalCrossentropy does with
 * from_logits=False: renormalised to sum to 1 along `axis`, then clipped to [1e-7, 1 - 1e-7].
 */
export function logSoftmaxFromProbabilities(probabilities: tf.Tensor, axis: number): tf.Tensor {
  const normalised = tf.div(probabilities, tf.sum(probabilities, axis, true));
  return tf.log(tf.clipByValue(normalised, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON));
}

/** Computes [log p, log(1 - p)] from logits with log-sigmoid, which never underflows to -inf. */
export function logSigmoidPair(logits: tf.Tensor): [tf.Tensor, tf.Tensor] {
  return [logSigmoid(logits), logSigmoid(tf.neg(logits))];
}

/**
 * Computes log(sigmoid(x)) = -softplus(-x). tf.logSigmoid (tfjs 4.22) reads its input from a
 * closure in its gradient, so inside tf.tidy under tf.grad it reads a disposed tensor. This op
 * saves the input through customGrad's save function instead.
 */
function logSigmoid(logits: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((input, save) => {
    const x = input as tf.Tensor;
    (save as tf.GradSaveFunc)([x]);
    return {
      value: tf.neg(tf.softplus(tf.neg(x))),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, tf.sigmoid(tf.neg(saved[0]))),
    };
  });
  return op(logits);
}

/**
 * Computes [log p, log(1 - p)] from probabilities clipped to [1e-7, 1 - 1e-7], as Keras does.
 * 1 - p is clipped to [1e-7, 1 - 1e-7] instead of being taken from the clipped p, because
 * 1 - 1e-7 rounds to 1 - 1.19e-7 in float32, which would give log(1 - p) = -15.94, not -16.12.
 */
export function logProbabilityPair(probabilities: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const clip = (x: tf.Tensor) => tf.clipByValue(x, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
  return [tf.log(clip(probabilities)), tf.log(clip(tf.sub(1, probabilities)))];
}
