import { ErrorCodes, ResponseError } from "vscode-languageserver";
import {
  PARAMETERS_AT_CURSOR_METHOD,
  type CursorParameters,
  type ParametersAtCursorParams,
} from "../../../src/webview/cursorParameters";
import { resolveParameters, type FocalLossCall } from "../analysis/focalLossSignatures";
import { findPythonFocalLossCall } from "../analysis/python/focalLossCall";
import { findTypeScriptFocalLossCall } from "../analysis/typescript/focalLossCall";
import type { DocumentStore } from "../documents/documentStore";
import type { ParsedDocument } from "../documents/parsedDocument";

export { PARAMETERS_AT_CURSOR_METHOD };

/**
 * Handles `focalLoss/parametersAtCursor`: returns the parameters of the focal-loss call or
 * construction under the cursor, or null when there is none or the document is not open.
 * Rejects malformed params with InvalidParams.
 */
export function parametersAtCursor(
  store: DocumentStore | undefined,
  params: unknown,
): CursorParameters | null {
  const { textDocument, position } = validateParams(params);
  const document = store?.get(textDocument.uri);
  if (document === undefined) {
    return null;
  }
  const call = findCall(document, position);
  return call === undefined ? null : resolveParameters(call);
}

function findCall(
  document: ParsedDocument,
  position: ParametersAtCursorParams["position"],
): FocalLossCall | undefined {
  const offset = document.document.offsetAt(position);
  const line = document.document.positionAt(offset).line;
  return document.grammar === "python"
    ? findPythonFocalLossCall(document.tree, offset, line)
    : findTypeScriptFocalLossCall(document.tree, offset, line);
}

function validateParams(params: unknown): ParametersAtCursorParams {
  const record = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  const textDocument = record(record(params)?.textDocument);
  const position = record(record(params)?.position);
  const isCount = (value: unknown): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= 0;

  if (
    typeof textDocument?.uri !== "string" ||
    !isCount(position?.line) ||
    !isCount(position?.character)
  ) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `${PARAMETERS_AT_CURSOR_METHOD} needs { textDocument: { uri }, position: { line, ` +
        `character } } with non-negative integer line and character, got ${JSON.stringify(params)}.`,
    );
  }
  return {
    textDocument: { uri: textDocument.uri },
    position: { line: position.line, character: position.character },
  };
}
