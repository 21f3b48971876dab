import {
  FOCAL_LOSS_EXPLAINER,
  QUICK_FIX_NOTE,
  UNEVALUATED_ANNOTATION_NOTE,
} from "./focalLossExplainer";
import { qualifiedNameOf, type Rule } from "./rule";

const FUNCTIONAL_MODULES = new Set(["torch.nn.functional"]);

/** Function names people expect on `torch.nn.functional`; none exists there. */
const MISSING_FUNCTIONS = [
  "focal_loss",
  "sigmoid_focal_loss",
  "softmax_focal_loss",
  "binary_focal_loss",
] as const;

export const fl002FunctionalFocalLoss: Rule = {
  code: "FL002",
  title: "torch.nn.functional has no focal-loss function",
  defaultSeverity: "error",
  languages: ["python"],
  candidateNames: MISSING_FUNCTIONS,

  check(reference, site) {
    if (
      !FUNCTIONAL_MODULES.has(reference.module) ||
      !(MISSING_FUNCTIONS as readonly string[]).includes(reference.member)
    ) {
      return undefined;
    }
    const consequence =
      site === "unevaluatedAnnotation"
        ? `. ${UNEVALUATED_ANNOTATION_NOTE}`
        : ", so this raises AttributeError.";
    const missing =
      `${qualifiedNameOf(reference)} does not exist: torch.nn.functional has no focal-loss ` +
      `function${consequence}`;
    // The quick fix turns a softmax name into the softmax FocalLoss class. torchvision.ops (0.14)
    // has only the sigmoid form, so it is not suggested here.
    if (reference.member === "softmax_focal_loss") {
      return {
        message: `${missing} Apply the quick fix to insert a softmax FocalLoss module.`,
      };
    }
    return {
      message:
        `${missing} Use torchvision.ops.sigmoid_focal_loss, or apply the quick fix to insert a ` +
        "sigmoid_focal_loss function.",
    };
  },

  hover(reference) {
    return [
      `### FL002: \`${qualifiedNameOf(reference)}\` does not exist`,
      "",
      "`torch.nn.functional` has `cross_entropy` and `binary_cross_entropy_with_logits`, " +
        `but no \`${reference.member}\`: this line raises AttributeError ` +
        "(or ImportError in a `from … import`).",
      "",
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
