import type { Node, Parser } from "web-tree-sitter";
import { dottedNameText, fromImportModule } from "../../analysis/python/bindings";
import { parseOrThrow } from "../../documents/parsedDocument";
import { callParameters, normalisedCode } from "./definitionShape";

/** One name the template imports, with the single-name import line that binds it. */
export interface TemplateImport {
  name: string;
  module: string;
  line: string;
}

/** One top-level definition of the template, with the other definitions it uses. */
export interface TemplateDefinition {
  name: string;
  /** The definition with the comment lines above it, as a fix inserts it. */
  text: string;
  /** The definition statement alone, from `def`, `class` or its decorator to its end. */
  statementText: string;
  /** The statement's tokens without comments or layout, as `normalisedCode` returns them. */
  normalisedCode: string;
  /** The parameters a call takes, for a function or a class with an `__init__`. */
  parameters?: readonly string[];
  identifiers: Set<string>;
}

/**
 * The Python implementation the quick fixes insert, split into its imports and its top-level
 * definitions so that a fix inserts only what it needs. The template's text is bundled at build
 * time from templates/python/focal_loss.py.
 */
export class ImplementationTemplate {
  private constructor(
    readonly imports: TemplateImport[],
    readonly definitions: TemplateDefinition[],
  ) {}

  static parse(source: string, parser: Parser): ImplementationTemplate {
    const text = source.replace(/\r\n/g, "\n");
    const tree = parseOrThrow(parser, text);
    try {
      if (tree.rootNode.hasError) {
        throw new Error("The bundled Python template has a syntax error; rebuild the server.");
      }
      const imports: TemplateImport[] = [];
      const definitions: TemplateDefinition[] = [];
      let pendingCommentStart: number | undefined;
      for (const statement of tree.rootNode.namedChildren) {
        if (statement === null) {
          continue;
        }
        if (statement.type === "comment") {
          pendingCommentStart ??= statement.startIndex;
          continue;
        }
        if (statement.type === "import_statement" || statement.type === "import_from_statement") {
          imports.push(...importsOf(statement));
        } else {
          const definition = definitionOf(statement, text, pendingCommentStart);
          if (definition !== undefined) {
            definitions.push(definition);
          }
        }
        pendingCommentStart = undefined;
      }
      return new ImplementationTemplate(imports, definitions);
    } finally {
      tree.delete();
    }
  }

  /** Returns the named definitions and those they use, in template order. */
  definitionsFor(names: readonly string[]): TemplateDefinition[] {
    const requested = new Set(names);
    let grew = true;
    while (grew) {
      grew = false;
      for (const definition of this.definitions) {
        if (!requested.has(definition.name)) {
          continue;
        }
        for (const other of this.definitions) {
          if (!requested.has(other.name) && definition.identifiers.has(other.name)) {
            requested.add(other.name);
            grew = true;
          }
        }
      }
    }
    return this.definitions.filter((definition) => requested.has(definition.name));
  }

  /** Returns the imports that the given definitions use. */
  importsFor(definitions: readonly TemplateDefinition[]): TemplateImport[] {
    return this.imports.filter((item) =>
      definitions.some((definition) => definition.identifiers.has(item.name)),
    );
  }

  has(name: string): boolean {
    return this.definitions.some((definition) => definition.name === name);
  }

  definition(name: string): TemplateDefinition | undefined {
    return this.definitions.find((definition) => definition.name === name);
  }
}

function importsOf(statement: Node): TemplateImport[] {
  const found: TemplateImport[] = [];
  if (statement.type === "import_statement") {
    for (const name of statement.childrenForFieldName("name")) {
      if (name?.type === "aliased_import") {
        const module = dottedNameText(name.childForFieldName("name") as Node);
        const alias = name.childForFieldName("alias")?.text ?? module;
        found.push({ name: alias, module, line: `import ${module} as ${alias}` });
      } else if (name?.type === "dotted_name") {
        const module = dottedNameText(name);
        const top = module.split(".")[0];
        found.push({ name: top, module: top, line: `import ${module}` });
      }
    }
    return found;
  }

  const from = fromImportModule(statement);
  if (from === undefined) {
    return found;
  }
  for (const name of statement.childrenForFieldName("name")) {
    if (name?.type === "aliased_import") {
      const member = dottedNameText(name.childForFieldName("name") as Node);
      const alias = name.childForFieldName("alias")?.text ?? member;
      found.push({
        name: alias,
        module: `${from}.${member}`,
        line: `from ${from} import ${member} as ${alias}`,
      });
    } else if (name?.type === "dotted_name") {
      const member = dottedNameText(name);
      found.push({
        name: member,
        module: `${from}.${member}`,
        line: `from ${from} import ${member}`,
      });
    }
  }
  return found;
}

function definitionOf(
  statement: Node,
  text: string,
  commentStart: number | undefined,
): TemplateDefinition | undefined {
  const definition =
    statement.type === "decorated_definition"
      ? statement.childForFieldName("definition")
      : statement;
  let name: string | undefined;
  if (definition?.type === "class_definition" || definition?.type === "function_definition") {
    name = definition.childForFieldName("name")?.text;
  } else if (statement.type === "expression_statement") {
    const assignment = statement.firstNamedChild;
    const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    name = left?.type === "identifier" ? left.text : undefined;
  }
  if (name === undefined) {
    return undefined;
  }

  const identifiers = new Set(
    statement.descendantsOfType("identifier").flatMap((node) => (node === null ? [] : [node.text])),
  );
  return {
    name,
    text: text.slice(commentStart ?? statement.startIndex, statement.endIndex),
    statementText: text.slice(statement.startIndex, statement.endIndex),
    normalisedCode: normalisedCode(statement),
    parameters: definition === null ? undefined : callParameters(definition),
    identifiers,
  };
}
