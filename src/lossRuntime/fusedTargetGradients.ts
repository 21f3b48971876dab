import * as tf from "@tensorflow/tfjs";
import { logSoftmax } from "./logProbabilities";

/*
 * Derivatives of the focal losses with respect to float targets, for the gradient functions of
 * the fused kernels. Few callers need them (distillation with targets computed from the same
 * logits), so they are composed tfjs ops run only when backprop reaches the targets.
 */

/** Returns alpha as a tensor that broadcasts along axis 1 of a tensor of rank `rank`. */
function alongClassAxis(alpha: number[], rank: number): tf.Tensor {
  const shape = Array.from({ length: Math.max(rank, 1) }, (_, axis) =>
    axis === 1 || rank === 1 ? alpha.length : 1,
  );
  return tf.tensor(alpha, shape, "float32");
}

/**
 * Returns d(loss)/d(t) of the sigmoid focal loss elementwise, for the loss
 * alpha_t ce u^gamma with ce = -(t log p + (1 - t) log q), u = t q + (1 - t) p and
 * alpha_t = alpha t + (1 - alpha)(1 - t):
 *   d/dt = (2 alpha - 1) ce u^gamma + alpha_t u^gamma ((log q - log p) + gamma (ce / u)(q - p)).
 * ce / u is taken as 1 where u underflows to 0, its limit there, as in the composed op.
 */
export function sigmoidTargetDerivative(
  logits: tf.Tensor,
  targets: tf.Tensor,
  alpha: number[],
  gamma: number,
): tf.Tensor {
  return tf.tidy(() => {
    const logP = tf.neg(tf.softplus(tf.neg(logits)));
    const logQ = tf.neg(tf.softplus(logits));
    const p = tf.exp(logP);
    const q = tf.exp(logQ);
    const oneMinusT = tf.sub(1, targets);
    const crossEntropy = tf.neg(tf.add(tf.mul(targets, logP), tf.mul(oneMinusT, logQ)));
    const u = tf.add(tf.mul(targets, q), tf.mul(oneMinusT, p));
    const modulation = tf.pow(u, gamma);

    const positive = tf.greater(u, 0);
    const ratio = tf.where(positive, tf.div(crossEntropy, tf.where(positive, u, 1)), 1);
    const termDerivative = tf.mul(
      modulation,
      tf.add(tf.sub(logQ, logP), tf.mul(gamma, tf.mul(ratio, tf.sub(q, p)))),
    );
    if (alpha.length === 0) {
      return termDerivative;
    }

    const weight = alongClassAxis(alpha, logits.rank);
    const alphaT = tf.add(tf.mul(weight, targets), tf.mul(tf.sub(1, weight), oneMinusT));
    const term = tf.mul(crossEntropy, modulation);
    return tf.add(tf.mul(alphaT, termDerivative), tf.mul(tf.sub(tf.mul(2, weight), 1), term));
  });
}

/**
 * Returns d(loss)/d(t_c) = -alpha_c (1 - p_c)^gamma log p_c of the softmax focal loss with soft
 * targets, where p is the softmax over axis 1 and does not depend on the targets.
 */
export function softmaxTargetDerivative(
  logits: tf.Tensor,
  alpha: number[],
  gamma: number,
): tf.Tensor {
  return tf.tidy(() => {
    const logProb = logSoftmax(logits, 1);
    const oneMinusP = tf.neg(tf.expm1(logProb));
    const term = tf.neg(tf.mul(tf.pow(oneMinusP, gamma), logProb));
    return alpha.length === 0 ? term : tf.mul(term, alongClassAxis(alpha, logits.rank));
  });
}
