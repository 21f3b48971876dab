import * as fastMath from "./fastMath";
import type { KernelBuffers, KernelOutput } from "./fusedKernelOutput";
import { invalidProbabilityTarget } from "./targets";

// Local bindings, because tsx (used by the tests and benchmarks) compiles imports to getters on a
// CommonJS exports object, and V8 does not inline calls through them: the loop below ran 1.6x
// slower. esbuild bundles such as dist/ call the functions directly either way.
const expAndLog1pOfNegated = fastMath.expAndLog1pOfNegated;
const power = fastMath.power;

export interface SigmoidKernelInput extends KernelBuffers {
  logits: Float32Array;
  targets: Float32Array;
  /** The input viewed as (N, numClasses, numInner), row-major. */
  numClasses: number;
  numInner: number;
  /** One alpha in [0, 1] per class, or null for no alpha weighting. */
  alpha: readonly number[] | null;
  gamma: number;
  /** Factor applied to the gradient, such as 1 / count for the mean. */
  gradientScale: number;
}

/**
 * Computes the sigmoid focal loss and, when requested, its gradient in one pass over the logits,
 * in float64 arithmetic. Per element, with p = sigmoid(x), q = 1 - p, u = 1 - p_t = t q + (1 - t) p
 * and ce the binary cross-entropy:
 *   loss = alpha_t ce u^gamma
 *   dloss/dx = alpha_t u^gamma ((p - t) + gamma (ce / u) (1 - 2t) p q)
 * The second form keeps the gradient finite where u underflows, because ce / u -> 1 there.
 * Throws ValidationError for a target outside [0, 1].
 */
export function runSigmoidKernel(input: SigmoidKernelInput): KernelOutput {
  const { logits, targets, numClasses, numInner, alpha, gamma, gradientScale } = input;
  const size = logits.length;
  const { losses, gradient } = input;
  let total = 0;

  // alpha_t = t * positiveWeights[c] + (1 - t) * negativeWeights[c] for class c.
  const positiveWeights = new Float64Array(numClasses).fill(1);
  const negativeWeights = new Float64Array(numClasses).fill(1);
  if (alpha !== null) {
    for (let c = 0; c < numClasses; c++) {
      positiveWeights[c] = alpha[c];
      negativeWeights[c] = 1 - positiveWeights[c];
    }
  }

  // The sign bit of each float32 logit: 1 for negative, 0 otherwise. The loop selects between p
  // and q by multiplying with it, because a branch on a random sign is mispredicted half the time.
  // Branching made the loop about 20% slower.
  const signBits = new Int32Array(logits.buffer, logits.byteOffset, size);

  // One flat loop with the class index kept by counters, because with the usual (N, C) layout
  // a loop per class would run a single element at a time.
  let c = 0;
  let innerLeft = numInner;
  for (let i = 0; i < size; i++) {
    const x = logits[i];
    const t = targets[i];

    // sigmoid and log-sigmoid from e = exp(-|x|) <= 1, which cannot overflow. In each sum below
    // one product is 0 times a finite number, so the sum is exact.
    const negative = signBits[i] >>> 31;
    const positive = 1 - negative;
    const m = Math.abs(x);
    const { exp: e, log1pExp: log1pE } = expAndLog1pOfNegated(m);
    const reciprocal = 1 / (1 + e);
    const p = positive * reciprocal + negative * (e * reciprocal);
    const q = negative * reciprocal + positive * (e * reciprocal);
    const logP = -log1pE - negative * m;
    const logQ = -log1pE - positive * m;

    // dloss/dx = alpha_t u^gamma ((p - t) + gamma * focusing) with focusing = (ce / u)(1 - 2t) p q.
    // Binary targets, the usual case, give u = p or q, which cancels the division.
    let crossEntropy: number;
    let u: number;
    let weight: number;
    let pMinusT: number;
    let focusing: number;
    if (t === 0) {
      crossEntropy = -logQ;
      u = p;
      weight = negativeWeights[c];
      pMinusT = p;
      focusing = crossEntropy * q;
    } else if (t === 1) {
      crossEntropy = -logP;
      u = q;
      weight = positiveWeights[c];
      pMinusT = -q;
      focusing = -crossEntropy * p;
    } else {
      // Checked here, after the tests for 0 and 1, so the usual binary targets skip it.
      if (!(t >= 0 && t <= 1)) {
        throw invalidProbabilityTarget(t, i);
      }
      crossEntropy = -(t * logP + (1 - t) * logQ);
      u = t * q + (1 - t) * p;
      weight = t * positiveWeights[c] + (1 - t) * negativeWeights[c];
      // p - t written as p (1 - t) - t q, which keeps its precision when p is close to t.
      pMinusT = p * (1 - t) - t * q;
      // u >= min(t, 1 - t) > 0 here, unless t is within float32 rounding of 0 or 1.
      const ratio = u > 0 ? crossEntropy / u : 1;
      focusing = ratio * (1 - 2 * t) * p * q;
    }

    const modulation = power(u, gamma);
    const loss = weight * crossEntropy * modulation;
    total += loss;
    if (losses !== null) {
      losses[i] = loss;
    }
    if (gradient !== null) {
      gradient[i] = gradientScale * weight * modulation * (pMinusT + gamma * focusing);
    }

    innerLeft--;
    if (innerLeft === 0) {
      innerLeft = numInner;
      c = c + 1 === numClasses ? 0 : c + 1;
    }
  }
  return { total, count: size };
}
