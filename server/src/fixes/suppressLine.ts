import type { Node, Tree } from "web-tree-sitter";
import type { SuppressionSyntax } from "../analysis/suppressions";
import { reasonFixesAreUnsafe } from "./lineEndings";
import type { OffsetEdit } from "./textEdits";

const MARKERS: Record<SuppressionSyntax, { comment: string; existing: RegExp }> = {
  python: {
    comment: "  # noqa: ",
    existing: /#\s*noqa:\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)/i,
  },
  typescript: {
    comment: " // focal-loss-ignore ",
    existing: /\/\/\s*focal-loss-ignore[:\s]\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)/i,
  },
};

/** Node types where a comment at the end of the line would become part of the text. */
const TEXT_NODES = new Set([
  "string",
  "string_content",
  "string_start",
  "string_fragment",
  "template_string",
  "jsx_text",
  "jsx_element",
  "jsx_expression",
]);

function insideText(node: Node, lineEnd: number): boolean {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    if (TEXT_NODES.has(current.type) && current.endIndex > lineEnd) {
      return true;
    }
    // Neither a block comment that runs past the line end nor a backslash continuation, after
    // which a comment is a syntax error, leaves room for a line comment.
    const spansLineEnd = current.type === "comment" || current.type === "line_continuation";
    if (spansLineEnd && current.endIndex > lineEnd) {
      return true;
    }
  }
  return false;
}

/**
 * Adds a suppression comment for `code` at the end of the line that contains `offset` (`# noqa:`
 * in Python, `// focal-loss-ignore` in TypeScript and JavaScript), or adds the code to such a
 * comment already there. Returns undefined when the line ends inside a string, a template, JSX
 * text or a block comment, where a comment would change the text instead, or with a Python
 * backslash continuation, where a comment is a syntax error. A file with a lone CR line ending
 * gets no edit either, because this function does not find its line ends.
 */
export function suppressOnLine(
  tree: Tree,
  text: string,
  offset: number,
  code: string,
  syntax: SuppressionSyntax,
): OffsetEdit | undefined {
  if (reasonFixesAreUnsafe(text) !== undefined) {
    return undefined;
  }
  const marker = MARKERS[syntax];
  const newline = text.indexOf("\n", offset);
  let lineEnd = newline === -1 ? text.length : newline;
  if (text[lineEnd - 1] === "\r") {
    lineEnd--;
  }
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(lineStart, lineEnd);

  const existing = marker.existing.exec(line);
  if (existing !== null) {
    const listEnd = lineStart + existing.index + existing[0].length;
    if (tree.rootNode.descendantForIndex(lineStart + existing.index)?.type === "comment") {
      return { start: listEnd, end: listEnd, newText: `, ${code}` };
    }
  }

  const trimmedEnd = lineStart + line.replace(/[ \t]+$/, "").length;
  const last = tree.rootNode.descendantForIndex(Math.max(lineStart, trimmedEnd - 1));
  if (last === null || insideText(last, trimmedEnd)) {
    return undefined;
  }
  return { start: trimmedEnd, end: trimmedEnd, newText: `${marker.comment}${code}` };
}
