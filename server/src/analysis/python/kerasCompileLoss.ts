import type { Node, Tree } from "web-tree-sitter";
import type { ApiReference } from "../../rules/rule";
import { isNestedDeeperThan } from "../nestingDepth";
import { findWord } from "../textSearch";
import { classifyOccurrence } from "./bindings";
import { readLiteral } from "./focalLossCall";
import type { NameResolver } from "./nameResolver";
import { scopeOf } from "./scopes";

/** The module a loss string is resolved in, as the rules see it. */
export const KERAS_COMPILE_MODULE = "keras.Model.compile";

/** Prefixes under which Keras is imported: through TensorFlow, standalone, or as tf_keras. */
const KERAS_PREFIXES = ["tensorflow.keras.", "tensorflow.python.keras.", "keras.", "tf_keras."];

/** Keras functions and classes that return a Keras model, after a prefix above. */
const MODEL_FACTORIES = new Set([
  "Sequential",
  "Model",
  "models.Sequential",
  "models.Model",
  "models.load_model",
  "saving.load_model",
]);

/**
 * Names that register custom objects. After one of them a loss string may name the user's own
 * function, so loss strings in that file are not checked.
 */
const CUSTOM_OBJECT_MARKERS = /\b(custom_objects|get_custom_objects|register_keras_serializable)\b/;

/** A string that `compile(loss=…)` of a Keras model receives, with the offsets of its content. */
export interface CompileLossString {
  startOffset: number;
  endOffset: number;
  reference: ApiReference;
}

function isKerasModelFactory(callee: string | undefined): boolean {
  if (callee === undefined) {
    return false;
  }
  const prefix = KERAS_PREFIXES.find((item) => callee.startsWith(item));
  if (prefix === undefined) {
    return false;
  }
  const rest = callee.slice(prefix.length);
  return MODEL_FACTORIES.has(rest) || rest.startsWith("applications.");
}

function isKerasModelCall(node: Node | null, resolver: NameResolver): boolean {
  if (node?.type !== "call") {
    return false;
  }
  const callee = node.childForFieldName("function");
  return callee !== null && isKerasModelFactory(resolver.qualifiedName(callee));
}

/**
 * Decides whether a receiver is proved to be a Keras model: a call of a Keras model factory, or
 * a name whose every binding in its scope assigns one. Anything else, such as a parameter or an
 * instance of the user's own class, is not proved, however it is named.
 */
function isKerasModel(receiver: Node, text: string, resolver: NameResolver): boolean {
  if (receiver.type === "call") {
    return isKerasModelCall(receiver, resolver);
  }
  if (receiver.type !== "identifier") {
    return false;
  }
  const scope = resolver.bindingScope(receiver.text, receiver);
  if (scope === undefined) {
    return false;
  }

  let assigned = false;
  for (const offset of findWord(text, receiver.text, scope.startIndex, scope.endIndex)) {
    const node = receiver.tree.rootNode.descendantForIndex(offset, offset + receiver.text.length);
    if (node?.type !== "identifier" || classifyOccurrence(node) === undefined) {
      continue;
    }
    if (scopeOf(node).id !== scope.id) {
      continue;
    }
    const assignment = node.parent;
    const isModelAssignment =
      assignment?.type === "assignment" &&
      assignment.childForFieldName("left")?.id === node.id &&
      isKerasModelCall(assignment.childForFieldName("right"), resolver);
    if (!isModelAssignment) {
      return false;
    }
    assigned = true;
  }
  return assigned;
}

/** Returns the string literals a `loss=` value passes: the string, or those in a list or dict. */
function lossStrings(value: Node): Node[] {
  if (value.type === "string") {
    return [value];
  }
  if (value.type === "list" || value.type === "tuple") {
    return value.namedChildren.filter((item): item is Node => item?.type === "string");
  }
  if (value.type === "dictionary") {
    return value.namedChildren.flatMap((pair) => {
      const item = pair?.type === "pair" ? pair.childForFieldName("value") : null;
      return item?.type === "string" ? [item] : [];
    });
  }
  return [];
}

function lossArgument(call: Node): Node | undefined {
  for (const argument of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (
      argument?.type === "keyword_argument" &&
      argument.childForFieldName("name")?.text === "loss"
    ) {
      return argument.childForFieldName("value") ?? undefined;
    }
  }
  return undefined;
}

/**
 * Finds the loss strings passed to `compile(loss=…)` on objects that are proved to be Keras
 * models. Whether a string names a real loss is left to the rules.
 */
export function findCompileLossStrings(
  tree: Tree,
  text: string,
  resolver: NameResolver,
): CompileLossString[] {
  if (CUSTOM_OBJECT_MARKERS.test(text)) {
    return [];
  }
  const found: CompileLossString[] = [];
  for (const match of text.matchAll(/\.\s*compile(?=\s*\()/g)) {
    const at = match.index + match[0].length - "compile".length;
    if (isNestedDeeperThan(tree, at)) {
      continue;
    }
    const attribute = tree.rootNode.descendantForIndex(at, at + "compile".length)?.parent;
    const call = attribute?.parent;
    if (attribute?.type !== "attribute" || call?.type !== "call") {
      continue;
    }
    const receiver = attribute.childForFieldName("object");
    const value = lossArgument(call);
    if (receiver === null || value === undefined || !isKerasModel(receiver, text, resolver)) {
      continue;
    }

    for (const literal of lossStrings(value)) {
      const parsed = readLiteral(literal);
      const content = literal.namedChildren.find((child) => child?.type === "string_content");
      if (parsed.kind !== "string" || content === undefined || content === null) {
        continue;
      }
      found.push({
        startOffset: content.startIndex,
        endOffset: content.endIndex,
        reference: {
          language: "python",
          kind: "lossString",
          module: KERAS_COMPILE_MODULE,
          member: parsed.value,
        },
      });
    }
  }
  return found;
}
