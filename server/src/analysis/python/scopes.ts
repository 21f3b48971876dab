import type { Node } from "web-tree-sitter";

const COMPREHENSIONS = new Set([
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

function sameNode(a: Node | null, b: Node): boolean {
  return a !== null && a.id === b.id;
}

/**
 * Finds the Python scope that owns a name at `node`: the module, a function, a lambda, a class
 * body or a comprehension. A function's name belongs to the enclosing scope, and its parameters
 * and body to the function. Parameter defaults are treated as part of the function, which differs
 * from Python only when a default refers to a name the function also binds.
 */
export function scopeOf(node: Node): Node {
  let child = node;
  let parent = node.parent;
  while (parent) {
    switch (parent.type) {
      case "module":
        return parent;
      case "function_definition":
        if (
          sameNode(parent.childForFieldName("body"), child) ||
          sameNode(parent.childForFieldName("parameters"), child)
        ) {
          return parent;
        }
        break;
      case "lambda":
        return parent;
      case "class_definition":
        if (sameNode(parent.childForFieldName("body"), child)) {
          return parent;
        }
        break;
      default:
        if (COMPREHENSIONS.has(parent.type)) {
          return parent;
        }
    }
    child = parent;
    parent = parent.parent;
  }
  return child;
}

/** Returns the scope that encloses `scope`, or undefined for the module. */
export function parentScope(scope: Node): Node | undefined {
  return scope.type === "module" || scope.parent === null ? undefined : scopeOf(scope);
}
