import { KERAS_COMPILE_MODULE } from "../analysis/python/kerasCompileLoss";
import { FOCAL_LOSS_EXPLAINER, QUICK_FIX_NOTE } from "./focalLossExplainer";
import { qualifiedNameOf, type ApiReference, type Rule } from "./rule";

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
 * Focal-loss names that Keras does not have. `SigmoidFocalCrossEntropy` is TensorFlow Addons'
 * class (`tfa.losses`, where it is real), which people often look for under `keras.losses`.
 * Python names are case-sensitive, so a capital E in `…CrossEntropy` is missing too.
 */
const MISSING_NAMES = [
  "FocalLoss",
  "SigmoidFocalCrossEntropy",
  "SigmoidFocalCrossentropy",
  "BinaryFocalCrossEntropy",
  "CategoricalFocalCrossEntropy",
  "BinaryFocalLoss",
  "CategoricalFocalLoss",
  "focal_loss",
  "binary_focal_loss",
  "categorical_focal_loss",
  "sigmoid_focal_crossentropy",
] as const;

/**
 * Loss strings that `compile(loss=…)` rejects with ValueError. Keras accepts the names of its
 * loss functions, `"binary_focal_crossentropy"` and, from TensorFlow 2.13 and Keras 3,
 * `"categorical_focal_crossentropy"`.
 */
const MISSING_LOSS_STRINGS = new Set([
  "focal",
  "focal_loss",
  "FocalLoss",
  "binary_focal_loss",
  "categorical_focal_loss",
  "sigmoid_focal_loss",
  "sigmoid_focal_crossentropy",
  "focal_crossentropy",
]);

/** The earliest releases whose TensorFlow API documentation lists each real Keras focal loss. */
const AVAILABILITY =
  "`BinaryFocalCrossentropy` exists from TensorFlow 2.8, `CategoricalFocalCrossentropy` from " +
  "TensorFlow 2.13, and both are in Keras 3, which also has `SparseCategoricalFocalCrossentropy` " +
  "for class-index targets.";

function isMissingLossString(reference: ApiReference): boolean {
  return (
    reference.kind === "lossString" &&
    reference.module === KERAS_COMPILE_MODULE &&
    MISSING_LOSS_STRINGS.has(reference.member)
  );
}

function isMissingName(reference: ApiReference): boolean {
  return (
    reference.kind !== "lossString" &&
    KERAS_LOSS_MODULES.has(reference.module) &&
    (MISSING_NAMES as readonly string[]).includes(reference.member)
  );
}

export const fl003KerasFocalLoss: Rule = {
  code: "FL003",
  title: "Keras has no focal loss by this name",
  defaultSeverity: "error",
  languages: ["python"],
  candidateNames: MISSING_NAMES,

  check(reference) {
    if (isMissingLossString(reference)) {
      return {
        message:
          `"${reference.member}" is not a Keras loss name, so compile() raises ValueError. ` +
          'Use "binary_focal_crossentropy" or "categorical_focal_crossentropy", or pass a ' +
          "keras.losses.BinaryFocalCrossentropy or CategoricalFocalCrossentropy instance.",
      };
    }
    if (!isMissingName(reference)) {
      return undefined;
    }
    return {
      message:
        `${qualifiedNameOf(reference)} does not exist: Keras's focal losses are ` +
        "BinaryFocalCrossentropy (TensorFlow 2.8+) and CategoricalFocalCrossentropy " +
        "(TensorFlow 2.13+ and Keras 3). Rename it to the one that matches your targets.",
    };
  },

  hover(reference) {
    const title =
      reference.kind === "lossString"
        ? `### FL003: \`"${reference.member}"\` is not a Keras loss name`
        : `### FL003: \`${qualifiedNameOf(reference)}\` does not exist`;
    return [
      title,
      "",
      "Keras names its focal losses `BinaryFocalCrossentropy` (binary and multi-label targets) " +
        "and `CategoricalFocalCrossentropy` (one-hot targets); as strings for `compile(loss=…)` " +
        'they are `"binary_focal_crossentropy"` and `"categorical_focal_crossentropy"`. ' +
        AVAILABILITY +
        " `SigmoidFocalCrossEntropy` belongs to TensorFlow Addons, which is no longer maintained.",
      "",
      "- `BinaryFocalCrossentropy(apply_class_balancing=False, alpha=0.25, gamma=2.0, " +
        "from_logits=False)`: `alpha` applies only when `apply_class_balancing=True`. TensorFlow " +
        "2.8 and 2.9 lack both arguments, and the 2.11 documentation has them.",
      "- `CategoricalFocalCrossentropy(alpha=0.25, gamma=2.0, from_logits=False)`.",
      "",
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
