/*
 * The contract of the `focalLoss/parametersAtCursor` request, which the language server handles
 * and the "Evaluate Sample" panel consumes. It lives beside the webview, its main consumer, and
 * has no imports so that the server, the extension host and the browser bundle can all use it.
 */

/** The LSP method that returns the focal-loss parameters of the call under the cursor. */
export const PARAMETERS_AT_CURSOR_METHOD = "focalLoss/parametersAtCursor";

export interface ParametersAtCursorParams {
  textDocument: { uri: string };
  /** Zero-based line and UTF-16 character, as LSP counts them. */
  position: { line: number; character: number };
}

export type LossKind = "sigmoid" | "softmax";
export type Reduction = "none" | "mean" | "sum";

/**
 * The parameters of one focal-loss call or construction, with the library's defaults filled in
 * where the code passes nothing. Values are copied from the document as written, so they may be
 * out of range (a negative gamma): the runtime's validation reports those.
 */
export interface CursorParameters {
  loss: LossKind;
  /** null for no class weighting, a number, or one weight per class. */
  alpha: number | number[] | null;
  gamma: number;
  reduction: Reduction;
  ignoreIndex?: number;
  /** The call's source text, cut to MAX_SOURCE_LENGTH characters. */
  source: string;
  /** The called name as written, such as `nn.FocalLoss` or `sigmoidFocalLoss`. */
  callee: string;
  /** Zero-based line of the call's first character. */
  line: number;
  /** Why a value differs from the code: a default used for a non-literal argument, and so on. */
  notes: string[];
}

export const MAX_SOURCE_LENGTH = 400;
