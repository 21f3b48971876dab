import type { CliFinding } from "./lintText";

export function compareFindings(a: CliFinding, b: CliFinding): number {
  if (a.path !== b.path) {
    return a.path < b.path ? -1 : 1;
  }
  return (
    (a.cell ?? 0) - (b.cell ?? 0) ||
    a.line - b.line ||
    a.column - b.column ||
    a.code.localeCompare(b.code)
  );
}

/**
 * Formats findings one per line as `path:line:col: CODE message`, as compilers and flake8 do.
 * In a notebook the position is `path:cell N:line:col`, as Ruff prints it.
 */
export function formatText(findings: readonly CliFinding[]): string {
  return findings
    .map((item) => {
      const cell = item.cell === undefined ? "" : `cell ${item.cell}:`;
      return `${item.path}:${cell}${item.line}:${item.column}: ${item.code} ${item.message}\n`;
    })
    .join("");
}

export function formatJson(findings: readonly CliFinding[]): string {
  return `${JSON.stringify(findings, null, 2)}\n`;
}
