import type { Node, Tree } from "web-tree-sitter";

/** The line ending and indentation unit a file already uses, so inserted code matches them. */
export interface FileStyle {
  eol: "\n" | "\r\n";
  indent: string;
}

export const HEADER_STATEMENTS = new Set([
  "future_import_statement",
  "import_statement",
  "import_from_statement",
]);

export function detectStyle(text: string): FileStyle {
  const firstNewline = text.indexOf("\n");
  const eol = firstNewline > 0 && text[firstNewline - 1] === "\r" ? "\r\n" : "\n";

  // The first indented line that follows a line ending in a colon gives the unit.
  const match = /:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*\r?\n)*([ \t]+)\S/.exec(text);
  const indent = match?.[1] ?? "    ";
  return { eol, indent: indent.startsWith("\t") ? "\t" : indent };
}

function isDocstring(statement: Node): boolean {
  return statement.type === "expression_statement" && statement.firstNamedChild?.type === "string";
}

/** Returns whether a statement is an import guard such as `try: import x` / `except ImportError: …` or `if TYPE_CHECKING:`. */
export function isImportGuard(statement: Node): boolean {
  if (statement.type !== "try_statement" && statement.type !== "if_statement") {
    return false;
  }
  const blocks = statement.descendantsOfType("block");
  return blocks.every((block) =>
    (block?.namedChildren ?? []).every(
      (child) =>
        child !== null &&
        (HEADER_STATEMENTS.has(child.type) ||
          child.type === "pass_statement" ||
          child.type === "comment" ||
          child.type === "expression_statement"),
    ),
  );
}

/** The end of the module header: the docstring, `__future__` imports and top imports. */
export interface HeaderEnd {
  /** The header's statements in order: empty when the file starts with code. */
  statements: Node[];
  /** True when a syntax error sits in the header, where no edit is safe. */
  hasError: boolean;
}

export function findHeaderEnd(tree: Tree): HeaderEnd {
  const statements: Node[] = [];
  let hasError = false;
  let index = 0;
  for (const statement of tree.rootNode.namedChildren) {
    if (statement === null) {
      continue;
    }
    if (statement.type === "comment") {
      continue;
    }
    const isHeader =
      HEADER_STATEMENTS.has(statement.type) ||
      (index === 0 && isDocstring(statement)) ||
      isImportGuard(statement);
    index++;
    if (statement.type === "ERROR" || statement.hasError) {
      hasError = true;
      break;
    }
    if (!isHeader) {
      break;
    }
    statements.push(statement);
  }
  return { statements, hasError };
}
