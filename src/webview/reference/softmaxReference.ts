import type { ResolvedReferenceOptions, UnreducedLoss } from "./float64Reference";
import type { Flat } from "./nested";

const EPSILON = 1e-7;

/**
 * Computes the softmax focal loss -alpha (1 - p_t)^gamma log p_t over axis 1 of an (N, C, ...)
 * input, for class-index targets (N, ...) or soft targets of the input's shape, and its
 * gradient with respect to the input. Ignored positions contribute 0 and do not count.
 */
export function softmaxReference(
  input: Flat,
  target: Flat,
  options: ResolvedReferenceOptions,
): UnreducedLoss {
  const { shape, values } = input;
  const [batch, classes] = shape;
  const inner = shape.slice(2).reduce((product, size) => product * size, 1);
  const softTargets = target.values.length === values.length;
  const { alpha, gamma, ignoreIndex } = options;
  const weightOf = (c: number): number => classWeight(alpha, c);

  const losses: number[] = [];
  const gradient = new Array<number>(values.length).fill(0);
  let count = 0;
  for (let n = 0; n < batch; n++) {
    for (let s = 0; s < inner; s++) {
      const index = (c: number) => (n * classes + c) * inner + s;
      const row = Array.from({ length: classes }, (_, c) => values[index(c)]);
      const { logP, backward } = logProbabilities(row, options.fromLogits);

      // upstream[c] = d(loss)/d(log p_c), which backward() maps to d(loss)/d(input).
      const upstream = new Array<number>(classes).fill(0);
      let loss = 0;
      if (softTargets) {
        count++;
        for (let c = 0; c < classes; c++) {
          const weight = weightOf(c) * target.values[index(c)];
          loss += weight * focalTerm(logP[c], gamma);
          upstream[c] = weight * focalTermDerivative(logP[c], gamma);
        }
      } else {
        const k = target.values[n * inner + s];
        if (k !== ignoreIndex) {
          count++;
          loss = weightOf(k) * focalTerm(logP[k], gamma);
          upstream[k] = weightOf(k) * focalTermDerivative(logP[k], gamma);
        }
      }
      losses.push(loss);
      backward(upstream).forEach((value, c) => (gradient[index(c)] = value));
    }
  }
  const lossShape = shape.filter((_, axis) => axis !== 1);
  return { losses, lossShape, gradient, count };
}

/** Returns the weight of class `c`: 1 without alpha, a scalar alpha, or alpha[c]. */
function classWeight(alpha: number | readonly number[] | null, c: number): number {
  if (alpha === null) {
    return 1;
  }
  return typeof alpha === "number" ? alpha : alpha[c];
}

/** -(1 - p)^gamma log p from l = log p, with 1 - p = -expm1(l) to keep its precision. */
function focalTerm(logP: number, gamma: number): number {
  return -Math.pow(-Math.expm1(logP), gamma) * logP;
}

/** d/dl of focalTerm: -(1 - p)^gamma (1 + gamma p l / expm1(l)), where l / expm1(l) -> 1. */
function focalTermDerivative(logP: number, gamma: number): number {
  const ratio = logP === 0 ? 1 : logP / Math.expm1(logP);
  return -Math.pow(-Math.expm1(logP), gamma) * (1 + gamma * Math.exp(logP) * ratio);
}

/** log p over one position's classes, and the vector-Jacobian product back to the input. */
function logProbabilities(
  row: number[],
  fromLogits: boolean,
): { logP: number[]; backward(upstream: number[]): number[] } {
  if (fromLogits) {
    // log-sum-exp with log1p around the largest logit, so that log p of a dominant class keeps
    // its tiny distance from 0 instead of rounding to 0.
    const top = row.indexOf(Math.max(...row));
    const rest = row.reduce((sum, x, c) => (c === top ? sum : sum + Math.exp(x - row[top])), 0);
    const logSumExp = row[top] + Math.log1p(rest);
    const logP = row.map((x) => x - logSumExp);
    const p = logP.map(Math.exp);
    // d log p_c / d x_j = delta_cj - p_j.
    return {
      logP,
      backward: (upstream) => {
        const total = upstream.reduce((sum, value) => sum + value, 0);
        return upstream.map((value, j) => value - p[j] * total);
      },
    };
  }

  // Probabilities are renormalised along the class axis, then clipped, as Keras does.
  const sum = row.reduce((total, value) => total + value, 0);
  const normalised = row.map((value) => value / sum);
  const inRange = normalised.map((value) => value >= EPSILON && value <= 1 - EPSILON);
  const logP = normalised.map((value) => Math.log(Math.min(Math.max(value, EPSILON), 1 - EPSILON)));
  // d log p_c / d P_j = [c unclipped] (delta_cj / P_j - 1 / sum).
  return {
    logP,
    backward: (upstream) => {
      const masked = upstream.map((value, c) => (inRange[c] ? value : 0));
      const total = masked.reduce((acc, value) => acc + value, 0);
      return masked.map((value, j) => (value === 0 ? 0 : value / row[j]) - total / sum);
    },
  };
}
