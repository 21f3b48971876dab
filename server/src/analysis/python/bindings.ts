import type { Node } from "web-tree-sitter";

/** The effect of one occurrence of a name on that name in its scope. */
export type Binding =
  | { kind: "import"; module: string }
  | { kind: "alias"; value: Node }
  | { kind: "other" }
  | { kind: "global" }
  | undefined;

/** Nodes a binding target can sit inside, as in `a, (b, *c) = …` or `with f() as (d, e)`. */
const TARGET_CONTAINERS = new Set([
  "pattern_list",
  "tuple_pattern",
  "list_pattern",
  "list_splat_pattern",
  "dictionary_splat_pattern",
  "tuple",
  "list",
  "parenthesized_expression",
  "expression_list",
]);

const PARAMETER_LISTS = new Set(["parameters", "lambda_parameters"]);

function isField(parent: Node, field: string, child: Node): boolean {
  const fieldNode = parent.childForFieldName(field);
  return fieldNode !== null && fieldNode.id === child.id;
}

/** Joins the identifiers of a dotted name, ignoring any whitespace or comments between them. */
export function dottedNameText(node: Node): string {
  if (node.type !== "dotted_name") {
    return node.text;
  }
  return node.namedChildren
    .filter((child): child is Node => child !== null && child.type === "identifier")
    .map((child) => child.text)
    .join(".");
}

/** Returns the module of a `from … import` statement, or undefined for a relative import. */
export function fromImportModule(statement: Node): string | undefined {
  const moduleName = statement.childForFieldName("module_name");
  if (moduleName === null || moduleName.type !== "dotted_name") {
    return undefined;
  }
  return dottedNameText(moduleName);
}

function importedFrom(statement: Node, member: string): Binding {
  const module = fromImportModule(statement);
  return module === undefined
    ? { kind: "other" }
    : { kind: "import", module: `${module}.${member}` };
}

function classifyInDottedName(identifier: Node, dotted: Node): Binding {
  const owner = dotted.parent;
  if (owner === null) {
    return undefined;
  }
  switch (owner.type) {
    case "import_statement":
      // `import torch.nn` binds `torch` to the top-level package only.
      return dotted.firstNamedChild?.id === identifier.id
        ? { kind: "import", module: identifier.text }
        : undefined;
    case "import_from_statement":
      return isField(owner, "module_name", dotted)
        ? undefined
        : importedFrom(owner, dottedNameText(dotted));
    case "case_pattern":
    case "keyword_pattern":
      // A bare name in a pattern captures the subject, but a dotted one only compares with it.
      return dotted.namedChildCount === 1 ? { kind: "other" } : undefined;
    default:
      return undefined;
  }
}

function classifyAlias(alias: Node, aliasedImport: Node): Binding {
  const nameNode = aliasedImport.childForFieldName("name");
  const statement = aliasedImport.parent;
  if (nameNode === null || statement === null) {
    return { kind: "other" };
  }
  if (statement.type === "import_statement") {
    return { kind: "import", module: dottedNameText(nameNode) };
  }
  if (statement.type === "import_from_statement") {
    return importedFrom(statement, dottedNameText(nameNode));
  }
  return { kind: "other" };
}

/**
 * Classifies `name = value`: an attribute such as `torch.nn` may alias a module, which the
 * resolver decides, and any other value binds something else.
 */
function classifyAssignedValue(assignment: Node): Binding {
  const value = assignment.childForFieldName("right");
  return value !== null && value.type === "attribute"
    ? { kind: "alias", value }
    : { kind: "other" };
}

/** Decides whether a name inside (possibly nested) target containers is assigned to. */
function classifyTarget(identifier: Node): Binding {
  let child = identifier;
  let parent = identifier.parent;
  while (parent !== null && TARGET_CONTAINERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (parent === null) {
    return undefined;
  }

  switch (parent.type) {
    case "assignment":
      if (!isField(parent, "left", child)) {
        return undefined;
      }
      return child.id === identifier.id ? classifyAssignedValue(parent) : { kind: "other" };
    case "augmented_assignment":
    case "for_statement":
    case "for_in_clause":
      return isField(parent, "left", child) ? { kind: "other" } : undefined;
    case "named_expression":
      return isField(parent, "name", child) ? { kind: "other" } : undefined;
    case "as_pattern_target":
    case "delete_statement":
      return { kind: "other" };
    case "default_parameter":
    case "typed_default_parameter":
      return isField(parent, "name", child) ? { kind: "other" } : undefined;
    case "typed_parameter":
      return isField(parent, "type", child) ? undefined : { kind: "other" };
    case "function_definition":
    case "class_definition":
      return isField(parent, "name", child) ? { kind: "other" } : undefined;
    default:
      return PARAMETER_LISTS.has(parent.type) ? { kind: "other" } : undefined;
  }
}

function insideCasePattern(identifier: Node): boolean {
  for (let node = identifier.parent; node !== null; node = node.parent) {
    if (node.type === "case_pattern") {
      return true;
    }
    if (node.type === "case_clause" || node.type.endsWith("_statement")) {
      return false;
    }
  }
  return false;
}

/**
 * Classifies one identifier occurrence: an import that binds the name to a module path, another
 * kind of binding (assignment, definition, parameter, loop target…), a `global` declaration, or
 * undefined when the occurrence only reads the name.
 */
export function classifyOccurrence(identifier: Node): Binding {
  const parent = identifier.parent;
  if (parent === null) {
    return undefined;
  }

  switch (parent.type) {
    case "dotted_name":
      return classifyInDottedName(identifier, parent);
    case "aliased_import":
      return isField(parent, "alias", identifier) ? classifyAlias(identifier, parent) : undefined;
    case "global_statement":
      return { kind: "global" };
    case "nonlocal_statement":
      return { kind: "other" };
  }

  if (insideCasePattern(identifier)) {
    return { kind: "other" };
  }
  return classifyTarget(identifier);
}
