import type { Node, Tree } from "web-tree-sitter";
import { classifyOccurrence } from "../../analysis/python/bindings";
import type { NameResolver } from "../../analysis/python/nameResolver";
import { isNestedDeeperThan } from "../../analysis/nestingDepth";
import { findWord } from "../../analysis/textSearch";

function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/**
 * Returns whether an identifier is not looked up in scope: `x.name`, `f(name=…)` or a part of an
 * import's dotted name.
 */
function isNotLookedUp(identifier: Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === "dotted_name") {
    return true;
  }
  if (parent?.type === "attribute") {
    return isField(parent, "attribute", identifier);
  }
  return parent?.type === "keyword_argument" && isField(parent, "name", identifier);
}

/**
 * Finds the identifiers that read `name`, in any scope: not bindings, attributes or keywords.
 * Returns undefined when an occurrence sits deeper than the analysis goes, since it could not be
 * checked.
 */
export function nameReads(tree: Tree, text: string, name: string): Node[] | undefined {
  const reads: Node[] = [];
  for (const offset of findWord(text, name)) {
    if (isNestedDeeperThan(tree, offset)) {
      return undefined;
    }
    const identifier = tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (
      identifier?.type === "identifier" &&
      identifier.startIndex === offset &&
      identifier.endIndex === offset + name.length &&
      !isNotLookedUp(identifier) &&
      classifyOccurrence(identifier) === undefined
    ) {
      reads.push(identifier);
    }
  }
  return reads;
}

/**
 * Finds the identifiers that read `name` where it resolves to the import of `path`, such as
 * every `focal_loss` after `from torch.nn.functional import focal_loss`. Reads that resolve to
 * another binding, such as a local variable of the same name, are left out. Returns undefined
 * when an occurrence sits deeper than the analysis goes, since it could not be checked.
 */
export function importedNameReferences(
  tree: Tree,
  text: string,
  resolver: NameResolver,
  name: string,
  path: string,
): Node[] | undefined {
  return nameReads(tree, text, name)?.filter((identifier) => {
    const resolution = resolver.resolveName(name, identifier);
    return resolution.kind === "module" && resolution.path === path;
  });
}
