import type { Node, Tree } from "web-tree-sitter";
import { isTfjsPackage } from "../../analysis/typescript/moduleNames";
import { requiredPackage } from "../../analysis/typescript/moduleResolver";

/** The package and binding of a top-level TensorFlow.js import or require. */
export interface TfjsImport {
  statement: Node;
  source: string;
  namespace?: string;
}

function importSource(statement: Node): string | undefined {
  if (statement.type === "import_statement") {
    const source = statement.childForFieldName("source");
    return source?.namedChildren[0]?.text;
  }
  if (statement.type === "lexical_declaration" || statement.type === "variable_declaration") {
    for (const declarator of statement.namedChildren) {
      const required = requiredPackage(declarator?.childForFieldName("value") ?? null);
      if (required !== undefined) {
        return required;
      }
    }
  }
  return undefined;
}

/** Returns the namespace a statement binds a tfjs package to: `* as tf`, a default, or `require`. */
function namespaceOf(statement: Node): string | undefined {
  if (statement.type === "import_statement") {
    const clause = statement.namedChildren.find((child) => child?.type === "import_clause");
    const namespace = clause?.namedChildren.find((child) => child?.type === "namespace_import");
    const name =
      namespace?.namedChildren[0] ??
      clause?.namedChildren.find((child) => child?.type === "identifier");
    return name?.text;
  }
  const declarator = statement.namedChildren[0];
  const name = declarator?.childForFieldName("name");
  return name?.type === "identifier" ? name.text : undefined;
}

/**
 * Lists the top-level imports and requires: the last one of the leading block, where inserted
 * code goes, and the tfjs ones anywhere.
 */
export function topLevelImports(tree: Tree): { last?: Node; tfjs: TfjsImport[]; esm: boolean } {
  let last: Node | undefined;
  let inLeadingBlock = true;
  let esm = false;
  const tfjs: TfjsImport[] = [];
  for (const statement of tree.rootNode.namedChildren) {
    if (statement === null || statement.type === "comment") {
      continue;
    }
    const source = importSource(statement);
    const directive =
      statement.type === "expression_statement" && statement.firstNamedChild?.type === "string";
    if (source === undefined) {
      inLeadingBlock &&= directive;
      continue;
    }
    if (inLeadingBlock) {
      last = statement;
    }
    esm ||= statement.type === "import_statement";
    if (isTfjsPackage(source)) {
      tfjs.push({ statement, source, namespace: namespaceOf(statement) });
    }
  }
  return { last, tfjs, esm };
}
