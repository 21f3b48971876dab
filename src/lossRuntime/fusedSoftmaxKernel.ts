import * as fastMath from "./fastMath";
import type { KernelBuffers, KernelOutput } from "./fusedKernelOutput";
import { invalidProbabilityTarget } from "./targets";

// Local bindings, because tsx compiles imports to getters that V8 does not inline in hot loops.
// See fusedSigmoidKernel.ts.
const expOfNegated = fastMath.expOfNegated;
const power = fastMath.power;

export interface SoftmaxKernelInput extends KernelBuffers {
  logits: Float32Array;
  /** Int32 class indices of shape (numOuter, numInner), or float targets like the logits. */
  targets: Int32Array | Float32Array;
  targetKind: "index" | "soft";
  /** The input viewed as (numOuter, numClasses, numInner), row-major. */
  numOuter: number;
  numClasses: number;
  numInner: number;
  /** One weight per class, or null for no weighting. */
  alpha: readonly number[] | null;
  gamma: number;
  ignoreIndex: number;
  /** Factor applied to the gradient, such as 1 / count for the mean. */
  gradientScale: number;
}

/**
 * Returns d/dl of the focal term f(l) = -(1 - p)^gamma l at l = log p <= 0:
 * -(1 - p)^gamma (1 + gamma p r) with r = l / (p - 1), whose limit at p = 1 is 1. This form has
 * no (1 - p)^(gamma - 1), so it stays finite for 0 < gamma < 1 where p rounds to 1.
 */
function focalTermDerivative(logP: number, oneMinusP: number, modulation: number, gamma: number) {
  const ratio = oneMinusP > 0 ? -logP / oneMinusP : 1;
  return -modulation * (1 + gamma * (1 - oneMinusP) * ratio);
}

/**
 * Computes the softmax focal loss over axis 1 and, when requested, its gradient, in float64
 * arithmetic. The loops run along the contiguous inner axis. exp(x - max) is computed once per
 * element and kept in the gradient buffer until the backward step dx_c = g_c - p_c sum_k g_k,
 * where g_c is the derivative of the loss with respect to log p_c.
 * Throws ValidationError for a soft target outside [0, 1].
 */
export function runSoftmaxKernel(input: SoftmaxKernelInput): KernelOutput {
  const { logits, targets, numOuter, numClasses, numInner, alpha, gamma, gradientScale } = input;
  const isIndex = input.targetKind === "index";
  const { losses, gradient } = input;
  const maxima = new Float64Array(numInner);
  const sums = new Float64Array(numInner);
  // Per position: the sum over classes of g_c (for index targets, g at the target class).
  const derivativeSums = new Float64Array(numInner);
  // Soft targets only: g_c of the current sample, until derivativeSums is complete.
  const derivatives =
    gradient !== null && !isIndex ? new Float64Array(numClasses * numInner) : null;
  const classWeights = new Float64Array(numClasses).fill(1);
  if (alpha !== null) {
    for (let c = 0; c < numClasses; c++) {
      classWeights[c] = alpha[c];
    }
  }
  let total = 0;
  let count = 0;

  for (let n = 0; n < numOuter; n++) {
    const base = n * numClasses * numInner;
    maxima.fill(-Infinity);
    sums.fill(0);
    for (let c = 0; c < numClasses; c++) {
      const row = base + c * numInner;
      for (let s = 0; s < numInner; s++) {
        maxima[s] = Math.max(maxima[s], logits[row + s]);
      }
    }
    for (let c = 0; c < numClasses; c++) {
      const row = base + c * numInner;
      for (let s = 0; s < numInner; s++) {
        const shiftedExp = expOfNegated(maxima[s] - logits[row + s]);
        sums[s] += shiftedExp;
        if (gradient !== null) {
          gradient[row + s] = shiftedExp;
        }
      }
    }

    for (let s = 0; s < numInner; s++) {
      const logSumExp = maxima[s] + Math.log(sums[s]);
      let loss = 0;
      let derivativeSum = 0;
      if (isIndex) {
        const label = targets[n * numInner + s];
        if (label !== input.ignoreIndex) {
          const weight = classWeights[label];
          const logP = Math.min(logits[base + label * numInner + s] - logSumExp, 0);
          const oneMinusP = -Math.expm1(logP);
          const modulation = power(oneMinusP, gamma);
          loss = -weight * modulation * logP;
          derivativeSum = weight * focalTermDerivative(logP, oneMinusP, modulation, gamma);
          count++;
        }
      } else {
        for (let c = 0; c < numClasses; c++) {
          const element = base + c * numInner + s;
          const target = targets[element];
          if (!(target >= 0 && target <= 1)) {
            throw invalidProbabilityTarget(target, element);
          }
          const weight = classWeights[c] * target;
          const logP = Math.min(logits[element] - logSumExp, 0);
          const oneMinusP = -Math.expm1(logP);
          const modulation = power(oneMinusP, gamma);
          loss -= weight * modulation * logP;
          if (derivatives !== null) {
            const derivative = weight * focalTermDerivative(logP, oneMinusP, modulation, gamma);
            derivatives[c * numInner + s] = derivative;
            derivativeSum += derivative;
          }
        }
        count++;
      }
      total += loss;
      derivativeSums[s] = derivativeSum;
      if (losses !== null) {
        losses[n * numInner + s] = loss;
      }
    }

    if (gradient === null) {
      continue;
    }
    // Turns the stored exp(x - max) into p_c, then writes gradientScale (g_c - p_c sum_k g_k).
    for (let s = 0; s < numInner; s++) {
      sums[s] = 1 / sums[s];
    }
    for (let c = 0; c < numClasses; c++) {
      const row = base + c * numInner;
      for (let s = 0; s < numInner; s++) {
        const p = gradient[row + s] * sums[s];
        let own: number;
        if (derivatives !== null) {
          own = derivatives[c * numInner + s];
        } else {
          own = targets[n * numInner + s] === c ? derivativeSums[s] : 0;
        }
        gradient[row + s] = gradientScale * (own - p * derivativeSums[s]);
      }
    }
  }
  return { total, count };
}
