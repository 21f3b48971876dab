import type { Tree } from "web-tree-sitter";
import type { Finding } from "../analysis/finding";
import type { GrammarName } from "../parsing/languages";
import { NameResolver } from "../analysis/python/nameResolver";
import {
  hasImplementationFix,
  planImplementationFix,
  type FixInput,
} from "./python/implementationFix";
import { planReference, replacementFor } from "./python/referenceRewrite";
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

/** The names and definitions of earlier notebook cells that a cell's fixes take into account. */
export type NotebookContext = Pick<FixInput, "outerScope" | "earlierCells">;

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
  notebook: NotebookContext = {},
): SafeFixPlan | undefined {
  if (reasonFixesAreUnsafe(text) !== undefined) {
    return undefined;
  }
  if (grammar !== "python") {
    const edits = planTfjsFix(findings, { tree, text, languageId, templates: templates.functions });
    return edits === undefined ? undefined : { edits, fixed: findingsUnder(findings, edits) };
  }

  const input = { tree, text, template: templates.python, ...notebook };
  const edits: OffsetEdit[] = [];
  const fixed: Finding[] = [];
  const implementation = planImplementationFixes(findings, input);
  if (implementation !== undefined) {
    edits.push(...implementation.edits);
    fixed.push(...implementation.fixed);
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

/**
 * Plans the implementation fix for every FL001 and FL002 finding that has a safe one. The usual
 * file has no unsafe reference, so one plan of all findings comes first. Otherwise each
 * reference is checked with a shared resolver, and each replacement (the class or a function)
 * is planned as a group, so a file with thousands of findings costs a few plans, not one each.
 */
function planImplementationFixes(
  findings: readonly Finding[],
  input: FixInput,
): SafeFixPlan | undefined {
  const candidates = findings.filter((finding) => hasImplementationFix(finding.code));
  if (candidates.length === 0) {
    return undefined;
  }
  const all = planImplementationFix(candidates, input);
  if (all !== undefined) {
    return { edits: all, fixed: candidates };
  }

  const resolver = new NameResolver(input.tree, input.text, input.outerScope);
  const rewritable = candidates.filter(
    (finding) => planReference(finding, input, resolver) !== undefined,
  );
  const groups = new Map<string, Finding[]>();
  for (const finding of rewritable) {
    const name = replacementFor(finding) ?? "";
    groups.set(name, [...(groups.get(name) ?? []), finding]);
  }
  const safeGroups = [...groups.values()].filter(
    (group) => planImplementationFix(group, input) !== undefined,
  );
  const fixable = safeGroups.flat();
  const edits = fixable.length === 0 ? undefined : planImplementationFix(fixable, input);
  return edits === undefined ? undefined : { edits, fixed: fixable };
}

/** Returns the findings whose text an edit replaces. */
function findingsUnder(findings: readonly Finding[], edits: readonly OffsetEdit[]): Finding[] {
  return findings.filter((finding) =>
    edits.some((edit) => edit.start < finding.endOffset && finding.startOffset < edit.end),
  );
}
