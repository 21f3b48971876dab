import * as tf from "@tensorflow/tfjs";

/*
 * Where gradients stop in the focal losses. Class indices have no gradient, and the hand-written
 * gradients are first-order only.
 */

/**
 * Computes `compute(x)` as one op whose gradient with respect to `x` is zero: tfjs has no
 * stop-gradient op. The ops inside `compute` run as the forward pass of a tf.customGrad, which
 * the tape does not record. Class-index targets go through it, so that labels computed from the
 * input, such as tf.argMax(logits, 1) for pseudo-labels, act as constants, as integer tensors do
 * in PyTorch. Otherwise backprop reaches tf.equal on the labels, which has no gradient in tfjs.
 */
export function withoutGradient(x: tf.Tensor, compute: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((input) => ({
    value: compute(input as tf.Tensor),
    gradFunc: () => tf.zeros(x.shape, "float32"),
  }));
  return op(x);
}

/**
 * Throws when a gradient function runs while a gradient tape records, which happens only when a
 * gradient is itself differentiated (tf.grad inside tf.grad). The hand-written gradients are
 * computed from saved values or by a kernel, so a second derivative through them would come out
 * silently wrong.
 */
export function rejectSecondOrder(functionName: string): void {
  if (tf.engine().isTapeOn()) {
    throw new Error(
      `${functionName} has first-order gradients only, but its gradient is being ` +
        "differentiated again (tf.grad inside tf.grad). Differentiate the focal loss once, or " +
        "take finite differences of its gradient for second-order terms.",
    );
  }
}
