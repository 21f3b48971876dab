import type { ResolvedReferenceOptions, UnreducedLoss } from "./float64Reference";
import type { Flat } from "./nested";

// The runtime clips probabilities to [1e-7, 1 - 1e-7] with fromLogits false, as Keras does.
const EPSILON = 1e-7;

/** log(sigmoid(x)) = -softplus(-x), which stays finite for every finite x. */
function logSigmoid(x: number): number {
  return -(Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
}

/**
 * Computes torchvision's sigmoid focal loss alpha_t * ce * (1 - p_t)^gamma per element, with
 * ce = -(t log p + (1 - t) log(1 - p)), 1 - p_t = t (1 - p) + (1 - t) p and
 * alpha_t = alpha t + (1 - alpha)(1 - t), and its gradient with respect to the input.
 */
export function sigmoidReference(
  input: Flat,
  target: Flat,
  options: ResolvedReferenceOptions,
): UnreducedLoss {
  const { shape, values } = input;
  const classes = shape.length >= 2 ? shape[1] : 1;
  const inner = shape.slice(2).reduce((product, size) => product * size, 1);
  const { alpha, gamma, fromLogits } = options;
  const losses: number[] = [];
  const gradient: number[] = [];

  values.forEach((x, i) => {
    const t = target.values[i];
    // a = log p and b = log(1 - p), with their derivatives with respect to the input.
    let a: number, b: number, dadx: number, dbdx: number;
    if (fromLogits) {
      a = logSigmoid(x);
      b = logSigmoid(-x);
      dadx = Math.exp(b);
      dbdx = -Math.exp(a);
    } else {
      const inRange = (value: number) => value >= EPSILON && value <= 1 - EPSILON;
      const clip = (value: number) => Math.min(Math.max(value, EPSILON), 1 - EPSILON);
      a = Math.log(clip(x));
      b = Math.log(clip(1 - x));
      dadx = inRange(x) ? 1 / x : 0;
      dbdx = inRange(1 - x) ? -1 / (1 - x) : 0;
    }

    const p = Math.exp(a);
    const q = Math.exp(b);
    const ce = -(t * a + (1 - t) * b);
    const oneMinusPt = t * q + (1 - t) * p;
    const modulation = Math.pow(oneMinusPt, gamma);
    // gamma ce (1 - p_t)^(gamma - 1), written with ce / (1 - p_t), which tends to 1 where
    // 1 - p_t underflows to 0, so that the derivative stays finite for gamma < 1.
    const k = gamma * (oneMinusPt > 0 ? ce / oneMinusPt : 1) * modulation;
    const dLossDa = -t * modulation + k * (1 - t) * p;
    const dLossDb = -(1 - t) * modulation + k * t * q;

    const weight = alphaWeight(alpha, Math.floor(i / inner) % classes, t);
    losses.push(weight * ce * modulation);
    gradient.push(weight * (dLossDa * dadx + dLossDb * dbdx));
  });
  return { losses, lossShape: shape, gradient, count: values.length };
}

function alphaWeight(alpha: number | readonly number[] | null, classIndex: number, t: number) {
  const a = Array.isArray(alpha) ? (alpha as readonly number[])[classIndex] : alpha;
  // A negative alpha disables the weighting, as in torchvision.
  if (a === null || (a as number) < 0) {
    return 1;
  }
  return (a as number) * t + (1 - (a as number)) * (1 - t);
}
