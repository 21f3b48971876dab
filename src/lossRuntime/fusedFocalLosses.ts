import * as tf from "@tensorflow/tfjs";
import { composedSigmoidFocalLoss, prepareSigmoidFocalLoss } from "./composedSigmoidFocalLoss";
import { composedSoftmaxFocalLoss, prepareSoftmaxFocalLoss } from "./composedSoftmaxFocalLoss";
import {
  activeBackendHasFusedKernels,
  registerFusedKernels,
  SIGMOID_FOCAL_LOSS,
  SOFTMAX_FOCAL_LOSS,
  type FocalLossAttrs,
  type SoftmaxFocalLossAttrs,
} from "./fusedKernelRegistry";
import type { FocalLossOptions, SoftmaxFocalLossOptions } from "./options";

/*
 * Focal losses as single registered kernels, on the cpu and wasm backends. One loop over the
 * tensors' data computes the loss and its gradient, where the composed ops make one pass over
 * memory per op. Gradients with respect to float targets come from composed ops, in the kernels'
 * registered gradient functions.
 */

// Registering at import, as tfjs's own backends do, makes the kernels available to every caller
// of this module before its first op runs.
registerFusedKernels();

/** Throws unless the active backend has the fused kernels, naming the function to call instead. */
function checkBackend(functionName: string, publicName: string): void {
  if (!activeBackendHasFusedKernels()) {
    throw new Error(
      `${functionName} runs on the cpu and wasm backends, but the active backend is ` +
        `"${tf.getBackend()}". Call ${publicName}, which runs composed ops there.`,
    );
  }
}

/** Expands alpha to one weight per class, or to [] for no weighting. */
function alphaPerClass(alpha: number | readonly number[] | null, numClasses: number): number[] {
  if (alpha === null) {
    return [];
  }
  return typeof alpha === "number" ? new Array<number>(numClasses).fill(alpha) : [...alpha];
}

/** Runs a kernel with outputs [loss, gradient] and returns the loss. */
function runLossKernel(
  kernelName: string,
  input: tf.Tensor,
  target: tf.Tensor,
  attrs: FocalLossAttrs,
): tf.Tensor {
  const [loss, gradient] = tf
    .engine()
    .runKernel(
      kernelName,
      { logits: input, targets: target },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
  // The tape keeps its own reference to the gradient output when it needs it.
  gradient.dispose();
  return loss;
}

/** Sigmoid focal loss as one fused op. Same semantics and errors as `sigmoidFocalLoss`. */
export function fusedSigmoidFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: FocalLossOptions = {},
): tf.Tensor {
  checkBackend("fusedSigmoidFocalLoss", "sigmoidFocalLoss");
  const { alpha, gamma, reduction, fromLogits } = prepareSigmoidFocalLoss(
    input,
    target,
    options,
    false,
  );
  if (!fromLogits) {
    // NOTE: probabilities take the composed path; only logits have a fused kernel.
    return composedSigmoidFocalLoss(input, target, options);
  }

  const numClasses = input.rank >= 2 ? (input.shape[1] as number) : 1;
  return runLossKernel(SIGMOID_FOCAL_LOSS, input, target, {
    // A negative number turns alpha off, as in torchvision.
    alpha: alphaPerClass(typeof alpha === "number" && alpha < 0 ? null : alpha, numClasses),
    gamma,
    reduction,
    computeGradient: tf.engine().isTapeOn(),
    gradientScale: reduction === "mean" ? 1 / Math.max(input.size, 1) : 1,
  });
}

/** Softmax focal loss as one fused op. Same semantics and errors as `softmaxFocalLoss`. */
export function fusedSoftmaxFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: SoftmaxFocalLossOptions = {},
): tf.Tensor {
  checkBackend("fusedSoftmaxFocalLoss", "softmaxFocalLoss");
  const prepared = prepareSoftmaxFocalLoss(input, target, options, false);
  if (!prepared.fromLogits) {
    // NOTE: probabilities take the composed path; only logits have a fused kernel.
    return composedSoftmaxFocalLoss(input, target, options);
  }

  const attrs: SoftmaxFocalLossAttrs = {
    alpha: alphaPerClass(prepared.alpha, prepared.numClasses),
    gamma: prepared.gamma,
    reduction: prepared.reduction,
    computeGradient: tf.engine().isTapeOn(),
    gradientScale: prepared.reduction === "mean" ? 1 / Math.max(prepared.validCount, 1) : 1,
    targetKind: prepared.targetKind,
    ignoreIndex: prepared.ignoreIndex,
  };
  return runLossKernel(SOFTMAX_FOCAL_LOSS, input, target, attrs);
}
