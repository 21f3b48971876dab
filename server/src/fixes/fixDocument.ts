import type { Tree } from "web-tree-sitter";
import type { Finding } from "../analysis/finding";
import type { GrammarName } from "../parsing/languages";
import { hasImplementationFix, planImplementationFix } from "./python/implementationFix";
import type { ImplementationTemplate } from "./python/implementationTemplate";
import type { OffsetEdit } from "./textEdits";

/**
 * Plans every safe fix of a document's findings in one set of edits: what the editor's
 * `source.fixAll.focalLoss` action and the CLI's `--fix` apply. Returns undefined when there is
 * nothing that can be fixed safely.
 */
export function planSafeFixes(
  grammar: GrammarName,
  tree: Tree,
  text: string,
  findings: readonly Finding[],
  template: ImplementationTemplate,
): OffsetEdit[] | undefined {
  if (grammar !== "python") {
    return undefined;
  }
  const fixable = findings.filter((finding) => hasImplementationFix(finding.code));
  if (fixable.length === 0) {
    return undefined;
  }
  return planImplementationFix(fixable, { tree, text, template });
}
