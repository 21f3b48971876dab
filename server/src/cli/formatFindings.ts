import type { CliFinding } from "./lintText";

export function compareFindings(a: CliFinding, b: CliFinding): number {
  if (a.path !== b.path) {
    return a.path < b.path ? -1 : 1;
  }
  return a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);
}

/** Formats findings one per line as `path:line:col: CODE message`, as compilers and flake8 do. */
export function formatText(findings: readonly CliFinding[]): string {
  return findings
    .map((item) => `${item.path}:${item.line}:${item.column}: ${item.code} ${item.message}\n`)
    .join("");
}

export function formatJson(findings: readonly CliFinding[]): string {
  return `${JSON.stringify(findings, null, 2)}\n`;
}
