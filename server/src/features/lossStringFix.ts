import type { Finding } from "../analysis/finding";
import { settleKerasKind, type KerasTargetKind } from "../fixes/python/kerasRename";
import type { OffsetEdit } from "../fixes/textEdits";
import type { Tree } from "web-tree-sitter";

/** The loss strings Keras resolves to its focal losses. */
const REAL_LOSS_STRINGS: Record<KerasTargetKind, string> = {
  binary: "binary_focal_crossentropy",
  categorical: "categorical_focal_crossentropy",
};

/** One way to replace a loss string that Keras rejects. */
export interface LossStringFix {
  title: string;
  edits: OffsetEdit[];
  isPreferred: boolean;
}

function kindFromString(value: string): KerasTargetKind | undefined {
  if (/^(binary|sigmoid)/.test(value)) {
    return "binary";
  }
  return value.startsWith("categorical") ? "categorical" : undefined;
}

/**
 * Plans the renames of a `compile(loss="…")` string to the loss strings Keras accepts: the one
 * the string or the file settles, preferred, or both when nothing settles it.
 */
export function planLossStringFixes(finding: Finding, tree: Tree, text: string): LossStringFix[] {
  const node = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (node?.type !== "string_content" || node.text !== finding.reference.member) {
    return [];
  }
  const settled = kindFromString(finding.reference.member) ?? settleKerasKind(finding, node, text);
  const kinds: KerasTargetKind[] = settled === undefined ? ["binary", "categorical"] : [settled];
  return kinds.map((kind) => ({
    title:
      `Use "${REAL_LOSS_STRINGS[kind]}" ` +
      (kind === "binary" ? "(binary or multi-label targets)" : "(one-hot targets)"),
    edits: [
      { start: finding.startOffset, end: finding.endOffset, newText: REAL_LOSS_STRINGS[kind] },
    ],
    isPreferred: settled !== undefined,
  }));
}
