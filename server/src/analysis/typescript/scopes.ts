import type { Node } from "web-tree-sitter";

export function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

const FUNCTION_SCOPES = new Set([
  "function_declaration",
  "function_expression",
  "generator_function_declaration",
  "generator_function",
  "arrow_function",
  "method_definition",
]);

/**
 * Returns the function (or the program) that owns a name at `node`. Block scopes are folded into
 * their function: a `let` inside a block then hides the name in the whole function, which can
 * only hide findings, never add one. A function declaration's own name belongs outside it.
 */
export function scopeOf(node: Node): Node {
  let child = node;
  for (let parent = node.parent; parent !== null; child = parent, parent = parent.parent) {
    if (parent.type === "program") {
      return parent;
    }
    if (FUNCTION_SCOPES.has(parent.type) && !isField(parent, "name", child)) {
      return parent;
    }
  }
  return child;
}

export function enclosingScope(scope: Node): Node | undefined {
  return scope.type === "program" || scope.parent === null ? undefined : scopeOf(scope);
}
