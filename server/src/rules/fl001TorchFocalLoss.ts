import {
  FOCAL_LOSS_EXPLAINER,
  QUICK_FIX_NOTE,
  UNEVALUATED_ANNOTATION_NOTE,
} from "./focalLossExplainer";
import { qualifiedNameOf, type Rule } from "./rule";

/**
 * Modules a user might expect `FocalLoss` on. None of them has it in any PyTorch release, nor
 * does js-pytorch's `torch.nn`, which mirrors PyTorch in JavaScript.
 */
const TORCH_NN_MODULES = new Set([
  "torch.nn",
  "torch.nn.modules",
  "torch.nn.modules.loss",
  "js-pytorch.torch.nn",
]);

export const fl001TorchFocalLoss: Rule = {
  code: "FL001",
  title: "torch.nn has no FocalLoss",
  defaultSeverity: "error",
  languages: ["python", "typescript"],
  candidateNames: ["FocalLoss"],

  check(reference, site) {
    if (reference.member !== "FocalLoss" || !TORCH_NN_MODULES.has(reference.module)) {
      return undefined;
    }
    const consequence =
      site === "unevaluatedAnnotation"
        ? `. ${UNEVALUATED_ANNOTATION_NOTE}`
        : ", so this raises AttributeError.";
    return {
      message:
        `${qualifiedNameOf(reference)} does not exist: PyTorch has no focal loss class` +
        `${consequence} Use torchvision.ops.sigmoid_focal_loss for binary or multi-label ` +
        "targets, or apply the quick fix to insert a FocalLoss module.",
    };
  },

  hover(reference) {
    return [
      `### FL001: \`${qualifiedNameOf(reference)}\` does not exist`,
      "",
      "PyTorch has no focal loss in `torch.nn`: this line raises " +
        "`AttributeError: module 'torch.nn' has no attribute 'FocalLoss'` " +
        "(or `ImportError` for `from torch.nn import FocalLoss`). " +
        "PyTorch's maintainers point to torchvision, which has a sigmoid (binary) form only.",
      "",
      FOCAL_LOSS_EXPLAINER,
      "",
      QUICK_FIX_NOTE,
    ].join("\n");
  },
};
