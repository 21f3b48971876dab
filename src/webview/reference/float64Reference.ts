import { flatten, unflatten, type Nested } from "./nested";
import { sigmoidReference } from "./sigmoidReference";
import { softmaxReference } from "./softmaxReference";

/*
 * An independent float64 implementation of the runtime's focal losses and their gradients, in
 * plain JavaScript, so that the panel can check a sample that has no stored expected values
 * (the cursor's and the user's). It follows the runtime's documented semantics and defaults,
 * and test/webview checks it against the float64 PyTorch values of the built-in suite.
 */

export type Reduction = "none" | "mean" | "sum";

/** The fields of an evaluateSample input that the loss depends on. */
export interface ReferenceSample {
  loss: "sigmoid" | "softmax";
  input: unknown;
  target: unknown;
  fromLogits?: boolean;
  alpha?: number | readonly number[] | null;
  gamma?: number;
  reduction?: Reduction;
  ignoreIndex?: number;
}

/** Options with the defaults of the loss kind filled in. */
export interface ResolvedReferenceOptions {
  alpha: number | readonly number[] | null;
  gamma: number;
  fromLogits: boolean;
  ignoreIndex: number;
}

/** Per-position losses, d(loss)/d(input) per input element, and how to reduce them. */
export interface UnreducedLoss {
  losses: number[];
  lossShape: number[];
  gradient: number[];
  /** The number of positions that "mean" divides by. */
  count: number;
}

export interface ReferenceResult {
  loss: Nested;
  /** d(sum of the loss output)/d(input), in the input's shape. */
  gradient: Nested;
}

/**
 * Computes the loss and d(sum of the loss output)/d(input) of a valid sample in float64.
 * Call it only on samples that evaluateSample accepted, because it does not validate them.
 */
export function float64Reference(sample: ReferenceSample): ReferenceResult {
  const input = flatten(sample.input);
  const target = flatten(sample.target);
  const isSigmoid = sample.loss === "sigmoid";
  // Without an alpha, the sigmoid form uses torchvision's default of 0.25 and softmax none.
  let alpha = sample.alpha;
  if (alpha === undefined) {
    alpha = isSigmoid ? 0.25 : null;
  }
  const options: ResolvedReferenceOptions = {
    alpha,
    gamma: sample.gamma ?? 2,
    fromLogits: sample.fromLogits ?? true,
    ignoreIndex: sample.ignoreIndex ?? -100,
  };
  const reduction = sample.reduction ?? (isSigmoid ? "none" : "mean");

  const unreduced = isSigmoid
    ? sigmoidReference(input, target, options)
    : softmaxReference(input, target, options);
  return reduce(unreduced, reduction, input.shape);
}

function reduce(
  { losses, lossShape, gradient, count }: UnreducedLoss,
  reduction: Reduction,
  inputShape: number[],
): ReferenceResult {
  if (reduction === "none") {
    return { loss: unflatten(losses, lossShape), gradient: unflatten(gradient, inputShape) };
  }
  const total = losses.reduce((sum, value) => sum + value, 0);
  // "mean" divides by the positions that count, and by 1 when none do, as the runtime does.
  const scale = reduction === "sum" ? 1 : 1 / Math.max(count, 1);
  return {
    loss: total * scale,
    gradient: unflatten(
      gradient.map((value) => value * scale),
      inputShape,
    ),
  };
}
