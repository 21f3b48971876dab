import type { Node, Tree } from "web-tree-sitter";
import type { NameResolver, OuterScope } from "../../analysis/python/nameResolver";
import { cellMagicEnd } from "../../documents/cellMagic";
import type { OffsetEdit } from "../textEdits";
import type {
  ImplementationTemplate,
  TemplateDefinition,
  TemplateImport,
} from "./implementationTemplate";
import { nameReads } from "./importedNameReferences";
import { definesTemplateCode } from "./definitionShape";
import { earlierCellDefines, type CellSource } from "./earlierCells";
import { findInsertionPoint, importedBefore } from "./insertionPoint";
import { detectStyle, type FileStyle } from "./moduleLayout";

/** The file, the template and the other edits that one insertion of template code depends on. */
export interface InsertionRequest {
  tree: Tree;
  text: string;
  template: ImplementationTemplate;
  resolver: NameResolver;
  /** The definitions the rewritten references call. */
  definitionNames: readonly string[];
  /** Lines such as `FL = FocalLoss` that keep an import alias working. */
  aliasLines: readonly string[];
  /** Imports that the rewritten references need beyond the template's, such as functools. */
  referenceImports: readonly TemplateImport[];
  /** The other edits of the fix, which the insertion must not overlap. */
  deletions: readonly OffsetEdit[];
  /** The start of the first top-level statement that uses an inserted name. */
  firstUse: number;
  /** Resolves names bound outside the file, such as by earlier notebook cells. */
  outerScope?: OuterScope;
  /** The notebook cells before this one, nearest first, whose template code a fix may reuse. */
  earlierCells?: readonly CellSource[];
}

function reindent(code: string, style: FileStyle): string {
  const lines = code.split("\n").map((line) => {
    const leading = /^( {4})+/.exec(line)?.[0] ?? "";
    return style.indent.repeat(leading.length / 4) + line.slice(leading.length);
  });
  return lines.join(style.eol);
}

/** Returns the text from `start` on, as it reads once the deletions are applied. */
function textWithout(text: string, start: number, deletions: readonly OffsetEdit[]): string {
  let result = "";
  let cursor = start;
  for (const edit of [...deletions].sort((a, b) => a.start - b.start)) {
    if (edit.end <= cursor) {
      continue;
    }
    result += text.slice(cursor, Math.max(cursor, edit.start)) + edit.newText;
    cursor = Math.max(cursor, edit.end);
  }
  return result + text.slice(cursor);
}

/**
 * Chooses the template definitions to insert: the requested ones and the helpers they use,
 * minus helpers that an earlier fix already inserted, in any layout, in this file or an earlier
 * notebook cell. Returns undefined when a helper's name is bound to anything else in this file,
 * since inserting it would change what that name means.
 */
function definitionsToInsert(request: InsertionRequest): TemplateDefinition[] | undefined {
  const chosen: TemplateDefinition[] = [];
  for (const definition of request.template.definitionsFor(request.definitionNames)) {
    const isRequested = request.definitionNames.includes(definition.name);
    const isUnbound = request.resolver.resolveAtModule(definition.name).kind === "unbound";
    if (isRequested || (isUnbound && !earlierCellDefines(request.earlierCells, definition))) {
      chosen.push(definition);
    } else if (!isUnbound && !definesTemplateCode(request.tree, definition)) {
      return undefined;
    }
  }
  return chosen;
}

function isDeleted(node: Node, deletions: readonly OffsetEdit[]): boolean {
  return deletions.some((edit) => edit.start <= node.startIndex && node.endIndex <= edit.end);
}

/**
 * Returns whether code outside the fix's own edits reads `item.name` where nothing binds it, or
 * binds it to another module. Importing the name at module level would change what that code
 * does: a function that reads an unimported `nn` raises NameError before the fix and would find
 * `torch.nn` after it, which can turn a NameError into a new finding.
 */
function readsUnboundName(request: InsertionRequest, item: TemplateImport): boolean {
  const reads = nameReads(request.tree, request.text, item.name);
  if (reads === undefined) {
    return true;
  }
  return reads.some((read) => {
    if (isDeleted(read, request.deletions) || request.resolver.bindingScope(item.name, read)) {
      return false;
    }
    const resolution = request.resolver.resolveName(item.name, read);
    return resolution.kind !== "module" || resolution.path !== item.module;
  });
}

