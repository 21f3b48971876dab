import type { Node, Tree } from "web-tree-sitter";
import { isNestedDeeperThan } from "./nestingDepth";

export interface CallSearch {
  /** Node types of calls and constructions, such as `call` or `call_expression`. */
  callTypes: readonly string[];
  /** Node types whose children are statements, such as `module` and `block`. */
  bodyTypes: ReadonlySet<string>;
  /** Returns the name a call's callee ends in (`FocalLoss` for `nn.FocalLoss(...)`). */
  calleeName(call: Node): string | undefined;
  isKnown(name: string): boolean;
}

/**
 * Finds the innermost known call that contains `offset`, so that a cursor inside
 * `FocalLoss(alpha=torch.tensor([...]))` finds FocalLoss. A cursor just past the closing
 * parenthesis counts. Without one, it returns the first known call that starts on `line` in the
 * statement around `offset`, so that a cursor on `criterion` in `criterion = FocalLoss(...)`
 * finds it too, but a cursor on a `def` line does not find a call in the function's body.
 */
export function findCallAt(
  tree: Tree,
  offset: number,
  line: number,
  search: CallSearch,
): Node | undefined {
  const isKnownCall = (node: Node): boolean => {
    if (!search.callTypes.includes(node.type)) {
      return false;
    }
    const name = search.calleeName(node);
    return name !== undefined && search.isKnown(name);
  };

  if (isNestedDeeperThan(tree, offset)) {
    return undefined;
  }
  const starts = offset > 0 ? [offset, offset - 1] : [offset];
  for (const start of starts) {
    const leaf = tree.rootNode.descendantForIndex(start);
    for (let node = leaf; node !== null; node = node.parent) {
      if (isKnownCall(node)) {
        return node;
      }
    }
  }

  for (const start of starts) {
    const statement = enclosingStatement(tree.rootNode.descendantForIndex(start), search.bodyTypes);
    const call = statement
      ?.descendantsOfType([...search.callTypes])
      .find(
        (node): node is Node =>
          node !== null && node.startPosition.row === line && isKnownCall(node),
      );
    if (call !== undefined) {
      return call;
    }
  }
  return undefined;
}

function enclosingStatement(node: Node | null, bodyTypes: ReadonlySet<string>): Node | undefined {
  for (let current = node; current !== null; current = current.parent) {
    const parent = current.parent;
    if (parent !== null && bodyTypes.has(parent.type)) {
      return current;
    }
  }
  return undefined;
}
