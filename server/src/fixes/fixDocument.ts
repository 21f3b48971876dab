import type { Tree } from "web-tree-sitter";
import type { Finding } from "../analysis/finding";
import type { GrammarName } from "../parsing/languages";
import { hasImplementationFix, planImplementationFix } from "./python/implementationFix";
import type { FixTemplates } from "./fixTemplates";
import { renameKerasReference, settleKerasKind } from "./python/kerasRename";
import { reasonFixesAreUnsafe } from "./lineEndings";
import { normaliseEdits, type OffsetEdit } from "./textEdits";
import { planTfjsFix } from "./typescript/tfjsFix";

/**
 * Plans every safe fix of a document's findings in one set of edits: what the editor's
 * `source.fixAll.focalLoss` action and the CLI's `--fix` apply. Returns undefined when there is
 * nothing that can be fixed safely, which includes every document with a lone CR line ending.
 */
export function planSafeFixes(
  grammar: GrammarName,
  languageId: string,
  tree: Tree,
  text: string,
  findings: readonly Finding[],
  templates: FixTemplates,
): OffsetEdit[] | undefined {
  if (reasonFixesAreUnsafe(text) !== undefined) {
    return undefined;
  }
  if (grammar !== "python") {
    return planTfjsFix(findings, { tree, text, languageId, templates: templates.functions });
  }
  const template = templates.python;
  const edits: OffsetEdit[] = [];
  const fixable = findings.filter((finding) => hasImplementationFix(finding.code));
  if (fixable.length > 0) {
    const planned = planImplementationFix(fixable, { tree, text, template });
    if (planned !== undefined) {
      edits.push(...planned);
    }
  }

  // Keras renames are safe only when the code settles which of the two real losses is meant.
  for (const finding of findings.filter((item) => item.code === "FL003")) {
    const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
    const kind = identifier === null ? undefined : settleKerasKind(finding, identifier, text);
    const renamed = kind === undefined ? undefined : renameKerasReference(finding, tree, kind);
    edits.push(...(renamed ?? []));
  }
  return edits.length === 0 ? undefined : normaliseEdits(edits);
}
