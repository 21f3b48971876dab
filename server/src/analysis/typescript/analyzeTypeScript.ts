import type { Node, Tree } from "web-tree-sitter";
import { COMPILE_LOSS_MODULE } from "../../rules/fl004TfjsFocalLoss";
import { candidateNamesFor, checkReference } from "../../rules/registry";
import type { ApiReference } from "../../rules/rule";
import type { Finding } from "../finding";
import { isNestedDeeperThan } from "../nestingDepth";
import { findIdentifiers, findWord } from "../textSearch";
import { CompileReceivers } from "./compileReceiver";
import { isTfjsPackage } from "./moduleNames";
import { ModuleResolver, requiredPackage } from "./moduleResolver";

const TYPESCRIPT_CANDIDATES = candidateNamesFor("typescript");
const CANDIDATE_ANCHOR = "ocal";

/** Returns whether the file imports or requires a TensorFlow.js package. */
function importsTfjs(tree: Tree, text: string): boolean {
  return findWord(text, "tensorflow").some((offset) => {
    const fragment = tree.rootNode.descendantForIndex(offset);
    const string = fragment?.parent;
    const owner = string?.parent;
    if (fragment?.type !== "string_fragment" || string?.type !== "string" || !owner) {
      return false;
    }
    const isImport = owner.type === "import_statement" || owner.type === "export_statement";
    const isRequire = owner.type === "arguments" && requiredPackage(owner.parent) !== undefined;
    return (isImport || isRequire) && isTfjsPackage(fragment.text);
  });
}

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
 * Returns the string literals given as `loss` to a `.compile({ … })` call, one per output, unless
 * the receiver is known not to be a tfjs model (see CompileReceivers).
 */
function compileLossStrings(compileName: Node, receivers: CompileReceivers): Node[] {
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
  if (receiver === null || receivers.classify(receiver) === "other") {
    return [];
  }
  const config = withoutWrappers(call.childForFieldName("arguments")?.namedChildren[0]);
  if (config?.type !== "object") {
    return [];
  }
  const strings: Node[] = [];
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
    strings.push(...values.flatMap(branchesOf).filter((item) => item.type === "string"));
  }
  return strings;
}

function memberReference(identifier: Node, resolver: ModuleResolver): ApiReference | undefined {
  const member = identifier.parent;
  if (
    member?.type !== "member_expression" ||
    member.childForFieldName("property")?.id !== identifier.id
  ) {
    return undefined;
  }
  const object = member.childForFieldName("object");
  const module = object === null ? undefined : resolver.qualifiedName(object);
  return module === undefined
    ? undefined
    : { language: "typescript", kind: "attribute", module, member: identifier.text };
}

function toFinding(reference: ApiReference, node: Node): Finding | undefined {
  const hit = checkReference(reference);
  return hit === undefined
    ? undefined
    : {
        code: hit.rule.code,
        severity: hit.rule.defaultSeverity,
        message: hit.match.message,
        startOffset: node.startIndex,
        endOffset: node.endIndex,
        reference,
      };
}

/**
 * Finds focal-loss APIs that do not exist in a TypeScript or JavaScript file: focal-loss names
 * on `tf.losses`, loss names that tfjs's `model.compile` rejects, and `nn.FocalLoss` on
 * js-pytorch. Strings, comments and template literals are never read as code.
 */
export function analyzeTypeScript(tree: Tree, text: string): Finding[] {
  const findings: Finding[] = [];
  const resolver = new ModuleResolver(tree, text);

  for (const [offset, name] of findIdentifiers(text, TYPESCRIPT_CANDIDATES, CANDIDATE_ANCHOR)) {
    if (isNestedDeeperThan(tree, offset)) {
      continue;
    }
    const node = tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (node?.type !== "property_identifier" || node.startIndex !== offset) {
      continue;
    }
    const reference = memberReference(node, resolver);
    const finding = reference === undefined ? undefined : toFinding(reference, node);
    if (finding !== undefined) {
      findings.push(finding);
    }
  }

  const compileNames = findWord(text, "compile");
  if (compileNames.length > 0 && importsTfjs(tree, text)) {
    const receivers = new CompileReceivers(tree, text, resolver);
    for (const offset of compileNames) {
      if (isNestedDeeperThan(tree, offset)) {
        continue;
      }
      const node = tree.rootNode.descendantForIndex(offset, offset + "compile".length);
      if (node?.type !== "property_identifier") {
        continue;
      }
      for (const string of compileLossStrings(node, receivers)) {
        const name = string.namedChildren[0]?.text ?? "";
        const reference: ApiReference = {
          language: "typescript",
          kind: "attribute",
          module: COMPILE_LOSS_MODULE,
          member: name,
        };
        const finding = toFinding(reference, string);
        if (finding !== undefined) {
          findings.push(finding);
        }
      }
    }
  }
  return findings.sort((a, b) => a.startOffset - b.startOffset);
}
