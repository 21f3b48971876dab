import type { Hover, Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../analysis/finding";
import { ruleDocumentationUrl } from "../rules/documentation";
import { ruleByCode } from "../rules/registry";
import { EVALUATE_SAMPLE_COMMAND } from "../../../src/common/initializationOptions";

/**
 * Returns the hover for the finding under `position`, if there is one. It links to "Evaluate
 * Sample" only when `linkEvaluateSample` is set, because only a client that registers that
 * command can run the link.
 */
export function hoverAt(
  findings: readonly Finding[],
  document: TextDocument,
  position: Position,
  linkEvaluateSample: boolean,
): Hover | null {
  const offset = document.offsetAt(position);
  const finding = findings.find((item) => item.startOffset <= offset && offset <= item.endOffset);
  const rule = finding === undefined ? undefined : ruleByCode(finding.code);
  if (finding === undefined || rule === undefined) {
    return null;
  }

  const sections = [
    rule.hover(finding.reference),
    `[Rule ${rule.code} documentation](${ruleDocumentationUrl(rule.code)})`,
  ];
  if (linkEvaluateSample) {
    sections.push(evaluateSampleLink(document, document.positionAt(finding.startOffset)));
  }
  const value = sections.join("\n\n");
  return {
    contents: { kind: "markdown", value },
    range: {
      start: document.positionAt(finding.startOffset),
      end: document.positionAt(finding.endOffset),
    },
  };
}

/**
 * Returns a link to the VS Code command that opens the "Evaluate Sample" panel on the call at
 * `position`. The VS Code client trusts this one command in hovers.
 */
function evaluateSampleLink(document: TextDocument, position: Position): string {
  const args = encodeURIComponent(JSON.stringify([{ uri: document.uri, position }]));
  return `[Evaluate a sample](command:${EVALUATE_SAMPLE_COMMAND}?${args})`;
}
