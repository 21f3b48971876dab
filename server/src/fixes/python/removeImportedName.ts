import type { Node } from "web-tree-sitter";
import type { OffsetEdit } from "../textEdits";

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

function lineEndWithBreak(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}

function onlyBlanksBetween(text: string, start: number, end: number): boolean {
  return /^[ \t]*$/.test(text.slice(start, end));
}

/**
 * Deletes a whole statement, with its line when nothing else shares that line. A statement that
 * is alone in its block becomes `pass`, since an empty block is a syntax error.
 */
export function deleteStatement(statement: Node, text: string): OffsetEdit {
  const block = statement.parent;
  const siblings = block?.namedChildren.filter((item) => item !== null && item.type !== "comment");
  if (block?.type === "block" && siblings?.length === 1) {
    return { start: statement.startIndex, end: statement.endIndex, newText: "pass" };
  }

  const start = lineStart(text, statement.startIndex);
  const end = lineEndWithBreak(text, statement.endIndex);
  const rest = text.slice(statement.endIndex, end);
  if (
    onlyBlanksBetween(text, start, statement.startIndex) &&
    /^[ \t]*(#[^\n]*)?\r?\n?$/.test(rest)
  ) {
    return { start, end, newText: "" };
  }
  return { start: statement.startIndex, end: statement.endIndex, newText: "pass" };
}

/**
 * Removes one name from an import's list, keeping commas and parentheses tidy, or deletes the
 * whole statement when it was the only name.
 */
export function removeImportedName(statement: Node, name: Node, text: string): OffsetEdit {
  const names = statement
    .childrenForFieldName("name")
    .filter((item): item is Node => item !== null);
  if (names.length <= 1) {
    return deleteStatement(statement, text);
  }

  // A name alone on its line inside parentheses goes with its line and comment.
  const start = lineStart(text, name.startIndex);
  const end = lineEndWithBreak(text, name.endIndex);
  const after = text.slice(name.endIndex, end);
  if (
    onlyBlanksBetween(text, start, name.startIndex) &&
    /^[ \t]*,?[ \t]*(#[^\n]*)?\r?\n$/.test(after)
  ) {
    return { start, end, newText: "" };
  }

  const index = names.findIndex((item) => item.id === name.id);
  if (index < names.length - 1) {
    return { start: name.startIndex, end: names[index + 1].startIndex, newText: "" };
  }
  return { start: names[index - 1].endIndex, end: name.endIndex, newText: "" };
}
