import * as tf from "@tensorflow/tfjs";
import { rejectSecondOrder } from "./gradientBoundaries";

/*
 * The two elementwise pieces of the focal loss that need hand-written gradients.
 *
 * (1 - p)^gamma has the derivative gamma (1 - p)^(gamma - 1), which is unbounded at p = 1 when
 * 0 < gamma < 1. Autodiff multiplies it by a vanishing factor and gets Infinity * 0 = NaN once
 * 1 - p underflows (torchvision 0.14 does this at logits of +-100). Both gradients below are
 * rewritten so that the unbounded power never appears: they use ratios such as
 * log(p) / (p - 1), which tend to 1 as p -> 1.
 */

/**
 * Computes -(1 - p)^gamma * log(p) elementwise from `logProb` = log(p) <= 0, the softmax focal
 * term of one class. 1 - p is computed as -expm1(log p), which keeps its precision as p -> 1.
 * The gradient is finite for every gamma >= 0, including at log p = 0.
 */
export function softmaxFocalTerm(logProb: tf.Tensor, gamma: number): tf.Tensor {
  const op = tf.customGrad((logProbInput, save) => {
    const logP = tf.minimum(logProbInput as tf.Tensor, 0);
    const oneMinusP = tf.neg(tf.expm1(logP));
    const modulation = tf.pow(oneMinusP, gamma);
    (save as tf.GradSaveFunc)([logP, modulation]);

    return {
      value: tf.neg(tf.mul(modulation, logP)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        rejectSecondOrder("softmaxFocalLoss");
        const [savedLogP, savedModulation] = saved;

        // d/dl [-(1 - e^l)^g l] = -(1 - p)^g (1 + g p r) with r = l / expm1(l), which is 1 at l = 0.
        const expm1 = tf.expm1(savedLogP);
        const isZero = tf.equal(savedLogP, 0);
        const ratio = tf.where(
          isZero,
          tf.onesLike(savedLogP),
          tf.div(savedLogP, tf.where(isZero, tf.onesLike(expm1), expm1)),
        );
        const p = tf.exp(savedLogP);
        const factor = tf.add(1, tf.mul(gamma, tf.mul(p, ratio)));
        return tf.mul(dy, tf.neg(tf.mul(savedModulation, factor)));
      },
    };
  });
  return op(logProb);
}

/**
 * Computes torchvision's sigmoid focal term ce * (1 - p_t)^gamma without alpha, from
 * `logP` = log(p), `logOneMinusP` = log(1 - p) and float targets t in [0, 1]:
 * ce = -(t log p + (1 - t) log(1 - p)) and 1 - p_t = t (1 - p) + (1 - t) p.
 * Returns gradients for all three inputs, finite for every gamma >= 0.
 */
export function sigmoidFocalTerm(
  logP: tf.Tensor,
  logOneMinusP: tf.Tensor,
  targets: tf.Tensor,
  gamma: number,
): tf.Tensor {
  const op = tf.customGrad((a, b, t, save) => {
    const logPInput = a as tf.Tensor;
    const logQInput = b as tf.Tensor;
    const target = t as tf.Tensor;
    const p = tf.exp(logPInput);
    const q = tf.exp(logQInput);
    const oneMinusTarget = tf.sub(1, target);
    const crossEntropy = tf.neg(
      tf.add(tf.mul(target, logPInput), tf.mul(oneMinusTarget, logQInput)),
    );
    // Both summands are >= 0, so 1 - p_t keeps full relative precision even when it is tiny.
    const oneMinusPt = tf.add(tf.mul(target, q), tf.mul(oneMinusTarget, p));
    const modulation = tf.pow(oneMinusPt, gamma);
    (save as tf.GradSaveFunc)([logPInput, logQInput, target, crossEntropy, oneMinusPt, modulation]);

    return {
      value: tf.mul(crossEntropy, modulation),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        rejectSecondOrder("sigmoidFocalLoss");
        const [sa, sb, st, sce, su, sm] = saved;
        const sp = tf.exp(sa);
        const sq = tf.exp(sb);
        const oneMinusT = tf.sub(1, st);

        // gamma ce (1 - p_t)^(gamma - 1) is rewritten as gamma (ce / (1 - p_t)) (1 - p_t)^gamma.
        // When 1 - p_t underflows to 0 the target is 0 or 1 and ce / (1 - p_t) -> 1.
        const positive = tf.greater(su, 0);
        const ratio = tf.where(positive, tf.div(sce, tf.where(positive, su, tf.onesLike(su))), 1);
        const k = tf.mul(gamma, tf.mul(ratio, sm));

        const dA = tf.add(tf.neg(tf.mul(st, sm)), tf.mul(k, tf.mul(oneMinusT, sp)));
        const dB = tf.add(tf.neg(tf.mul(oneMinusT, sm)), tf.mul(k, tf.mul(st, sq)));
        const dT = tf.add(tf.mul(tf.sub(sb, sa), sm), tf.mul(k, tf.sub(sq, sp)));
        return [tf.mul(dy, dA), tf.mul(dy, dB), tf.mul(dy, dT)];
      },
    };
  });
  return op(logP, logOneMinusP, targets);
}
