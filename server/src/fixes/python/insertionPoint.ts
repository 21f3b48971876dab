import type { Node, Tree } from "web-tree-sitter";
import type { OffsetEdit } from "../textEdits";
import { findHeaderEnd, HEADER_STATEMENTS, isImportGuard } from "./moduleLayout";

/**
 * The insertion point of template code: after `anchor`, a top-level statement, or at the start
 * of the file when `anchor` is undefined.
 */
export interface InsertionPoint {
  anchor: Node | undefined;
  /** The offset that inserted code reaches, used to check which imports run before it. */
  offset: number;
}

/** Returns the top-level statement that contains `node`. */
export function topLevelStatement(node: Node): Node {
  let current = node;
  while (current.parent !== null && current.parent.type !== "module") {
    current = current.parent;
  }
  return current;
}

function isImportStatement(statement: Node): boolean {
  return HEADER_STATEMENTS.has(statement.type) || isImportGuard(statement);
}

/**
 * Returns the start of the first top-level statement after `statement` that is neither an import
 * nor a comment: the earliest place that can use a name `statement` imports.
 */
export function endOfImportRun(statement: Node): number {
  let last = topLevelStatement(statement);
  for (let next = last.nextNamedSibling; next !== null; next = next.nextNamedSibling) {
    if (next.type !== "comment" && !isImportStatement(next)) {
      return next.startIndex;
    }
    last = next;
  }
  return last.endIndex;
}

function isDeleted(statement: Node, deletions: readonly OffsetEdit[]): boolean {
  return deletions.some(
    (edit) => edit.start <= statement.startIndex && statement.endIndex <= edit.end,
  );
}

/**
 * Finds where to insert definitions that code at `firstUse` needs: after the last top-level
 * import (or the module header) that ends at or before `firstUse` and that the other edits keep.
 * Imports after the first use may come too late, because a later `import torch.nn as nn` has not
 * run when the inserted class body does. Returns undefined when a syntax error sits in the
 * module header or in the chosen import, where no edit is safe.
 */
export function findInsertionPoint(
  tree: Tree,
  firstUse: number,
  deletions: readonly OffsetEdit[],
): InsertionPoint | undefined {
  const header = findHeaderEnd(tree);
  if (header.hasError) {
    return undefined;
  }

  let anchor: Node | undefined;
  for (const statement of tree.rootNode.namedChildren) {
    if (statement === null || statement.endIndex > firstUse) {
      break;
    }
    const isImport =
      header.statements.some((item) => item.id === statement.id) || isImportStatement(statement);
    if (isImport && !isDeleted(statement, deletions)) {
      anchor = statement;
    }
  }
  if (anchor?.hasError) {
    return undefined;
  }
  return { anchor, offset: anchor?.endIndex ?? 0 };
}

/** Returns the names an import statement binds: `import a.b` binds `a`, `as x` binds `x`. */
function boundNames(statement: Node): string[] {
  const names: string[] = [];
  for (const name of statement.childrenForFieldName("name")) {
    if (name?.type === "aliased_import") {
      const alias = name.childForFieldName("alias")?.text;
      if (alias !== undefined) {
        names.push(alias);
      }
    } else if (name?.type === "dotted_name") {
      const parts = name.text.split(".");
      names.push(statement.type === "import_statement" ? parts[0] : parts[parts.length - 1]);
    }
  }
  return names;
}

/**
 * Returns whether a top-level import that ends at or before `offset` binds `name` at run time,
 * counting imports inside top-level guards such as `try:`. Imports under `if TYPE_CHECKING:` do
 * not count, because only type checkers run them.
 */
export function importedBefore(tree: Tree, name: string, offset: number): boolean {
  for (const statement of tree.rootNode.namedChildren) {
    if (statement === null || statement.endIndex > offset) {
      break;
    }
    if (!isImportStatement(statement) || isTypeCheckingBlock(statement)) {
      continue;
    }
    const imports = HEADER_STATEMENTS.has(statement.type)
      ? [statement]
      : statement.descendantsOfType(["import_statement", "import_from_statement"]);
    if (imports.some((item) => item !== null && boundNames(item).includes(name))) {
      return true;
    }
  }
  return false;
}

/** Returns whether a statement is `if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`. */
function isTypeCheckingBlock(statement: Node): boolean {
  const condition =
    statement.type === "if_statement" ? statement.childForFieldName("condition") : null;
  return condition !== null && /^(\w+\.)?TYPE_CHECKING$/.test(condition.text);
}
