import * as vscode from "vscode";
import {
  PARAMETERS_AT_CURSOR_METHOD,
  type ParametersAtCursorParams,
} from "../../../src/webview/cursorParameters";
import { validateCursorParameters, type CursorMessage } from "../../../src/webview/messages";
import type { CursorTarget } from "./cursorTarget";

/** Sends an LSP request to the language server; the LanguageClient's sendRequest. */
export type SendRequest = (method: string, params: ParametersAtCursorParams) => Promise<unknown>;

const SUPPORTED_CALLS =
  "nn.FocalLoss(...), FocalLoss(...), sigmoid_focal_loss(...), BinaryFocalCrossentropy(...), " +
  "CategoricalFocalCrossentropy(...), or focalLoss, sigmoidFocalLoss or softmaxFocalLoss with " +
  "an options object";

/**
 * Asks the language server for the focal-loss parameters at `target` and returns the message
 * for the webview. Failures become a note in the message, and are logged.
 */
export async function readCursorParameters(
  target: CursorTarget | undefined,
  sendRequest: SendRequest,
  log: vscode.LogOutputChannel,
): Promise<CursorMessage> {
  const message = (note: string | null, location: string | null = null): CursorMessage => ({
    type: "cursorParameters",
    parameters: null,
    location,
    note,
  });
  if (target === undefined) {
    return message(
      `Open a Python, TypeScript or JavaScript file, place the cursor on ${SUPPORTED_CALLS}, and run the command again.`,
    );
  }

  const file = vscode.workspace.asRelativePath(target.uri);
  const where = `${file}:${target.position.line + 1}`;
  let result: unknown;
  try {
    result = await sendRequest(PARAMETERS_AT_CURSOR_METHOD, {
      textDocument: { uri: target.uri.toString() },
      position: { line: target.position.line, character: target.position.character },
    });
  } catch (error) {
    log.error(`${PARAMETERS_AT_CURSOR_METHOD} failed for ${where}: ${String(error)}`);
    return message(
      `Reading the parameters at ${where} failed: ${(error as Error).message}. The Focal Loss output channel has details.`,
    );
  }
  if (result === null) {
    return message(
      `No focal-loss call at ${where}. Place the cursor on ${SUPPORTED_CALLS}.`,
      where,
    );
  }

  try {
    const parameters = validateCursorParameters(result, "result");
    return {
      type: "cursorParameters",
      parameters,
      location: `${file}:${parameters.line + 1}`,
      note: null,
    };
  } catch (error) {
    log.error(
      `The server's ${PARAMETERS_AT_CURSOR_METHOD} result is invalid: ${(error as Error).message}`,
    );
    return message(`The language server returned invalid parameters for ${where}.`, where);
  }
}
