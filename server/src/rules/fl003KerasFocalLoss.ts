import { FOCAL_LOSS_EXPLAINER, QUICK_FIX_NOTE } from "./focalLossExplainer";
import { qualifiedNameOf, type Rule } from "./rule";

/** Spellings of the Keras losses module, through TensorFlow or standalone Keras. */
const KERAS_LOSS_MODULES = new Set([
  "keras.losses",
  "keras.api.losses",
  "tf_keras.losses",
  "tensorflow.keras.losses",
  "tensorflow.python.keras.losses",
  "tensorflow.losses",
]);

/**
 * Focal-loss names that Keras does not have. `SigmoidFocalCrossEntropy` is the deprecated
 * TensorFlow Addons class (`tfa.losses`), which people often look for under `keras.losses`.
 */
const MISSING_NAMES = [
  "FocalLoss",
  "SigmoidFocalCrossEntropy",
  "SigmoidFocalCrossentropy",
  "BinaryFocalLoss",
  "CategoricalFocalLoss",
  "focal_loss",
  "sigmoid_focal_crossentropy",
] as const;

export const fl003KerasFocalLoss: Rule = {
  code: "FL003",
  title: "Keras has no focal loss by this name",
  defaultSeverity: "error",
  languages: ["python"],
  candidateNames: MISSING_NAMES,

  check(reference) {
    if (
      !KERAS_LOSS_MODULES.has(reference.module) ||
      !(MISSING_NAMES as readonly string[]).includes(reference.member)
    ) {
      return undefined;
    }
    return {
      message:
        `${qualifiedNameOf(reference)} does not exist: Keras's focal losses are ` +
        "BinaryFocalCrossentropy and CategoricalFocalCrossentropy (TensorFlow 2.13+ and Keras 3). " +
        "Rename it to the one that matches your targets.",
    };
  },

  hover(reference) {
    return [
      `### FL003: \`${qualifiedNameOf(reference)}\` does not exist`,
      "",
      "Keras names its focal losses `BinaryFocalCrossentropy` (binary and multi-label targets) " +
        "and `CategoricalFocalCrossentropy` (one-hot targets). Both exist from TensorFlow 2.13 " +
        "and in Keras 3. `SigmoidFocalCrossEntropy` belonged to TensorFlow Addons, which is " +
        "no longer maintained.",
      "",
      "- `BinaryFocalCrossentropy(apply_class_balancing=False, alpha=0.25, gamma=2.0, " +
        "from_logits=False)`: `alpha` applies only when `apply_class_balancing=True`.",
      "- `CategoricalFocalCrossentropy(alpha=0.25, gamma=2.0, from_logits=False)`.",
      "",
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
