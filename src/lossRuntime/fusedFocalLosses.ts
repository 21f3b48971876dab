import * as tf from "@tensorflow/tfjs";
import { composedSigmoidFocalLoss, prepareSigmoidFocalLoss } from "./composedSigmoidFocalLoss";
import { composedSoftmaxFocalLoss, prepareSoftmaxFocalLoss } from "./composedSoftmaxFocalLoss";
import type { KernelOutput } from "./fusedKernelOutput";
import { runSigmoidKernel } from "./fusedSigmoidKernel";
import { runSoftmaxKernel } from "./fusedSoftmaxKernel";
import type { FocalLossOptions, Reduction, SoftmaxFocalLossOptions } from "./options";

/*
 * Focal losses as single custom ops whose forward and backward passes are plain loops over the
 * tensors' data, for the cpu backend, where each composed tfjs op is a separate pass over memory.
 * They read the data with dataSync(), so they work on other backends too, but there they would
 * copy every tensor to the CPU and back.
 *
 * They differentiate with respect to the input only: the targets are read as constants. The
 * composed functions also differentiate with respect to float targets.
 */

/** Splits a shape into (outer, axis 1, inner) sizes. A rank-1 shape has one class. */
function viewAsOuterClassInner(shape: number[]): [number, number, number] {
  if (shape.length < 2) {
    return [shape[0] ?? 1, 1, 1];
  }
  const inner = shape.slice(2).reduce((product, size) => product * size, 1);
  return [shape[0], shape[1], inner];
}

/**
 * Wraps a kernel result as a differentiable op on `input`. The kernel has already applied the
 * mean's 1 / count to the gradient. `dyIndexOf` maps an input element to the output element it
 * contributes to, for reduction "none".
 */
function wrapKernelOutput(
  input: tf.Tensor,
  output: KernelOutput,
  reduction: Reduction,
  outputShape: number[],
  dyIndexOf: (inputIndex: number) => number,
): tf.Tensor {
  const op = tf.customGrad((x) => {
    let value: tf.Tensor;
    if (reduction === "none") {
      value = tf.tensor(output.losses as Float32Array, outputShape, "float32");
    } else {
      const divisor = reduction === "mean" ? Math.max(output.count, 1) : 1;
      value = tf.scalar(output.total / divisor, "float32");
    }

    return {
      value,
      gradFunc: (dy: tf.Tensor) => {
        const gradient = output.gradient;
        if (gradient === null) {
          throw new Error(
            "The fused focal loss ran without a gradient tape, so it has no gradient.",
          );
        }
        // The tape calls this once, so the buffer is scaled in place instead of copied.
        const upstream = dy.dataSync();
        if (reduction === "none") {
          for (let i = 0; i < gradient.length; i++) {
            gradient[i] *= upstream[dyIndexOf(i)];
          }
        } else if (upstream[0] !== 1) {
          // A loss differentiated directly has dy = 1, which needs no pass over the buffer.
          for (let i = 0; i < gradient.length; i++) {
            gradient[i] *= upstream[0];
          }
        }
        return tf.tensor(gradient, (x as tf.Tensor).shape, "float32");
      },
    };
  });
  return op(input);
}

/** Sigmoid focal loss as one fused op. Same semantics and errors as `sigmoidFocalLoss`. */
export function fusedSigmoidFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: FocalLossOptions = {},
): tf.Tensor {
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

  const [, numClasses, numInner] = viewAsOuterClassInner(input.shape);
  const output = runSigmoidKernel({
    logits: input.dataSync() as Float32Array,
    targets: target.dataSync() as Float32Array,
    numClasses,
    numInner,
    alpha: typeof alpha === "number" && alpha < 0 ? null : alpha,
    gamma,
    keepLosses: reduction === "none",
    computeGradient: tf.engine().isTapeOn(),
    gradientScale: reduction === "mean" ? 1 / Math.max(input.size, 1) : 1,
  });
  return wrapKernelOutput(input, output, reduction, input.shape, (i) => i);
}

/** Softmax focal loss as one fused op. Same semantics and errors as `softmaxFocalLoss`. */
export function fusedSoftmaxFocalLoss(
  input: tf.Tensor,
  target: tf.Tensor,
  options: SoftmaxFocalLossOptions = {},
): tf.Tensor {
  const prepared = prepareSoftmaxFocalLoss(input, target, options, false);
  if (!prepared.fromLogits) {
    // NOTE: probabilities take the composed path; only logits have a fused kernel.
    return composedSoftmaxFocalLoss(input, target, options);
  }

  const [numOuter, numClasses, numInner] = viewAsOuterClassInner(input.shape);
  const output = runSoftmaxKernel({
    logits: input.dataSync() as Float32Array,
    targets: target.dataSync() as Int32Array | Float32Array,
    targetKind: prepared.targetKind,
    numOuter,
    numClasses,
    numInner,
    alpha: prepared.alpha,
    gamma: prepared.gamma,
    ignoreIndex: prepared.ignoreIndex,
    keepLosses: prepared.reduction === "none",
    computeGradient: tf.engine().isTapeOn(),
    gradientScale: prepared.reduction === "mean" ? 1 / Math.max(prepared.validCount, 1) : 1,
  });

  // Element (n, c, s) of the input contributes to output element (n, s).
  const outputShape = input.shape.filter((_, axis) => axis !== 1);
  const classStride = numClasses * numInner;
  const dyIndexOf = (i: number) => Math.floor(i / classStride) * numInner + (i % numInner);
  return wrapKernelOutput(input, output, prepared.reduction, outputShape, dyIndexOf);
}
