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

function isAloneOnLine(name: Node, text: string): boolean {
  const start = lineStart(text, name.startIndex);
  const after = text.slice(name.endIndex, lineEndWithBreak(text, name.endIndex));
  return (
    onlyBlanksBetween(text, start, name.startIndex) && /^[ \t]*,?[ \t]*(#[^\n]*)?\r?\n$/.test(after)
  );
}

/**
 * Removes names from an import's list, keeping commas and parentheses tidy, or deletes the whole
 * statement when no name is left. All the names of one statement are removed by one call, because
 * the edits that remove two neighbouring names one at a time would overlap.
 */
export function removeImportedNames(
  statement: Node,
  removed: readonly Node[],
  text: string,
): OffsetEdit[] {
  const names = statement
    .childrenForFieldName("name")
    .filter((item): item is Node => item !== null);
  const isRemoved = names.map((name) => removed.some((item) => item.id === name.id));
  if (isRemoved.every(Boolean)) {
    return [deleteStatement(statement, text)];
  }

  // Names alone on their lines inside parentheses go with their lines, but a comment on such a
  // line stays, on a line of its own: nothing the user wrote is dropped.
  const removedNames = names.filter((_, index) => isRemoved[index]);
  if (removedNames.every((name) => isAloneOnLine(name, text))) {
    return removedNames.map((name) => {
      const start = lineStart(text, name.startIndex);
      const end = lineEndWithBreak(text, name.endIndex);
      const comment = /#[^\r\n]*(\r?\n)?$/.exec(text.slice(name.endIndex, end))?.[0];
      const indent = text.slice(start, name.startIndex);
      return { start, end, newText: comment === undefined ? "" : indent + comment };
    });
  }

  // Otherwise each run of adjacent removed names goes with the commas that separate it from the
  // kept names: up to the next kept name, or from the previous one when the run ends the list.
  const edits: OffsetEdit[] = [];
  for (let first = 0; first < names.length; first++) {
    if (!isRemoved[first] || isRemoved[first - 1] === true) {
      continue;
    }
    let last = first;
    while (isRemoved[last + 1] === true) {
      last++;
    }
    edits.push(runRemoval(names, first, last, text));
  }
  return edits;
}

/**
 * Removes the names `first` to `last` with the commas between them and a kept name. A comment
 * between them and that kept name stays: the edit then ends after the run's comma, or starts at
 * the run, leaving a trailing comma that the parentheses around a commented list allow.
 */
function runRemoval(names: Node[], first: number, last: number, text: string): OffsetEdit {
  if (last < names.length - 1) {
    const next = names[last + 1].startIndex;
    const comma = text.indexOf(",", names[last].endIndex);
    const hasComment = text.slice(names[last].endIndex, next).includes("#");
    const end = hasComment && comma !== -1 && comma < next ? comma + 1 : next;
    return { start: names[first].startIndex, end, newText: "" };
  }
  const previous = names[first - 1].endIndex;
  const hasComment = text.slice(previous, names[first].startIndex).includes("#");
  const start = hasComment ? names[first].startIndex : previous;
  return { start, end: names[last].endIndex, newText: "" };
}
