import type { Hover, Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../analysis/finding";
import { ruleDocumentationUrl } from "../rules/documentation";
import { ruleByCode } from "../rules/registry";

/** Returns the hover for the finding under `position`, if there is one. */
export function hoverAt(
  findings: readonly Finding[],
  document: TextDocument,
  position: Position,
): Hover | null {
  const offset = document.offsetAt(position);
  const finding = findings.find((item) => item.startOffset <= offset && offset <= item.endOffset);
  const rule = finding === undefined ? undefined : ruleByCode(finding.code);
  if (finding === undefined || rule === undefined) {
    return null;
  }

  const value = [
    rule.hover(finding.reference),
    "",
    `[Rule ${rule.code} documentation](${ruleDocumentationUrl(rule.code)})`,
  ].join("\n");
  return {
    contents: { kind: "markdown", value },
    range: {
      start: document.positionAt(finding.startOffset),
      end: document.positionAt(finding.endOffset),
    },
  };
}
