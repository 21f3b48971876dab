import type { Tree } from "web-tree-sitter";
import type { Finding } from "../analysis/finding";
import type { GrammarName } from "../parsing/languages";
import { hasImplementationFix, planImplementationFix } from "./python/implementationFix";
import type { FixTemplates } from "./fixTemplates";
import { renameKerasReference, settleKerasKind } from "./python/kerasRename";
import { reasonFixesAreUnsafe } from "./lineEndings";
import { normaliseEdits, type OffsetEdit } from "./textEdits";
import { planTfjsFix } from "./typescript/tfjsFix";

/** The edits of every safe fix in a document, and the findings they fix. */
export interface SafeFixPlan {
  edits: OffsetEdit[];
  fixed: Finding[];
}

/**
 * Plans every safe fix of a document's findings in one set of edits: what the editor's
 * `source.fixAll.focalLoss` action and the CLI's `--fix` apply. A finding whose own fix is not
 * safe is left out, and the others are still fixed. Returns undefined when there is nothing that
 * can be fixed safely, which includes every document with a lone CR line ending.
 */
export function planSafeFixes(
  grammar: GrammarName,
  languageId: string,
  tree: Tree,
  text: string,
  findings: readonly Finding[],
  templates: FixTemplates,
): SafeFixPlan | undefined {
  if (reasonFixesAreUnsafe(text) !== undefined) {
    return undefined;
  }
  if (grammar !== "python") {
    const edits = planTfjsFix(findings, { tree, text, languageId, templates: templates.functions });
    return edits === undefined ? undefined : { edits, fixed: findingsUnder(findings, edits) };
  }

  const input = { tree, text, template: templates.python };
  const edits: OffsetEdit[] = [];
  const fixed: Finding[] = [];
  const fixable = findings.filter(
    (finding) =>
      hasImplementationFix(finding.code) && planImplementationFix([finding], input) !== undefined,
  );
  const planned = fixable.length > 0 ? planImplementationFix(fixable, input) : undefined;
  if (planned !== undefined) {
    edits.push(...planned);
    fixed.push(...fixable);
  }

  // Keras renames are safe only when the code settles which of the two real losses is meant and
  // an Addons loss keeps its alpha weighting.
  for (const finding of findings.filter((item) => item.code === "FL003")) {
    const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
    const kind = identifier === null ? undefined : settleKerasKind(finding, identifier, text);
    const renamed = kind === undefined ? undefined : renameKerasReference(finding, tree, kind);
    if (renamed?.keepsWeighting === true) {
      edits.push(...renamed.edits);
      fixed.push(finding);
    }
  }
  // normaliseEdits returns undefined when two edits overlap, which no safe plan may contain.
  const normalised = edits.length === 0 ? undefined : normaliseEdits(edits);
  return normalised === undefined ? undefined : { edits: normalised, fixed };
}

/** Returns the findings whose text an edit replaces. */
function findingsUnder(findings: readonly Finding[], edits: readonly OffsetEdit[]): Finding[] {
  return findings.filter((finding) =>
    edits.some((edit) => edit.start < finding.endOffset && finding.startOffset < edit.end),
  );
}
