import type { Node, Tree } from "web-tree-sitter";
import { findWord } from "../../analysis/textSearch";

/** The name the fix calls, and whether the function must be inserted or is already there. */
export interface FunctionName {
  name: string;
  insert: boolean;
}

/** How many numbered names (`focalLoss2` … `focalLoss9`) are tried after the template's own. */
const MAX_SUFFIX = 9;

const BINDING_PARENTS = new Set([
  "function_declaration",
  "variable_declarator",
  "class_declaration",
  "import_specifier",
  "namespace_import",
  "import_clause",
  "required_parameter",
  "optional_parameter",
  "formal_parameters",
  "assignment_expression",
]);

/** Returns the identifier nodes spelled `name`; strings, comments and properties are not. */
function identifiersNamed(tree: Tree, text: string, name: string): Node[] {
  return findWord(text, name)
    .map((offset) => tree.rootNode.descendantForIndex(offset, offset + name.length))
    .filter(
      (node): node is Node =>
        node !== null &&
        ["identifier", "shorthand_property_identifier", "type_identifier"].includes(node.type),
    );
}

/** Returns whether no identifier in the file is spelled `name`, so inserted code can bind it. */
export function isNameUnused(tree: Tree, text: string, name: string): boolean {
  return identifiersNamed(tree, text, name).length === 0;
}

function isTopLevel(statement: Node): boolean {
  const parent = statement.parent;
  return (
    parent?.type === "program" ||
    (parent?.type === "export_statement" && parent.parent?.type === "program")
  );
}

/** Compares code with all whitespace removed, so reindented or reformatted code still matches. */
function sameCode(a: string, b: string): boolean {
  return a.replace(/\s+/g, "") === b.replace(/\s+/g, "");
}

function withoutDocComment(code: string, name: string): string {
  return code.slice(code.indexOf(`function ${name}(`));
}

/**
 * Picks the name of the inserted function: the template's own name when the file has no
 * identifier of that name, or else a numbered one (`focalLoss2`). The file's own `focalLoss` may
 * have other semantics, so the fix never calls it. A top-level function that is
 * the template itself, as an earlier fix inserted it, is reused. `templateText(name)` returns the
 * function as it would be inserted under `name`. Returns undefined when every name is taken.
 */
export function chooseFunctionName(
  tree: Tree,
  text: string,
  baseName: string,
  templateText: (name: string) => string,
): FunctionName | undefined {
  for (let suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
    const name = suffix === 1 ? baseName : `${baseName}${suffix}`;
    const identifiers = identifiersNamed(tree, text, name);
    if (identifiers.length === 0) {
      return { name, insert: true };
    }

    const bindings = identifiers.filter((node) => BINDING_PARENTS.has(node.parent?.type ?? ""));
    const declaration = bindings.length === 1 ? bindings[0].parent : undefined;
    const isTemplate =
      declaration?.type === "function_declaration" &&
      declaration.childForFieldName("name")?.id === bindings[0].id &&
      isTopLevel(declaration) &&
      sameCode(declaration.text, withoutDocComment(templateText(name), name));
    if (isTemplate) {
      return { name, insert: false };
    }
  }
  return undefined;
}
