import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { FocalLossSettings, RuleSeverityName } from "../../../src/common/settings";
import type { Finding } from "../analysis/finding";
import { ruleDocumentationUrl } from "../rules/documentation";

export const DIAGNOSTIC_SOURCE = "focal-loss";

const SEVERITIES: Record<Exclude<RuleSeverityName, "off">, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Applies the settings to findings: drops disabled rules and applies severity overrides. */
export function applySettings(findings: Finding[], settings: FocalLossSettings): Finding[] {
  if (!settings.enable) {
    return [];
  }
  return findings.flatMap((finding) => {
    const override = settings.rules[finding.code];
    if (override === "off") {
      return [];
    }
    return [override === undefined ? finding : { ...finding, severity: override }];
  });
}

/** Converts a finding into an LSP diagnostic with UTF-16 positions in `document`. */
export function toDiagnostic(finding: Finding, document: TextDocument): Diagnostic {
  return {
    range: {
      start: document.positionAt(finding.startOffset),
      end: document.positionAt(finding.endOffset),
    },
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    codeDescription: { href: ruleDocumentationUrl(finding.code) },
    message: finding.message,
    data: { reference: finding.reference },
  };
}
