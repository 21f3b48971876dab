import { FOCAL_LOSS_EXPLAINER, QUICK_FIX_NOTE } from "./focalLossExplainer";
import { qualifiedNameOf, type Rule } from "./rule";
import { MISSING_TFJS_FUNCTIONS, TFJS_COMPILE_LOSSES, TFJS_CORE_LOSSES } from "./tfjsLossNames";

/** The module path under which the analysis reports the `loss` strings of `model.compile`. */
export const COMPILE_LOSS_MODULE = "tfjs.compile.loss";

/**
 * The signatures of the functions the quick fix inserts, as templates/typescript/focalLoss.ts
 * declares them; a test checks that the template still has them.
 */
export const INSERTED_SIGNATURES = [
  "function focalLoss(yTrue: tf.Tensor, yPred: tf.Tensor, gamma = 2, alpha: number | number[] | null = null, options: { fromLogits?: boolean } = {}): tf.Tensor",
  "function binaryFocalLoss(yTrue: tf.Tensor, yPred: tf.Tensor, gamma = 2, alpha: number | null = null, options: { fromLogits?: boolean } = {}): tf.Tensor",
] as const;

export const fl004TfjsFocalLoss: Rule = {
  code: "FL004",
  title: "TensorFlow.js has no focal loss",
  defaultSeverity: "error",
  languages: ["typescript"],
  candidateNames: MISSING_TFJS_FUNCTIONS,

  check(reference) {
    // A name or string key that stands for the loss has no quick fix, so the message offers none.
    const indirect = reference.indirect === true;
    if (reference.module === COMPILE_LOSS_MODULE) {
      if (TFJS_COMPILE_LOSSES.has(reference.member)) {
        return undefined;
      }
      const focal = /focal/i.test(reference.member);
      return {
        message:
          `TensorFlow.js has no loss named "${reference.member}": model.compile throws ` +
          `"Unknown loss ${reference.member}". ` +
          (focal
            ? "TensorFlow.js has no focal loss at all, so pass a loss function instead" +
              (indirect ? "." : ": the quick fix inserts one.")
            : `Use one of ${[...TFJS_COMPILE_LOSSES].join(", ")}, or pass a loss function.`),
      };
    }
    if (reference.module !== "tfjs.losses" || !MISSING_TFJS_FUNCTIONS.includes(reference.member)) {
      return undefined;
    }
    return {
      message:
        `${qualifiedNameOf(reference).replace(/^tfjs/, "tf")} does not exist: TensorFlow.js has ` +
        "no focal loss, so this is undefined and calling it throws a TypeError. " +
        (indirect
          ? "Write a focal loss function and call it instead."
          : "The quick fix inserts a focalLoss or binaryFocalLoss function and calls it."),
    };
  },

  hover(reference) {
    const what =
      reference.module === COMPILE_LOSS_MODULE
        ? `the loss name \`"${reference.member}"\``
        : `\`tf.losses.${reference.member}\``;
    return [
      `### FL004: TensorFlow.js does not know ${what}`,
      "",
      "`model.compile({ loss })` accepts these names only: " +
        [...TFJS_COMPILE_LOSSES].map((name) => `\`${name}\``).join(", ") +
        ". Any other string throws `Unknown loss …` when the model is compiled, not when the " +
        "file is loaded. A function `(yTrue, yPred) => tf.Tensor` is always accepted.",
      "",
      "`tf.losses` has " +
        TFJS_CORE_LOSSES.map((name) => `\`${name}\``).join(", ") +
        ": no focal loss.",
      "",
      "The quick fix inserts one of these, with softmax outputs and one-hot targets for " +
        "`focalLoss` and sigmoid outputs with 0/1 targets for `binaryFocalLoss`. Each returns " +
        "one loss per example, and a `tf.losses` call is rewritten with `.mean()`. A call " +
        "named like `tf.losses.sigmoidCrossEntropy(labels, logits)` passes its logits with " +
        "`{ fromLogits: true }`:",
      "",
      "```ts",
      "// tfjs-layers accepts any function of this type as `loss`:",
      "type LossOrMetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;",
      ...INSERTED_SIGNATURES,
      "```",
      "",
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
