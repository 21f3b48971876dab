import type { Node, Tree } from "web-tree-sitter";
import { COMPILE_LOSS_MODULE } from "../../rules/fl004TfjsFocalLoss";
import { candidateNamesFor, checkReference } from "../../rules/registry";
import type { ApiReference } from "../../rules/rule";
import type { Finding } from "../finding";
import { isNestedDeeperThan } from "../nestingDepth";
import { findIdentifiers, findWord } from "../textSearch";
import { compileLossNames } from "./compileLosses";
import { CompileReceivers } from "./compileReceiver";
import { lossesReference } from "./lossesReference";
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
    if (node === null || node.startIndex !== offset) {
      continue;
    }
    const found =
      node.type === "property_identifier" && node.parent?.type === "member_expression"
        ? { reference: memberReference(node, resolver), node }
        : lossesReference(node, resolver);
    const finding =
      found?.reference === undefined ? undefined : toFinding(found.reference, found.node);
    if (finding !== undefined) {
      findings.push(finding);
    }
  }

  const compileNames = findWord(text, "compile");
  if (compileNames.length > 0 && importsTfjs(tree, text)) {
    const source = { tree, text, receivers: new CompileReceivers(tree, text, resolver) };
    // Options in a `const` shared by several compile calls are reported once.
    const reported = new Set<number>();
    for (const offset of compileNames) {
      if (isNestedDeeperThan(tree, offset)) {
        continue;
      }
      const node = tree.rootNode.descendantForIndex(offset, offset + "compile".length);
      if (node?.type !== "property_identifier") {
        continue;
      }
      for (const { node: lossNode, name } of compileLossNames(node, source)) {
        if (reported.has(lossNode.startIndex)) {
          continue;
        }
        reported.add(lossNode.startIndex);
        const reference: ApiReference = {
          language: "typescript",
          kind: "attribute",
          module: COMPILE_LOSS_MODULE,
          member: name,
          indirect: lossNode.type !== "string",
        };
        const finding = toFinding(reference, lossNode);
        if (finding !== undefined) {
          findings.push(finding);
        }
      }
    }
  }
  return findings.sort((a, b) => a.startOffset - b.startOffset);
}
