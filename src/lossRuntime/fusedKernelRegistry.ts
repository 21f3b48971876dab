import * as tf from "@tensorflow/tfjs";
import { runSigmoidKernel } from "./fusedSigmoidKernel";
import { sigmoidTargetDerivative, softmaxTargetDerivative } from "./fusedTargetGradients";
import { rejectSecondOrder } from "./gradientBoundaries";
import { runSoftmaxKernel } from "./fusedSoftmaxKernel";
import { KERNEL_BACKENDS, kernelMemory, type KernelBackendName } from "./kernelMemory";
import type { Reduction } from "./options";
import type { SoftmaxTargetKind } from "./targets";

/*
 * The fused focal losses as tfjs kernels, registered with registerKernel for the cpu and wasm
 * backends and with registerGradient for backprop. Each kernel has two outputs: the loss, and its
 * gradient with respect to the logits, computed in the same pass over the data. The registered
 * gradient function scales that output by the upstream gradient. Gradients with respect to
 * float targets, rarely needed, are computed from composed ops when backprop reaches them.
 */

export const SIGMOID_FOCAL_LOSS = "SigmoidFocalLoss";
export const SOFTMAX_FOCAL_LOSS = "SoftmaxFocalLoss";

/** Attributes of both kernels. */
export interface FocalLossAttrs {
  /** One alpha per class along axis 1, or empty for no weighting. */
  alpha: number[];
  gamma: number;
  reduction: Reduction;
  /** Whether to fill the gradient output; without it the output has shape [0]. */
  computeGradient: boolean;
  /** Factor applied to the gradient, such as 1 / count for the mean. */
  gradientScale: number;
}

/** Attributes of the softmax kernel. */
export interface SoftmaxFocalLossAttrs extends FocalLossAttrs {
  targetKind: SoftmaxTargetKind;
  ignoreIndex: number;
}

/** Splits a shape into (outer, axis 1, inner) sizes. A rank-1 shape has one class. */
export function viewAsOuterClassInner(shape: number[]): [number, number, number] {
  if (shape.length < 2) {
    return [shape[0] ?? 1, 1, 1];
  }
  const inner = shape.slice(2).reduce((product, size) => product * size, 1);
  return [shape[0], shape[1], inner];
}

interface KernelParams {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}

/**
 * Runs `compute` on the arrays of a kernel call with outputs [loss, gradient], where the loss
 * has shape `lossShape` for reduction "none" and is a scalar otherwise. `compute` fills the
 * "none" losses and the gradient and returns the total and count, from which the scalar is set.
 * Frees both outputs when `compute` throws.
 */
function runFocalKernel(
  backendName: KernelBackendName,
  params: KernelParams,
  lossShape: number[],
  compute: (
    inputs: (Float32Array | Int32Array | Uint8Array)[],
    losses: Float32Array | null,
    gradient: Float32Array | null,
  ) => { total: number; count: number },
): tf.TensorInfo[] {
  const { logits, targets } = params.inputs as { logits: tf.TensorInfo; targets: tf.TensorInfo };
  const attrs = params.attrs as unknown as FocalLossAttrs;
  const none = attrs.reduction === "none";
  const memory = kernelMemory(backendName, params.backend);
  const { inputs, outputs } = memory.arrays(
    [logits, targets],
    [none ? lossShape : [], attrs.computeGradient ? logits.shape : [0]],
  );
  const [loss, gradient] = outputs;

  try {
    const { total, count } = compute(
      inputs,
      none ? loss.values : null,
      attrs.computeGradient ? gradient.values : null,
    );
    if (!none) {
      loss.values[0] = attrs.reduction === "mean" ? total / Math.max(count, 1) : total;
    }
  } catch (error) {
    memory.release(outputs);
    throw error;
  }
  return outputs.map((output) => output.info);
}

function sigmoidKernelFunc(backendName: KernelBackendName): tf.KernelFunc {
  return (params) => {
    const { logits } = params.inputs as { logits: tf.TensorInfo };
    const attrs = params.attrs as unknown as FocalLossAttrs;
    const [, numClasses, numInner] = viewAsOuterClassInner(logits.shape);
    return runFocalKernel(
      backendName,
      params,
      logits.shape,
      ([logitValues, targetValues], losses, gradient) =>
        runSigmoidKernel({
          logits: logitValues as Float32Array,
          targets: targetValues as Float32Array,
          numClasses,
          numInner,
          alpha: attrs.alpha.length === 0 ? null : attrs.alpha,
          gamma: attrs.gamma,
          gradientScale: attrs.gradientScale,
          losses,
          gradient,
        }),
    );
  };
}

