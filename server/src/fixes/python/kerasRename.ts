import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { reasonFixesAreUnsafe } from "../lineEndings";
import type { OffsetEdit } from "../textEdits";
import { enclosingCall, readArguments } from "./callArguments";

export type KerasTargetKind = "binary" | "categorical";

/** The real Keras names, as classes and as functions (TensorFlow 2.13+ and Keras 3). */
const REAL_NAMES: Record<KerasTargetKind, { class: string; function: string }> = {
  binary: { class: "BinaryFocalCrossentropy", function: "binary_focal_crossentropy" },
  categorical: {
    class: "CategoricalFocalCrossentropy",
    function: "categorical_focal_crossentropy",
  },
};

/** Missing names whose spelling already names the real loss that is meant. */
const KIND_BY_NAME: Record<string, KerasTargetKind> = {
  SigmoidFocalCrossEntropy: "binary",
  SigmoidFocalCrossentropy: "binary",
  BinaryFocalLoss: "binary",
  sigmoid_focal_crossentropy: "binary",
  CategoricalFocalLoss: "categorical",
};

const BINARY_HINTS = /\b(binary_crossentropy|BinaryCrossentropy|sigmoid|multi_label)\b/;
const CATEGORICAL_HINTS = /\b(categorical_crossentropy|CategoricalCrossentropy|softmax)\b/;

function isFunctionName(name: string): boolean {
  return name[0] === name[0].toLowerCase();
}

/**
 * Decides which real Keras loss a missing name stands for: from the name itself, from
 * `apply_class_balancing=`, or from the loss and activation names used elsewhere in the file.
 * Returns undefined when the evidence is missing or points both ways.
 */
export function settleKerasKind(
  finding: Finding,
  identifier: Node,
  text: string,
): KerasTargetKind | undefined {
  const byName = KIND_BY_NAME[finding.reference.member];
  if (byName !== undefined) {
    return byName;
  }
  const call =
    finding.reference.kind === "attribute" ? enclosingCall(identifier.parent as Node) : undefined;
  if (call !== undefined && readArguments(call, []).byName.has("apply_class_balancing")) {
    return "binary";
  }
  const binary = BINARY_HINTS.test(text);
  const categorical = CATEGORICAL_HINTS.test(text);
  if (binary === categorical) {
    return undefined;
  }
  return binary ? "binary" : "categorical";
}

/**
 * Renames a missing Keras name to the real one. In a `from … import` the real name is imported
 * under the old one, so the rest of the file keeps working. TensorFlow Addons' classes applied
 * `alpha` always, while BinaryFocalCrossentropy needs `apply_class_balancing=True` for it.
 */
export function renameKerasReference(
  finding: Finding,
  tree: Tree,
  kind: KerasTargetKind,
): OffsetEdit[] | undefined {
  if (reasonFixesAreUnsafe(tree.rootNode.text) !== undefined) {
    return undefined;
  }
  const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (identifier?.type !== "identifier" || identifier.text !== finding.reference.member) {
    return undefined;
  }
  const member = finding.reference.member;
  const real = isFunctionName(member) ? REAL_NAMES[kind].function : REAL_NAMES[kind].class;
  const edits: OffsetEdit[] = [];

  if (finding.reference.kind === "import") {
    const aliased = identifier.parent?.parent?.type === "aliased_import";
    edits.push({
      start: identifier.startIndex,
      end: identifier.endIndex,
      newText: aliased ? real : `${real} as ${member}`,
    });
    return edits;
  }

  edits.push({ start: identifier.startIndex, end: identifier.endIndex, newText: real });
  const call =
    finding.reference.kind === "attribute" ? enclosingCall(identifier.parent as Node) : undefined;
  if (kind === "binary" && KIND_BY_NAME[member] === "binary" && call !== undefined) {
    const { byName } = readArguments(call, []);
    const argumentList = call.childForFieldName("arguments");
    if (byName.has("alpha") && !byName.has("apply_class_balancing") && argumentList !== null) {
      const at = argumentList.startIndex + 1;
      edits.push({ start: at, end: at, newText: "apply_class_balancing=True, " });
    }
  }
  return edits;
}

export function kerasTitle(finding: Finding, kind: KerasTargetKind): string {
  const member = finding.reference.member;
  const real = isFunctionName(member) ? REAL_NAMES[kind].function : REAL_NAMES[kind].class;
  const targets = kind === "binary" ? "binary or multi-label targets" : "one-hot targets";
  return `Use ${real} (${targets})`;
}
