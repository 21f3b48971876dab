import type { Node, Tree } from "web-tree-sitter";
import type { CompileReceivers } from "./compileReceiver";
import { constValueAt } from "./constValues";

/** Expressions that pass their operand's value on unchanged: `(x)`, `x as T`, `x satisfies T`, `x!`. */
const VALUE_WRAPPERS = new Set([
  "parenthesized_expression",
  "as_expression",
  "satisfies_expression",
  "non_null_expression",
]);

function withoutWrappers(node: Node | null | undefined): Node | null | undefined {
  let current = node;
  while (current !== null && current !== undefined && VALUE_WRAPPERS.has(current.type)) {
    current = current.namedChildren[0];
  }
  return current;
}

/** Returns the values an expression can have: both branches of `c ? a : b`, or itself. */
function branchesOf(node: Node | null): Node[] {
  const value = withoutWrappers(node);
  if (value === null || value === undefined) {
    return [];
  }
  if (value.type !== "ternary_expression") {
    return [value];
  }
  return [
    ...branchesOf(value.childForFieldName("consequence")),
    ...branchesOf(value.childForFieldName("alternative")),
  ];
}

/**
 * A loss name given to `model.compile`: `node` is where it is reported, a string literal or a
 * name bound by `const NAME = "…"`, and `name` is the loss name.
 */
export interface CompileLossName {
  node: Node;
  name: string;
}

/** The parsed file that compile options are read from, and its receiver classifier. */
export interface CompileSource {
  tree: Tree;
  text: string;
  receivers: CompileReceivers;
}

/** Returns the value of `node` with wrappers removed, following a `const` name once. */
function constantValue(node: Node | null | undefined, source: CompileSource): Node | undefined {
  const value = withoutWrappers(node) ?? undefined;
  if (value?.type !== "identifier") {
    return value;
  }
  return withoutWrappers(constValueAt(value, source.tree, source.text)) ?? undefined;
}

/** Returns the loss name of one value of `loss`: a string, or a name bound to a `const` string. */
function lossName(value: Node, source: CompileSource): CompileLossName | undefined {
  if (value.type === "string") {
    return { node: value, name: value.namedChildren[0]?.text ?? "" };
  }
  const string = value.type === "identifier" ? constantValue(value, source) : undefined;
  return string?.type === "string"
    ? { node: value, name: string.namedChildren[0]?.text ?? "" }
    : undefined;
}

/**
 * Returns the loss names given as `loss` to a `.compile(…)` call, one per output, unless the
 * receiver is known not to be a tfjs model (see CompileReceivers). The options may be an object
 * literal or a name bound by `const options = { … }` (see constValueAt for when it is read).
 */
export function compileLossNames(compileName: Node, source: CompileSource): CompileLossName[] {
  const member = compileName.parent;
  const call = member?.parent;
  if (
    member?.type !== "member_expression" ||
    member.childForFieldName("property")?.id !== compileName.id ||
    call?.type !== "call_expression" ||
    call.childForFieldName("function")?.id !== member.id
  ) {
    return [];
  }
  const receiver = member.childForFieldName("object");
  if (receiver === null || source.receivers.classify(receiver) === "other") {
    return [];
  }
  const config = constantValue(call.childForFieldName("arguments")?.namedChildren[0], source);
  if (config?.type !== "object") {
    return [];
  }
  const names: CompileLossName[] = [];
  for (const pair of config.namedChildren) {
    const key = pair?.type === "pair" ? pair.childForFieldName("key") : null;
    const keyText = key?.type === "string" ? key.namedChildren[0]?.text : key?.text;
    const value = pair?.childForFieldName("value");
    if (keyText !== "loss" || value === null || value === undefined) {
      continue;
    }
    // A loss per output is an array or an object of names; each name is checked.
    const values =
      value.type === "array"
        ? value.namedChildren
        : value.type === "object"
          ? value.namedChildren.map((item) => item?.childForFieldName("value") ?? null)
          : [value];
    for (const branch of values.flatMap(branchesOf)) {
      const name = lossName(branch, source);
      if (name !== undefined) {
        names.push(name);
      }
    }
  }
  return names;
}
