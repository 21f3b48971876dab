import * as vscode from "vscode";

/** A document and a position in it, whose focal-loss call the panel evaluates. */
export interface CursorTarget {
  uri: vscode.Uri;
  position: vscode.Position;
  /** The document, when an editor shows it. */
  document?: vscode.TextDocument;
}

const LANGUAGES = new Set([
  "python",
  "typescript",
  "javascript",
  "typescriptreact",
  "javascriptreact",
]);

/**
 * Returns the target of a command invocation, or undefined when there is none. A hover link
 * passes `{ uri, position }`. The editor context menu passes the document's Uri, and the command
 * palette passes nothing, so both use the cursor of the active editor (or of `lastEditor`).
 */
export function targetOf(
  args: readonly unknown[],
  lastEditor?: vscode.TextEditor,
): CursorTarget | undefined {
  const fromLink = linkTarget(args[0]);
  if (fromLink !== undefined) {
    return fromLink;
  }
  const editor = vscode.window.activeTextEditor ?? lastEditor;
  if (editor === undefined || !LANGUAGES.has(editor.document.languageId)) {
    return undefined;
  }
  if (args[0] instanceof vscode.Uri && args[0].toString() !== editor.document.uri.toString()) {
    return undefined;
  }
  return { uri: editor.document.uri, position: editor.selection.active, document: editor.document };
}

/** Reads `{ uri: string, position: { line, character } }`, which comes from a hover's link. */
function linkTarget(value: unknown): CursorTarget | undefined {
  if (typeof value !== "object" || value === null) {
    return undefined;
  }
  const { uri, position } = value as {
    uri?: unknown;
    position?: { line?: unknown; character?: unknown };
  };
  const line = position?.line;
  const character = position?.character;
  if (typeof uri !== "string" || !isCount(line) || !isCount(character)) {
    return undefined;
  }
  try {
    return { uri: vscode.Uri.parse(uri, true), position: new vscode.Position(line, character) };
  } catch {
    return undefined; // Not a URI: treat the link as if it had no argument.
  }
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** Returns whether the panel can read focal-loss calls in `editor`'s language. */
export function isSupportedEditor(
  editor: vscode.TextEditor | undefined,
): editor is vscode.TextEditor {
  return editor !== undefined && LANGUAGES.has(editor.document.languageId);
}