/**
 * Returns the import lines the inserted definitions need that have not run by `offset`, or
 * undefined when a needed name is bound to something other than the module the template means.
 */
function missingImports(
  request: InsertionRequest,
  definitions: readonly TemplateDefinition[],
  offset: number,
): string[] | undefined {
  const lines: string[] = [];
  const needed = [...request.template.importsFor(definitions), ...request.referenceImports];
  const unique = needed.filter(
    (item, index) => needed.findIndex((other) => other.line === item.line) === index,
  );
  for (const item of unique) {
    const resolution = request.resolver.resolveAtModule(item.name);
    if (resolution.kind === "unbound") {
      const outer = request.outerScope?.(item.name);
      const boundOutside = outer?.kind === "module" && outer.path === item.module;
      if (!boundOutside && readsUnboundName(request, item)) {
        return undefined;
      }
      if (!boundOutside) {
        lines.push(item.line);
      }
    } else if (resolution.kind !== "module" || resolution.path !== item.module) {
      return undefined;
    } else if (!importedBefore(request.tree, item.name, offset)) {
      // The file imports it only further down, after a statement that uses the inserted code, so
      // the insertion cannot move below it. The later import stays: it binds the same module again.
      lines.push(item.line);
    }
  }
  return lines;
}

/**
 * Builds the one insertion of template code: the imports it lacks, its definitions and the alias
 * lines, after the last import that precedes the first use. Returns undefined when the insertion
 * cannot be made safely.
 */
export function insertionEdit(request: InsertionRequest): OffsetEdit | undefined {
  const point = findInsertionPoint(request.tree, request.firstUse, request.deletions);
  if (point === undefined) {
    return undefined;
  }
  const style = detectStyle(request.text);
  const definitions = definitionsToInsert(request);
  const importLines =
    definitions === undefined ? undefined : missingImports(request, definitions, point.offset);
  if (definitions === undefined || importLines === undefined) {
    return undefined;
  }

  const { eol } = style;
  const blocks = [
    ...definitions.map((definition) => reindent(definition.text, style)),
    ...(request.aliasLines.length > 0 ? [request.aliasLines.join(eol)] : []),
  ];
  const body = blocks.join(eol + eol + eol);
  const { anchor } = point;
  if (anchor === undefined) {
    const imports = importLines.length > 0 ? importLines.join(eol) + eol + eol + eol : "";
    const start = cellMagicEnd(request.text);
    return { start, end: start, newText: imports + body + eol + eol + eol };
  }

  // Insert at the end of the anchor's last line, then top up the blank lines that follow it.
  const { text, deletions } = request;
  const lineEnd = /\r?\n/.exec(text.slice(anchor.endIndex));
  const at = lineEnd === null ? text.length : anchor.endIndex + lineEnd.index;
  if (at > request.firstUse) {
    return splitLineAfter(anchor, text, imports(importLines, eol) + eol + eol + eol + body, eol);
  }
  const following = /^(?:\r?\n)((?:[ \t]*\r?\n)*)/.exec(textWithout(text, at, deletions));
  const blankLines = following === null ? 0 : (following[1].match(/\n/g) ?? []).length;
  const after = lineEnd === null ? eol : eol.repeat(Math.max(0, 2 - blankLines));
  return {
    start: at,
    end: at,
    newText: imports(importLines, eol) + eol + eol + eol + body + after,
  };
}

function imports(importLines: readonly string[], eol: string): string {
  return importLines.map((line) => eol + line).join("");
}

/**
 * Inserts `code` between the anchor and the statement after it on the same line, as in
 * `import torch.nn as nn; crit = nn.FocalLoss()`, where the end of the line comes after the
 * first use. The `;` between them becomes the inserted lines. Returns undefined when anything
 * other than a `;` separates them, since the split would then change what the line means.
 */
function splitLineAfter(
  anchor: Node,
  text: string,
  code: string,
  eol: string,
): OffsetEdit | undefined {
  const next = anchor.nextSibling;
  const following = next?.type === ";" ? next.nextNamedSibling : next;
  if (following === null || following === undefined) {
    return undefined;
  }
  const separator = text.slice(anchor.endIndex, following.startIndex);
  if (!/^[ \t]*;[ \t]*$/.test(separator)) {
    return undefined;
  }
  return {
    start: anchor.endIndex,
    end: following.startIndex,
    newText: code + eol + eol + eol,
  };
}
