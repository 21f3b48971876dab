import type { Node, Tree } from "web-tree-sitter";
import type { TemplateDefinition } from "./implementationTemplate";

/**
 * Returns the code of a statement as its tokens, without comments and with every whitespace run
 * collapsed to one space. Two definitions with the same result differ only in layout and
 * comments, such as the template reindented with tabs or with CRLF line endings.
 */
export function normalisedCode(statement: Node): string {
  const tokens: string[] = [];
  const pending: Node[] = [statement];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.type === "comment") {
      continue;
    }
    if (node.childCount === 0) {
      tokens.push(node.text);
      continue;
    }
    for (let index = node.childCount - 1; index >= 0; index--) {
      const child = node.child(index);
      if (child !== null) {
        pending.push(child);
      }
    }
  }
  return tokens.join(" ").replace(/\s+/g, " ").trim();
}

/** Returns the names of a function's parameters, or undefined when one is `*args` or `**kwargs`. */
function functionParameters(definition: Node): string[] | undefined {
  const names: string[] = [];
  for (const parameter of definition.childForFieldName("parameters")?.namedChildren ?? []) {
    if (parameter === null || parameter.type === "comment") {
      continue;
    }
    const name = parameter.type === "identifier" ? parameter : parameter.childForFieldName("name");
    if (name?.type !== "identifier") {
      return undefined;
    }
    names.push(name.text);
  }
  return names;
}

/**
 * Returns the parameters a call of a class or function definition takes, in order: a function's
 * own, or a class's `__init__` parameters after `self`. Returns undefined when the definition
 * takes `*args` or `**kwargs`, or when a class has no `__init__` of its own.
 */
export function callParameters(definition: Node): string[] | undefined {
  if (definition.type === "function_definition") {
    return functionParameters(definition);
  }
  if (definition.type !== "class_definition") {
    return undefined;
  }
  for (const statement of definition.childForFieldName("body")?.namedChildren ?? []) {
    const method =
      statement?.type === "decorated_definition"
        ? statement.childForFieldName("definition")
        : statement;
    if (
      method?.type === "function_definition" &&
      method.childForFieldName("name")?.text === "__init__"
    ) {
      return functionParameters(method)?.slice(1);
    }
  }
  return undefined;
}

/**
 * Returns the module's top-level statements that define a class or function called `name`,
 * decorators included.
 */
export function moduleDefinitions(tree: Tree, name: string): Node[] {
  return tree.rootNode.namedChildren.filter((statement): statement is Node => {
    const definition =
      statement?.type === "decorated_definition"
        ? statement.childForFieldName("definition")
        : statement;
    return (
      (definition?.type === "class_definition" || definition?.type === "function_definition") &&
      definition.childForFieldName("name")?.text === name
    );
  });
}

/**
 * Returns whether the module defines `definition` and every top-level definition of its name is
 * the template's code, such as one that an earlier fix inserted.
 */
export function definesTemplateCode(tree: Tree, definition: TemplateDefinition): boolean {
  const statements = moduleDefinitions(tree, definition.name);
  return (
    statements.length > 0 &&
    statements.every((statement) => normalisedCode(statement) === definition.normalisedCode)
  );
}
