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
