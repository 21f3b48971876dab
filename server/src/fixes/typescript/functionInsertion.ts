import type { Tree } from "web-tree-sitter";
import type { OffsetEdit } from "../textEdits";
import { isNameUnused } from "./functionName";
import { functionText, type FunctionTemplates } from "./functionTemplate";
import { topLevelImports } from "./tfjsImports";

/** The file facts the inserted code depends on: its tfjs namespace, indent and EOL. */
export interface InsertionContext {
  tree: Tree;
  text: string;
  javascript: boolean;
  templates: FunctionTemplates;
  namespace: string;
  /** The import or require of `namespace` to add, or "" when the file already has one. */
  importLine: string;
  indent: string;
  eol: string;
}

function detectIndent(text: string): string {
  const match = /[{([]\s*\r?\n([ \t]+)\S/.exec(text);
  const indent = match?.[1] ?? "  ";
  return indent.startsWith("\t") ? "\t" : indent;
}

/**
 * Reads the tfjs namespace the inserted code uses: the file's own `* as tf`, default import or
 * `require`, or `tf` with a new import when the file has none. Returns undefined when the file
 * has no namespace and the name `tf` is taken.
 */
export function insertionContext(
  tree: Tree,
  text: string,
  languageId: string,
  templates: FunctionTemplates,
): InsertionContext | undefined {
  const imports = topLevelImports(tree);
  const javascript = languageId === "javascript" || languageId === "javascriptreact";
  const context = {
    tree,
    text,
    javascript,
    templates,
    indent: detectIndent(text),
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };

  const namespace = imports.tfjs.find((item) => item.namespace !== undefined)?.namespace;
  if (namespace !== undefined) {
    return { ...context, namespace, importLine: "" };
  }
  if (!isNameUnused(tree, text, "tf")) {
    return undefined;
  }
  const source = imports.tfjs[0]?.source ?? "@tensorflow/tfjs";
  const importLine =
    imports.esm || !javascript
      ? `import * as tf from "${source}";`
      : `const tf = require("${source}");`;
  return { ...context, namespace: "tf", importLine };
}

/** Returns one template function as the file's code, renamed to `insertedName`. */
export function templateCode(
  context: InsertionContext,
  templateName: string,
  insertedName: string,
): string {
  const { templates, javascript, namespace, indent, eol } = context;
  return functionText(templates, javascript, namespace, indent, eol, templateName, insertedName);
}

/**
 * Builds the insertion of functions (and the tfjs import when the file has none) after the
 * file's leading imports, or at its start.
 */
export function functionInsertion(context: InsertionContext, functions: string[]): OffsetEdit {
  const { tree, text, eol, importLine } = context;
  const imports = topLevelImports(tree);
  const code = functions.join(eol + eol);

  if (imports.last === undefined) {
    const prefix = importLine === "" ? "" : importLine + eol + eol;
    return { start: 0, end: 0, newText: prefix + code + eol + eol };
  }
  const lineEnd = /\r?\n/.exec(text.slice(imports.last.endIndex));
  const at = lineEnd === null ? text.length : imports.last.endIndex + lineEnd.index;
  const newImport = importLine === "" ? "" : eol + importLine;
  return {
    start: at,
    end: at,
    newText: newImport + eol + eol + code + (lineEnd === null ? eol : ""),
  };
}
