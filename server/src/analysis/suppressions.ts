import type { Tree } from "web-tree-sitter";
import type { Finding } from "./finding";

/**
 * Comment markers that silence findings on their line. Python follows flake8 and Ruff: `# noqa`
 * silences everything and `# noqa: FL001, FL002` only the codes listed. TypeScript and JavaScript
 * use `// focal-loss-ignore` with the same optional list of codes.
 */
const MARKERS = {
  python: /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/gi,
  typescript: /\/\/\s*focal-loss-ignore(?:[:\s]\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/gi,
};

export type SuppressionSyntax = keyof typeof MARKERS;

/** Returns the codes silenced on one line, "all" for a bare marker, or undefined for none. */
function suppressedCodes(
  tree: Tree,
  text: string,
  lineStart: number,
  lineEnd: number,
  syntax: SuppressionSyntax,
): Set<string> | "all" | undefined {
  const pattern = new RegExp(MARKERS[syntax].source, MARKERS[syntax].flags);
  const line = text.slice(lineStart, lineEnd);
  for (let match = pattern.exec(line); match !== null; match = pattern.exec(line)) {
    // The marker counts only inside a real comment, not inside a string that contains it.
    const node = tree.rootNode.descendantForIndex(lineStart + match.index);
    if (node?.type !== "comment") {
      continue;
    }
    if (match[1] === undefined) {
      return "all";
    }
    return new Set(match[1].split(/[\s,]+/).map((code) => code.toUpperCase()));
  }
  return undefined;
}

/** Drops the findings whose line carries a suppression comment for their code. */
export function removeSuppressed(
  findings: Finding[],
  tree: Tree,
  text: string,
  syntax: SuppressionSyntax,
): Finding[] {
  const byLine = new Map<number, Set<string> | "all" | undefined>();
  return findings.filter((finding) => {
    const lineStart = text.lastIndexOf("\n", finding.startOffset - 1) + 1;
    if (!byLine.has(lineStart)) {
      const newline = text.indexOf("\n", finding.startOffset);
      const lineEnd = newline === -1 ? text.length : newline;
      byLine.set(lineStart, suppressedCodes(tree, text, lineStart, lineEnd, syntax));
    }
    const codes = byLine.get(lineStart);
    return codes === undefined || (codes !== "all" && !codes.has(finding.code));
  });
}
