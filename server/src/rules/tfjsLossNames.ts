/**
 * Loss names that tfjs-layers' `model.compile({ loss })` accepts (TensorFlow.js 4.x,
 * tfjs-layers/src/losses.ts). Any other string throws "Unknown loss <name>" when the model is
 * compiled, and a function `(yTrue, yPred) => tf.Tensor` is always accepted.
 */
export const TFJS_COMPILE_LOSSES: ReadonlySet<string> = new Set([
  "meanSquaredError",
  "meanAbsoluteError",
  "meanAbsolutePercentageError",
  "meanSquaredLogarithmicError",
  "squaredHinge",
  "hinge",
  "categoricalHinge",
  "logcosh",
  "categoricalCrossentropy",
  "sparseCategoricalCrossentropy",
  "binaryCrossentropy",
  "kullbackLeiblerDivergence",
  "poisson",
  "cosineProximity",
]);

/** The functions of `tf.losses` in tfjs-core; none of them is a focal loss. */
export const TFJS_CORE_LOSSES: readonly string[] = [
  "absoluteDifference",
  "computeWeightedLoss",
  "cosineDistance",
  "hingeLoss",
  "huberLoss",
  "logLoss",
  "meanSquaredError",
  "sigmoidCrossEntropy",
  "softmaxCrossEntropy",
];

/** The focal loss an FL004 quick fix inserts: softmax outputs with one-hot targets, or sigmoid. */
export type FocalLossKind = "categorical" | "binary";

/**
 * Focal-loss names people look up on `tf.losses`, as words. They come from PyTorch libraries,
 * Keras (`BinaryFocalCrossentropy`) and TensorFlow Addons (`SigmoidFocalCrossEntropy`).
 */
const MISSING_FUNCTION_WORDS: readonly (readonly string[])[] = [
  ["focal", "loss"],
  ["sigmoid", "focal", "loss"],
  ["softmax", "focal", "loss"],
  ["binary", "focal", "loss"],
  ["categorical", "focal", "loss"],
  ["sigmoid", "focal", "crossentropy"],
  ["softmax", "focal", "crossentropy"],
  ["binary", "focal", "crossentropy"],
  ["categorical", "focal", "crossentropy"],
  ["sparse", "categorical", "focal", "crossentropy"],
];

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/** Spells one name in camelCase, PascalCase and snake_case, with "crossentropy" as one or two words. */
function spellings(words: readonly string[]): string[] {
  const split = words.flatMap((word) => (word === "crossentropy" ? ["cross", "entropy"] : [word]));
  const names: string[] = [];
  for (const variant of [words, split]) {
    const [first, ...rest] = variant;
    names.push(first + rest.map(capitalise).join(""));
    names.push(variant.map(capitalise).join(""));
    names.push(variant.join("_"));
  }
  return [...new Set(names)];
}

/** Every spelling of a focal-loss name on `tf.losses` that FL004 reports. */
export const MISSING_TFJS_FUNCTIONS: readonly string[] = MISSING_FUNCTION_WORDS.flatMap(spellings);

/**
 * Returns which focal loss a name stands for: binary for "binary" and "sigmoid" names, and
 * categorical for "categorical" and "softmax" names. Returns undefined when the name does not
 * settle it, as for plain `focalLoss`. Sparse names are categorical too, but take class indices,
 * which neither inserted function accepts (see isSparseLossName).
 */
export function focalLossKindOfName(name: string): FocalLossKind | undefined {
  const words = name.toLowerCase().replaceAll("_", "");
  if (words.includes("binary") || words.includes("sigmoid")) {
    return "binary";
  }
  if (words.includes("categorical") || words.includes("softmax")) {
    return "categorical";
  }
  return undefined;
}

/**
 * Returns whether a loss name takes class-index targets, as Keras's
 * SparseCategoricalFocalCrossentropy does. The inserted functions take one-hot or 0/1 targets, so
 * such a name gets no function fix: fit() would fail on the index targets.
 */
export function isSparseLossName(name: string): boolean {
  return name.toLowerCase().includes("sparse");
}
