import assert from "node:assert/strict";
import type { CodeAction, TextDocumentEdit, TextEdit } from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";

/** Applies a code action's single document edit to `text`, as an editor would. */
export function applyCodeAction(uri: string, text: string, action: CodeAction): string {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes !== undefined, `${action.title} has no document changes`);
  assert.equal(changes.length, 1, `${action.title} edits ${changes.length} documents`);
  const document = TextDocument.create(uri, "python", 1, text);
  return TextDocument.applyEdits(document, changes[0].edits as TextEdit[]);
}
