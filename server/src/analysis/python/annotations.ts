import type { Node, Tree } from "web-tree-sitter";

/** The nodes whose `type` child is an annotation that PEP 563 postpones. */
const ANNOTATED = new Set([
  "typed_parameter",
  "typed_default_parameter",
  "assignment",
  "function_definition",
]);

/**
 * Returns whether the file starts with `from __future__ import annotations` (PEP 563). Future
 * imports may follow only the docstring, comments and other future imports, so the scan stops at
 * the first other statement: listing every top-level statement of a long file took most of the
 * analysis time of an edit.
 */
export function postponesAnnotations(tree: Tree): boolean {
  const root = tree.rootNode;
  for (let index = 0; index < root.namedChildCount; index++) {
    const statement = root.namedChild(index);
    if (statement === null) {
      return false;
    }
    if (statement.type === "future_import_statement") {
      if (statement.namedChildren.some((name) => name?.text === "annotations")) {
        return true;
      }
    } else if (!isDocstringOrComment(statement)) {
      return false;
    }
  }
  return false;
}

function isDocstringOrComment(statement: Node): boolean {
  return (
    statement.type === "comment" ||
    (statement.type === "expression_statement" && statement.firstNamedChild?.type === "string")
  );
}

/**
 * Returns whether `node` is inside a parameter, return or variable annotation. Under
 * `from __future__ import annotations` Python stores those as strings and never evaluates them,
 * so a missing attribute there raises nothing at run time.
 */
export function isInAnnotation(node: Node): boolean {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    const parent = current.parent;
    if (current.type === "type" && parent !== null && ANNOTATED.has(parent.type)) {
      return true;
    }
    if (current.type.endsWith("_statement") || current.type === "block") {
      return false;
    }
  }
  return false;
}
