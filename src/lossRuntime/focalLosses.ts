import * as tf from "@tensorflow/tfjs";
import { composedSigmoidFocalLoss } from "./composedSigmoidFocalLoss";
import { composedSoftmaxFocalLoss } from "./composedSoftmaxFocalLoss";
import { fusedSigmoidFocalLoss, fusedSoftmaxFocalLoss } from "./fusedFocalLosses";
import { activeBackendHasFusedKernels } from "./fusedKernelRegistry";
import type { FocalLossOptions, SoftmaxFocalLossOptions } from "./options";

// The fused kernels loop over the tensors' data in JavaScript, where JavaScript reads the data in
// place: cpu keeps typed arrays and wasm its heap. webgl runs the composed ops.
const useFusedKernels = activeBackendHasFusedKernels;

/**
 * Computes the sigmoid (one-vs-all) focal loss of Lin et al., "Focal Loss for Dense Object
 * Detection" (2017), as torchvision.ops.sigmoid_focal_loss (0.14) defines it:
 * alpha_t * ce * (1 - p_t)^gamma with p = sigmoid(input), ce the binary cross-entropy,
 * p_t = p t + (1 - p)(1 - t) and alpha_t = alpha t + (1 - alpha)(1 - t).
 *
 * - `input`: float32 logits of any shape (N, ...), or probabilities when `fromLogits` is false.
 * - `target`: float32 of the input's shape, values in [0, 1].
 * - `alpha`: default 0.25. A negative number or null disables it, and an array gives one alpha
 *   per class along axis 1.
 * - `gamma`: default 2. With gamma 0 and no alpha the loss is binary cross-entropy.
 * - `reduction`: default "none" (one loss per element), like torchvision, unlike the softmax form.
 *
 * Differentiable with tf.grad in `input` and `target`, to first order: differentiating its
 * gradient again throws. On the cpu and wasm backends, with logits, it runs as one fused kernel.
 * Loss and gradient are finite for every finite logit and every gamma >= 0. Throws
 * ValidationError for invalid options or shapes.
 */
export function sigmoidFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: FocalLossOptions = {},
): tf.Tensor {
  return useFusedKernels()
    ? fusedSigmoidFocalLoss(input, target, options)
    : composedSigmoidFocalLoss(input, target, options);
}

/**
 * Computes the softmax (multi-class) focal loss -alpha (1 - p_t)^gamma log p_t, with the
 * softmax over axis 1 of an (N, C, ...) input.
 *
 * - `target`: int32 class indices of shape (N, ...), or float32 soft targets of the input's
 *   shape, for which the loss is -sum_c alpha_c t_c (1 - p_c)^gamma log p_c.
 * - `alpha`: default null (no weighting). A number multiplies every term, as in Keras'
 *   CategoricalFocalCrossentropy. An array gives one weight per class, indexed by the target.
 * - `gamma`: default 2. With gamma 0 and no alpha the loss is cross-entropy.
 * - `reduction`: default "mean", over the positions whose target is not `ignoreIndex`, and 0 when
 *   every position is ignored. Unlike torch.nn.CrossEntropyLoss(weight=...), the mean divides by
 *   the number of positions, not by the sum of their alpha weights. "none" returns (N, ...) losses
 *   with 0 at ignored positions.
 * - `ignoreIndex`: default -100, for index targets only.
 * - `fromLogits`: default true. With false the input contains probabilities, renormalised along
 *   axis 1 and clipped to [1e-7, 1 - 1e-7] as Keras does.
 *
 * Differentiable with tf.grad in `input` and in soft targets, to first order: differentiating its
 * gradient again throws. Class indices have a zero gradient, so labels computed from the input
 * (tf.argMax pseudo-labels) act as constants. On the cpu and wasm backends, with logits, it runs
 * as one fused kernel. Loss and gradient are finite for every finite logit
 * (whose differences stay in float32 range) and every gamma >= 0. Throws ValidationError for
 * invalid options, shapes or class indices.
 */
export function softmaxFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: SoftmaxFocalLossOptions = {},
): tf.Tensor {
  return useFusedKernels()
    ? fusedSoftmaxFocalLoss(input, target, options)
    : composedSoftmaxFocalLoss(input, target, options);
}
