// Kept apart from the panel's code so that extension.ts can name the command and the view type
// at activation without loading the panel module.

/** The command that opens the "Evaluate Sample" panel, which hovers link to. */
export const EVALUATE_SAMPLE_COMMAND = "focalLoss.evaluateSample";

/** The webview panel's view type, which its serializer restores after a window reload. */
export const EVALUATE_SAMPLE_VIEW_TYPE = "focalLoss.evaluateSample";
