import { FOCAL_LOSS_EXPLAINER, QUICK_FIX_NOTE } from "./focalLossExplainer";
import { qualifiedNameOf, type Rule } from "./rule";
import { MISSING_TFJS_FUNCTIONS, TFJS_COMPILE_LOSSES, TFJS_CORE_LOSSES } from "./tfjsLossNames";

/** The module path under which the analysis reports the `loss` strings of `model.compile`. */
export const COMPILE_LOSS_MODULE = "tfjs.compile.loss";

export const fl004TfjsFocalLoss: Rule = {
  code: "FL004",
  title: "TensorFlow.js has no focal loss",
  defaultSeverity: "error",
  languages: ["typescript"],
  candidateNames: MISSING_TFJS_FUNCTIONS,

  check(reference) {
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
            ? "TensorFlow.js has no focal loss at all, so pass a loss function instead: the " +
              "quick fix inserts one."
            : `Use one of ${[...TFJS_COMPILE_LOSSES].join(", ")}, or pass a loss function.`),
      };
    }
    if (reference.module !== "tfjs.losses" || !MISSING_TFJS_FUNCTIONS.includes(reference.member)) {
      return undefined;
    }
    return {
      message:
        `${qualifiedNameOf(reference).replace(/^tfjs/, "tf")} does not exist: TensorFlow.js has ` +
        "no focal loss, so this is undefined and calling it throws a TypeError. The quick fix " +
        "inserts a focalLoss function and calls it.",
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
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