function softmaxKernelFunc(backendName: KernelBackendName): tf.KernelFunc {
  return (params) => {
    const { logits } = params.inputs as { logits: tf.TensorInfo };
    const attrs = params.attrs as unknown as SoftmaxFocalLossAttrs;
    const [numOuter, numClasses, numInner] = viewAsOuterClassInner(logits.shape);
    // Element (n, c, s) of the input contributes to output element (n, s).
    const lossShape = logits.shape.filter((_, axis) => axis !== 1);
    return runFocalKernel(
      backendName,
      params,
      lossShape,
      ([logitValues, targetValues], losses, gradient) =>
        runSoftmaxKernel({
          logits: logitValues as Float32Array,
          targets: targetValues as Int32Array | Float32Array,
          targetKind: attrs.targetKind,
          numOuter,
          numClasses,
          numInner,
          alpha: attrs.alpha.length === 0 ? null : attrs.alpha,
          gamma: attrs.gamma,
          ignoreIndex: attrs.ignoreIndex,
          gradientScale: attrs.gradientScale,
          losses,
          gradient,
        }),
    );
  };
}

/**
 * Returns the gradient output scaled by the upstream gradient `dy` of the loss. For reduction
 * "none", `classAxis` true broadcasts dy, which has no class axis, along axis 1.
 */
function scaleByUpstream(
  gradient: tf.Tensor,
  dy: tf.Tensor,
  reduction: Reduction,
  classAxis: boolean,
): tf.Tensor {
  if (reduction !== "none") {
    // A loss differentiated directly has dy = 1, which needs no pass over the gradient. The tape
    // disposes its saved outputs after backprop, so the result is a clone, which shares the data.
    return dy.dataSync()[0] === 1 ? tf.clone(gradient) : tf.mul(gradient, dy);
  }
  return tf.mul(gradient, classAxis ? tf.expandDims(dy, 1) : dy);
}

/**
 * Returns the gradient with respect to the targets: zero for class indices, which have none, and
 * the composed derivative for float targets, scaled like the logits' gradient.
 */
function targetGradient(
  kernelName: string,
  logits: tf.Tensor,
  targets: tf.Tensor,
  dy: tf.Tensor,
  attrs: FocalLossAttrs,
): tf.Tensor {
  if (targets.dtype !== "float32") {
    return tf.zeros(targets.shape, "float32");
  }
  const derivative =
    kernelName === SIGMOID_FOCAL_LOSS
      ? sigmoidTargetDerivative(logits, targets, attrs.alpha, attrs.gamma)
      : softmaxTargetDerivative(logits, attrs.alpha, attrs.gamma);
  // Soft softmax targets have the input's shape, so the per-position dy of "none" broadcasts
  // along the class axis, as for the logits.
  const upstream =
    attrs.reduction === "none" && kernelName === SOFTMAX_FOCAL_LOSS ? tf.expandDims(dy, 1) : dy;
  return tf.mul(derivative, tf.mul(upstream, attrs.gradientScale));
}

function focalGradient(kernelName: string, publicName: string, classAxis: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ["logits", "targets"],
    outputsToSave: [false, true],
    gradFunc: (dys, saved, attrs) => {
      rejectSecondOrder(publicName);
      const [dy] = dys as tf.Tensor[];
      const [logits, targets, gradient] = saved;
      const focalAttrs = attrs as unknown as FocalLossAttrs;
      return {
        logits: () => scaleByUpstream(gradient, dy, focalAttrs.reduction, classAxis),
        // The tape calls this only when the targets depend on the variable being differentiated.
        targets: () => targetGradient(kernelName, logits, targets, dy, focalAttrs),
      };
    },
  };
}

/**
 * Registers both kernels for cpu and wasm, and their gradients. Does nothing for a kernel that
 * is already registered, as when two bundles of this module share one copy of tfjs.
 */
export function registerFusedKernels(): void {
  for (const backendName of KERNEL_BACKENDS) {
    const kernels: [string, tf.KernelFunc][] = [
      [SIGMOID_FOCAL_LOSS, sigmoidKernelFunc(backendName)],
      [SOFTMAX_FOCAL_LOSS, softmaxKernelFunc(backendName)],
    ];
    for (const [kernelName, kernelFunc] of kernels) {
      if (tf.getKernel(kernelName, backendName) === undefined) {
        tf.registerKernel({ kernelName, backendName, kernelFunc });
      }
    }
  }
  for (const gradient of [
    focalGradient(SIGMOID_FOCAL_LOSS, "sigmoidFocalLoss", false),
    focalGradient(SOFTMAX_FOCAL_LOSS, "softmaxFocalLoss", true),
  ]) {
    if (tf.getGradient(gradient.kernelName) === undefined) {
      tf.registerGradient(gradient);
    }
  }
}

/** Tells whether the active backend has the fused kernels. */
export function activeBackendHasFusedKernels(): boolean {
  return tf.getKernel(SIGMOID_FOCAL_LOSS, tf.getBackend()) !== undefined;
}
