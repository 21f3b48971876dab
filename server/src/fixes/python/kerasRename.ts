import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { reasonFixesAreUnsafe } from "../lineEndings";
import type { OffsetEdit } from "../textEdits";
import { NameResolver } from "../../analysis/python/nameResolver";
import { enclosingCall, readArguments } from "./callArguments";
import { importedNameReferences } from "./importedNameReferences";

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
 * TensorFlow Addons' names. Addons weights by alpha = 0.25 by default, while Keras's
 * BinaryFocalCrossentropy applies its alpha (also 0.25 by default) only with
 * `apply_class_balancing=True`.
 */
const ADDONS_NAMES = new Set([
  "SigmoidFocalCrossEntropy",
  "SigmoidFocalCrossentropy",
  "sigmoid_focal_crossentropy",
]);

/** A rename, and whether the renamed loss keeps the alpha weighting of the missing name's. */
export interface KerasRename {
  edits: OffsetEdit[];
  keepsWeighting: boolean;
}

/** Returns the edit that adds `apply_class_balancing=True` to a call, or none if it has one. */
function classBalancingEdits(call: Node): OffsetEdit[] {
  const argumentList = call.childForFieldName("arguments");
  if (argumentList === null || readArguments(call, []).byName.has("apply_class_balancing")) {
    return [];
  }
  const at = argumentList.startIndex + 1;
  const separator = argumentList.namedChildCount > 0 ? ", " : "";
  return [{ start: at, end: at, newText: `apply_class_balancing=True${separator}` }];
}

/**
 * Adds `apply_class_balancing=True` to every call through `callees`, so that an Addons loss keeps
 * its alpha weighting. Returns undefined when one of them is not called, such as a loss function
 * passed as `loss=`, since then no call can take the keyword.
 */
function keepAddonsWeighting(callees: readonly Node[]): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  for (const callee of callees) {
    const call = enclosingCall(callee);
    if (call === undefined) {
      return undefined;
    }
    edits.push(...classBalancingEdits(call));
  }
  return edits;
}

/** Returns the reads of the name a `from … import` binds for the missing Keras name. */
function importedReads(finding: Finding, identifier: Node, tree: Tree): Node[] | undefined {
  const name = identifier.parent?.parent;
  const bound =
    name?.type === "aliased_import" ? name.childForFieldName("alias")?.text : identifier.text;
  if (bound === undefined) {
    return undefined;
  }
  const resolver = new NameResolver(tree, tree.rootNode.text);
  const path = `${finding.reference.module}.${finding.reference.member}`;
  return importedNameReferences(tree, tree.rootNode.text, resolver, bound, path);
}

/**
 * Renames a missing Keras name to the real one. In a `from … import` the real name is imported
 * under the old one, so the rest of the file keeps working. An Addons name renamed to
 * BinaryFocalCrossentropy gets `apply_class_balancing=True` in each call, and so does a call that
 * passes `alpha` to another binary name, because Keras ignores alpha without it.
 */
export function renameKerasReference(
  finding: Finding,
  tree: Tree,
  kind: KerasTargetKind,
): KerasRename | undefined {
  if (reasonFixesAreUnsafe(tree.rootNode.text) !== undefined) {
    return undefined;
  }
  const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (identifier?.type !== "identifier" || identifier.text !== finding.reference.member) {
    return undefined;
  }
  const member = finding.reference.member;
  const real = isFunctionName(member) ? REAL_NAMES[kind].function : REAL_NAMES[kind].class;
  const isAddons = kind === "binary" && ADDONS_NAMES.has(member);

  if (finding.reference.kind === "import") {
    const aliased = identifier.parent?.parent?.type === "aliased_import";
    const rename = {
      start: identifier.startIndex,
      end: identifier.endIndex,
      newText: aliased ? real : `${real} as ${member}`,
    };
    const reads = isAddons ? importedReads(finding, identifier, tree) : [];
    const balancing = reads === undefined ? undefined : keepAddonsWeighting(reads);
    return balancing === undefined
      ? { edits: [rename], keepsWeighting: false }
      : { edits: [rename, ...balancing], keepsWeighting: true };
  }

  const rename = { start: identifier.startIndex, end: identifier.endIndex, newText: real };
  const callee = finding.reference.kind === "attribute" ? (identifier.parent as Node) : identifier;
  if (isAddons) {
    const balancing = keepAddonsWeighting([callee]);
    return balancing === undefined
      ? { edits: [rename], keepsWeighting: false }
      : { edits: [rename, ...balancing], keepsWeighting: true };
  }
  const call = enclosingCall(callee);
  const passesAlpha =
    kind === "binary" &&
    KIND_BY_NAME[member] === "binary" &&
    call !== undefined &&
    readArguments(call, []).byName.has("alpha");
  const balancing = passesAlpha ? classBalancingEdits(call) : [];
  return { edits: [rename, ...balancing], keepsWeighting: true };
}

export function kerasTitle(finding: Finding, kind: KerasTargetKind, rename: KerasRename): string {
  const member = finding.reference.member;
  const real = isFunctionName(member) ? REAL_NAMES[kind].function : REAL_NAMES[kind].class;
  const targets = kind === "binary" ? "binary or multi-label targets" : "one-hot targets";
  const weighting = rename.keepsWeighting ? "" : ", without Addons' alpha weighting";
  return `Use ${real} (${targets}${weighting})`;
}
