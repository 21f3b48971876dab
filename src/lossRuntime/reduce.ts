import * as tf from "@tensorflow/tfjs";
import type { Reduction } from "./options";

/**
 * Reduces per-element losses, which must already be 0 where `validMask` is 0.
 * "mean" divides by the number of valid elements, not by the total, so ignored positions do not
 * dilute it, and it is 0 when nothing is valid (an empty batch or every target ignored).
 */
export function reduceLoss(
  losses: tf.Tensor,
  reduction: Reduction,
  validMask: tf.Tensor | null,
): tf.Tensor {
  if (reduction === "none") {
    return losses;
  }

  const total = tf.sum(losses);
  if (reduction === "sum") {
    return total;
  }

  const count = validMask === null ? tf.scalar(losses.size) : tf.sum(validMask);
  return tf.div(total, tf.maximum(count, 1));
}
