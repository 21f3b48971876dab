import type { Node, Tree } from "web-tree-sitter";
import { isNestedDeeperThan } from "../nestingDepth";
import { findWord } from "../textSearch";
import { enclosingScope, isField, scopeOf } from "./scopes";

/** Parents under which an identifier binds a name rather than reads it. */
const BINDING_PARENTS = new Set([
  "variable_declarator",
  "required_parameter",
  "optional_parameter",
  "formal_parameters",
  "arrow_function",
  "import_specifier",
  "import_clause",
  "namespace_import",
  "object_pattern",
  "pair_pattern",
  "array_pattern",
  "rest_pattern",
  "object_assignment_pattern",
  "assignment_pattern",
  "function_declaration",
  "generator_function_declaration",
  "class_declaration",
  "catch_clause",
  "for_in_statement",
  "assignment_expression",
  "augmented_assignment_expression",
  "update_expression",
]);

/** Returns whether the identifier `node` binds its name: a declaration, parameter or import. */
function isBinding(node: Node, parent: Node): boolean {
  if (node.type === "shorthand_property_identifier_pattern") {
    return true;
  }
  if (node.type !== "identifier" || !BINDING_PARENTS.has(parent.type)) {
    return false;
  }
  // The value of a declarator or the right side of an assignment is read, not bound.
  return !["value", "right", "body"].some((field) => isField(parent, field, node));
}

/** Returns whether `node` is the object of `node.x = …`, `node[k] = …` or `delete node.x`. */
function isMutated(node: Node): boolean {
  const member = node.parent;
  if (
    (member?.type !== "member_expression" && member?.type !== "subscript_expression") ||
    !isField(member, "object", node)
  ) {
    return false;
  }
  const outer = member.parent;
  const assigned =
    (outer?.type === "assignment_expression" ||
      outer?.type === "augmented_assignment_expression") &&
    isField(outer, "left", member);
  const deleted = outer?.type === "unary_expression" && outer.children[0]?.text === "delete";
  return assigned || deleted;
}

/**
 * Finds the value of the name `identifier` reads when it is a constant: the initialiser of
 * `const name = …` in the nearest function or module scope that binds the name. Returns
 * undefined, so the caller reads nothing, when that scope also binds the name another way
 * (`let`, `var`, a parameter, an import, a second declaration). It also returns undefined when
 * the declaration sits in a block that does not contain `identifier`, or when the file assigns
 * to or deletes a property of the name (`opts.loss = …`), since the initialiser may then not be
 * what is read.
 */
export function constValueAt(identifier: Node, tree: Tree, text: string): Node | undefined {
  if (identifier.type !== "identifier") {
    return undefined;
  }
  const name = identifier.text;
  const occurrences: Node[] = [];
  for (const offset of findWord(text, name)) {
    if (isNestedDeeperThan(tree, offset)) {
      return undefined;
    }
    const node = tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (node !== null && node.startIndex === offset && node.endIndex === offset + name.length) {
      occurrences.push(node);
    }
  }
  if (occurrences.some(isMutated)) {
    return undefined;
  }

  for (let scope: Node | undefined = scopeOf(identifier); scope; scope = enclosingScope(scope)) {
    const bindings = occurrences.filter(
      (node) =>
        node.parent !== null && isBinding(node, node.parent) && scopeOf(node).id === scope?.id,
    );
    if (bindings.length === 0) {
      continue;
    }
    const declarator = bindings[0]?.parent;
    const declaration = declarator?.parent;
    const block = declaration?.parent;
    const isConst =
      declarator?.type === "variable_declarator" &&
      declaration?.type === "lexical_declaration" &&
      declaration.children[0]?.text === "const";
    const visible =
      block !== null &&
      block !== undefined &&
      block.startIndex <= identifier.startIndex &&
      identifier.endIndex <= block.endIndex;
    return bindings.length === 1 && isConst && visible
      ? (declarator.childForFieldName("value") ?? undefined)
      : undefined;
  }
  return undefined;
}
