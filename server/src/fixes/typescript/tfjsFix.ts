import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { isTfjsPackage } from "../../analysis/typescript/moduleNames";
import { requiredPackage } from "../../analysis/typescript/moduleResolver";
import { findWord } from "../../analysis/textSearch";
import { COMPILE_LOSS_MODULE } from "../../rules/fl004TfjsFocalLoss";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { FUNCTION_NAME, functionText, type FunctionTemplates } from "./functionTemplate";
import { tfjsLossName } from "./lossNameRename";

export interface TfjsFixInput {
  tree: Tree;
  text: string;
  languageId: string;
  templates: FunctionTemplates;
}

/** The package and binding of a top-level TensorFlow.js import or require. */
interface TfjsImport {
  statement: Node;
  source: string;
  namespace?: string;
}

function insideError(node: Node): boolean {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    if (current.type === "ERROR" || current.isMissing) {
      return true;
    }
  }
  return false;
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
function topLevelImports(tree: Tree): { last?: Node; tfjs: TfjsImport[]; esm: boolean } {
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

/** Returns whether anything in the file declares `name`, apart from reading it. */
function declares(tree: Tree, text: string, name: string): "none" | "topLevel" | "nested" {
  let result: "none" | "topLevel" | "nested" = "none";
  for (const offset of findWord(text, name)) {
    const node = tree.rootNode.descendantForIndex(offset, offset + name.length);
    const parent = node?.parent;
    const declaration =
      parent?.childForFieldName("name")?.id === node?.id &&
      ["function_declaration", "variable_declarator", "class_declaration"].includes(
        parent?.type ?? "",
      );
    const other = [
      "import_specifier",
      "namespace_import",
      "import_clause",
      "required_parameter",
      "optional_parameter",
      "formal_parameters",
    ].includes(parent?.type ?? "");
    if (!declaration && !other) {
      continue;
    }
    const topLevel =
      parent?.type === "function_declaration"
        ? parent.parent?.type === "program"
        : parent?.parent?.parent?.type === "program";
    if (!topLevel || other) {
      return "nested";
    }
    result = "topLevel";
  }
  return result;
}

/** Plans the edit of one FL004 finding, or undefined when it has no safe fix. */
function referenceEdit(
  finding: Finding,
  tree: Tree,
): { edit: OffsetEdit; needsFunction: boolean } | undefined {
  const node = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (node === null || insideError(node)) {
    return undefined;
  }
  if (finding.reference.module === COMPILE_LOSS_MODULE) {
    if (node.type !== "string" || node.startIndex !== finding.startOffset) {
      return undefined;
    }
    const renamed = tfjsLossName(finding.reference.member);
    if (renamed !== undefined) {
      const quote = node.text[0];
      return {
        edit: { start: node.startIndex, end: node.endIndex, newText: `${quote}${renamed}${quote}` },
        needsFunction: false,
      };
    }
    if (!/focal/i.test(finding.reference.member)) {
      return undefined;
    }
    return {
      edit: { start: node.startIndex, end: node.endIndex, newText: FUNCTION_NAME },
      needsFunction: true,
    };
  }
  const member = node.parent;
  if (node.type !== "property_identifier" || member?.type !== "member_expression") {
    return undefined;
  }
  return {
    edit: { start: member.startIndex, end: member.endIndex, newText: FUNCTION_NAME },
    needsFunction: true,
  };
}

function detectIndent(text: string): string {
  const match = /[{([]\s*\r?\n([ \t]+)\S/.exec(text);
  const indent = match?.[1] ?? "  ";
  return indent.startsWith("\t") ? "\t" : indent;
}

/** Builds the insertion of the focal loss function (and a tfjs import when the file has none). */
function functionInsertion(input: TfjsFixInput): OffsetEdit | undefined {
  const { tree, text } = input;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const imports = topLevelImports(tree);
  const javascript = input.languageId === "javascript" || input.languageId === "javascriptreact";

  let namespace = imports.tfjs.find((item) => item.namespace !== undefined)?.namespace;
  let importLine = "";
  if (namespace === undefined) {
    if (declares(tree, text, "tf") !== "none") {
      return undefined;
    }
    namespace = "tf";
    const source = imports.tfjs[0]?.source ?? "@tensorflow/tfjs";
    importLine =
      imports.esm || !javascript
        ? `import * as tf from "${source}";`
        : `const tf = require("${source}");`;
  }

  const code = functionText(input.templates, javascript, namespace, detectIndent(text), eol);
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

/**
 * Plans the FL004 fixes of a TypeScript or JavaScript file: a loss string that stands for a
 * tfjs name is renamed, and a focal loss (a `loss` string or `tf.losses.focalLoss`) becomes a
 * call of an inserted `focalLoss` function, typed in TS files and plain in JS files. Returns
 * undefined when nothing can be fixed safely.
 */
export function planTfjsFix(
  findings: readonly Finding[],
  input: TfjsFixInput,
): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  let needsFunction = false;
  for (const finding of findings.filter((item) => item.code === "FL004")) {
    const planned = referenceEdit(finding, input.tree);
    if (planned !== undefined) {
      edits.push(planned.edit);
      needsFunction ||= planned.needsFunction;
    }
  }
  if (needsFunction) {
    const existing = declares(input.tree, input.text, FUNCTION_NAME);
    if (existing === "nested") {
      return undefined;
    }
    if (existing === "none") {
      const insertion = functionInsertion(input);
      if (insertion === undefined) {
        return undefined;
      }
      edits.push(insertion);
    }
  }
  return edits.length === 0 ? undefined : normaliseEdits(edits);
}
