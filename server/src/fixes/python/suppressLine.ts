import type { Tree } from "web-tree-sitter";
import type { OffsetEdit } from "../textEdits";

/**
 * Adds `# noqa: CODE` at the end of the line that holds `offset`, or adds the code to a
 * `# noqa: …` list already there. Returns undefined when the line ends inside a string, where a
 * comment would change the string instead.
 */
export function suppressOnLine(
  tree: Tree,
  text: string,
  offset: number,
  code: string,
): OffsetEdit | undefined {
  const newline = text.indexOf("\n", offset);
  let lineEnd = newline === -1 ? text.length : newline;
  if (text[lineEnd - 1] === "\r") {
    lineEnd--;
  }
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const line = text.slice(lineStart, lineEnd);

  const existing = /#\s*noqa:\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)/i.exec(line);
  if (existing !== null) {
    const listEnd = lineStart + existing.index + existing[0].length;
    if (tree.rootNode.descendantForIndex(lineStart + existing.index)?.type === "comment") {
      return { start: listEnd, end: listEnd, newText: `, ${code}` };
    }
  }

  const trimmedEnd = lineStart + line.replace(/[ \t]+$/, "").length;
  const last = tree.rootNode.descendantForIndex(Math.max(lineStart, trimmedEnd - 1));
  if (last === null || last.type === "string_content" || last.type === "string_start") {
    return undefined;
  }
  for (let node: typeof last | null = last; node !== null; node = node.parent) {
    if (node.type === "string" && node.endIndex > trimmedEnd) {
      return undefined;
    }
  }
  return { start: trimmedEnd, end: trimmedEnd, newText: `  # noqa: ${code}` };
}
