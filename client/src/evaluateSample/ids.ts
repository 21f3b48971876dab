// Kept apart from the panel's code so that extension.ts can name the command and the view type
// at activation without loading the panel module.

export { EVALUATE_SAMPLE_COMMAND } from "../../../src/common/initializationOptions";

/** The webview panel's view type, which its serializer restores after a window reload. */
export const EVALUATE_SAMPLE_VIEW_TYPE = "focalLoss.evaluateSample";
