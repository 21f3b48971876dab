/**
 * Markdown shared by the hovers of every rule: the definition of focal loss, what its parameters
 * do, and the implementations that really exist.
 */
export const FOCAL_LOSS_EXPLAINER = [
  "**Focal loss** (Lin et al., *Focal Loss for Dense Object Detection*, ICCV 2017):",
  "",
  "`FL(p_t) = −α_t (1 − p_t)^γ log(p_t)`, where `p_t` is the predicted probability of the true class.",
  "",
  "- `γ` (gamma) ≥ 0 down-weights easy examples: with `γ = 0` focal loss is cross-entropy.",
  "- `α` (alpha) balances classes. In the sigmoid form `α_t = α` for positives and `1 − α` for " +
    "negatives; a multi-class loss needs one `α` per class, because a single number only rescales the loss.",
  "- The paper's defaults for the sigmoid form are `α = 0.25`, `γ = 2`.",
  "",
  "**What exists:**",
  "",
  "- PyTorch: `torchvision.ops.sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, " +
    "reduction='none')` for binary and multi-label targets. Its default `reduction` is `'none'`, " +
    "so it returns one loss per element. `torch.nn` has no focal loss.",
  "- Keras: `keras.losses.BinaryFocalCrossentropy` (TensorFlow 2.8+), " +
    "`keras.losses.CategoricalFocalCrossentropy` (TensorFlow 2.13+ and Keras 3) and, in Keras 3, " +
    "`keras.losses.SparseCategoricalFocalCrossentropy`.",
  "- TensorFlow.js: no focal loss.",
].join("\n");

export const QUICK_FIX_NOTE =
  "A quick fix (Ctrl+. or Cmd+.) replaces this with code that exists and has been tested.";

/** Replaces "so this raises AttributeError" for a reference in an unevaluated annotation. */
export const UNEVALUATED_ANNOTATION_NOTE =
  "Python does not evaluate this annotation, because of `from __future__ import annotations`, " +
  "so it raises nothing at run time, but type checkers report it.";
