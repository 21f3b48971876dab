import type { Tree } from "web-tree-sitter";
import { isNestedDeeperThan } from "../nestingDepth";
import { findCandidates } from "./analyzePython";
import { storingStatement } from "./guards";
import type { NameResolver } from "./nameResolver";

/**
 * Returns the qualified names, such as `torch.nn.FocalLoss`, of the candidate members that a
 * file assigns anywhere in it, as a monkey-patch `nn.FocalLoss = MyLoss` does. Like a store
 * earlier in the same file, such an assignment in an earlier notebook cell makes later reads
 * work, whether or not a `hasattr` check around it ran.
 */
export function findStoredMembers(tree: Tree, text: string, resolver: NameResolver): Set<string> {
  const stored = new Set<string>();
  for (const [offset, name] of findCandidates(text)) {
    const end = offset + name.length;
    if (isNestedDeeperThan(tree, offset)) {
      continue;
    }
    const identifier = tree.rootNode.descendantForIndex(offset, end);
    if (identifier?.type !== "identifier" || storingStatement(identifier) === undefined) {
      continue;
    }

    // storingStatement returned a statement, so the identifier is an attribute's name.
    const object = identifier.parent?.childForFieldName("object");
    const module =
      object === null || object === undefined ? undefined : resolver.qualifiedName(object);
    if (module !== undefined) {
      stored.add(`${module}.${name}`);
    }
  }
  return stored;
}
