import type { Node, Tree } from "web-tree-sitter";

/**
 * The deepest syntax-tree level at which the analysis and the features look at a node. tree-sitter
 * 0.25 finds a node's parent by walking down from the root, so following parents up from depth d
 * costs O(d²): at 10,000 nested parentheses one name lookup takes seconds and blocks the server.
 * CPython 3.11 rejects more than 200 nested brackets, and each adds one or two levels, so no
 * Python that runs is skipped. TypeScript and JavaScript have no such limit, but code nested this
 * deeply is generated, not written.
 */
export const MAX_ANALYZED_DEPTH = 1_000;

/**
 * Returns whether the node at `offset` lies more than `limit` levels below the root. It walks
 * down from the root with `childWithDescendant`, which costs what one `Node.parent` call costs.
 */
export function isNestedDeeperThan(tree: Tree, offset: number, limit = MAX_ANALYZED_DEPTH) {
  const target = tree.rootNode.descendantForIndex(offset);
  let current: Node | null = tree.rootNode;
  for (let depth = 0; target !== null && current !== null && current.id !== target.id; depth++) {
    if (depth >= limit) {
      return true;
    }
    current = current.childWithDescendant(target);
  }
  return false;
}
