import { ValidationError } from "./validationError";

export type Reduction = "none" | "mean" | "sum";
export const REDUCTIONS: readonly Reduction[] = ["none", "mean", "sum"];

/** Class weighting: none, one number, or one weight per class along axis 1. */
export type Alpha = number | readonly number[] | null;

export interface FocalLossOptions {
  alpha?: Alpha;
  /** Focusing parameter, >= 0. With 0 the loss is (binary) cross-entropy. */
  gamma?: number;
  reduction?: Reduction;
  /**
   * Whether the input contains logits. With false it contains probabilities, which are clipped
   * to [1e-7, 1 - 1e-7] as Keras does (and renormalised along axis 1 first for softmax).
   */
  fromLogits?: boolean;
}

export interface SoftmaxFocalLossOptions extends FocalLossOptions {
  /** Target index whose positions contribute 0 and are left out of the mean. */
  ignoreIndex?: number;
}

export interface ResolvedOptions {
  alpha: Alpha;
  gamma: number;
  reduction: Reduction;
  fromLogits: boolean;
  ignoreIndex: number;
}

/** Keras clips probabilities to [epsilon, 1 - epsilon] with this epsilon before taking logs. */
export const PROBABILITY_EPSILON = 1e-7;

/** The ignoreIndex default, PyTorch's `ignore_index` default for cross-entropy. */
export const DEFAULT_IGNORE_INDEX = -100;

const SOFTMAX_DEFAULTS: ResolvedOptions = {
  alpha: null,
  gamma: 2,
  reduction: "mean",
  fromLogits: true,
  ignoreIndex: DEFAULT_IGNORE_INDEX,
};

// torchvision.ops.sigmoid_focal_loss (0.14) defaults to alpha 0.25, gamma 2 and reduction "none".
const SIGMOID_DEFAULTS: ResolvedOptions = {
  alpha: 0.25,
  gamma: 2,
  reduction: "none",
  fromLogits: true,
  ignoreIndex: DEFAULT_IGNORE_INDEX,
};

const SOFTMAX_OPTION_NAMES = ["alpha", "gamma", "reduction", "fromLogits", "ignoreIndex"];
const SIGMOID_OPTION_NAMES = ["alpha", "gamma", "reduction", "fromLogits"];

/**
 * Validates the options of one call and fills in the defaults of the loss kind.
 * `numClasses` is the size of axis 1, which a per-class alpha must match.
 * Throws ValidationError naming the option, the value and the fix.
 */
export function resolveOptions(
  kind: "sigmoid" | "softmax",
  options: SoftmaxFocalLossOptions,
  numClasses: number,
): ResolvedOptions {
  const known = kind === "softmax" ? SOFTMAX_OPTION_NAMES : SIGMOID_OPTION_NAMES;
  for (const [name, value] of Object.entries(options)) {
    if (!known.includes(name) && value !== undefined) {
      const hint =
        name === "ignoreIndex"
          ? " ignoreIndex applies only to softmaxFocalLoss with class-index targets."
          : ` Known options: ${known.join(", ")}.`;
      throw new ValidationError(name, `Unknown ${kind} focal loss option "${name}".${hint}`);
    }
  }

  const defaults = kind === "softmax" ? SOFTMAX_DEFAULTS : SIGMOID_DEFAULTS;
  const resolved: ResolvedOptions = {
    alpha: options.alpha === undefined ? defaults.alpha : options.alpha,
    gamma: options.gamma ?? defaults.gamma,
    reduction: options.reduction ?? defaults.reduction,
    fromLogits: options.fromLogits ?? defaults.fromLogits,
    ignoreIndex: options.ignoreIndex ?? defaults.ignoreIndex,
  };

  const { gamma, reduction, fromLogits, ignoreIndex } = resolved;
  if (typeof gamma !== "number" || !Number.isFinite(gamma) || gamma < 0) {
    throw new ValidationError(
      "gamma",
      `gamma must be a finite number >= 0, got ${String(gamma)}. ` +
        "Use 2 (the RetinaNet value), or 0 for plain cross-entropy.",
    );
  }
  if (!REDUCTIONS.includes(reduction)) {
    throw new ValidationError(
      "reduction",
      `reduction must be "none", "mean" or "sum", got ${JSON.stringify(reduction)}.`,
    );
  }
  if (typeof fromLogits !== "boolean") {
    throw new ValidationError(
      "fromLogits",
      `fromLogits must be true (the input contains logits) or false (probabilities), ` +
        `got ${JSON.stringify(fromLogits)}.`,
    );
  }
  if (!Number.isSafeInteger(ignoreIndex)) {
    throw new ValidationError(
      "ignoreIndex",
      `ignoreIndex must be an integer, got ${String(ignoreIndex)}. The default is -100.`,
    );
  }
  validateAlpha(kind, resolved.alpha, numClasses);
  return resolved;
}

function validateAlpha(kind: "sigmoid" | "softmax", alpha: unknown, numClasses: number): void {
  if (alpha === null) {
    return;
  }

  // A sigmoid alpha weights positives by alpha and negatives by 1 - alpha, so it lies in [0, 1].
  // torchvision disables it with a negative number. A softmax alpha is a plain multiplier.
  const range = kind === "sigmoid" ? "in [0, 1]" : ">= 0";
  const isValidWeight = (value: unknown): boolean =>
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= 0 &&
    (kind === "softmax" || value <= 1);

  if (typeof alpha === "number") {
    const disabledSigmoidAlpha = kind === "sigmoid" && Number.isFinite(alpha) && alpha < 0;
    if (!disabledSigmoidAlpha && !isValidWeight(alpha)) {
      const disable = kind === "sigmoid" ? "null or a negative number" : "null";
      throw new ValidationError(
        "alpha",
        `alpha must be a finite number ${range}, got ${alpha}. Pass ${disable} for no weighting.`,
      );
    }
    return;
  }
  if (!Array.isArray(alpha)) {
    throw new ValidationError(
      "alpha",
      `alpha must be null, a number or an array of numbers, got ${JSON.stringify(alpha)}.`,
    );
  }

  if (alpha.length !== numClasses) {
    throw new ValidationError(
      "alpha",
      `alpha has ${alpha.length} weights but the input has ${numClasses} classes along axis 1. ` +
        "Pass one weight per class, a single number, or null.",
    );
  }
  const badIndex = alpha.findIndex((value) => !isValidWeight(value));
  if (badIndex >= 0) {
    throw new ValidationError(
      `alpha[${badIndex}]`,
      `alpha[${badIndex}] must be a finite number ${range}, got ${String(alpha[badIndex])}.`,
    );
  }
}
