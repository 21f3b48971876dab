import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import type { ImplementationTemplate } from "./implementationTemplate";
import { detectStyle, findHeaderEnd, type FileStyle } from "./moduleLayout";
import { removeImportedName } from "./removeImportedName";

/** The definition each rule's preferred fix inserts and calls instead of the missing API. */
const REPLACEMENTS: Record<string, string> = {
  FL001: "FocalLoss",
  FL002: "sigmoid_focal_loss",
};

/** Modules whose binding of the replacement name a fix may reuse: the same function. */
const EQUIVALENT_IMPORTS: Record<string, readonly string[]> = {
  sigmoid_focal_loss: [
    "torchvision.ops.sigmoid_focal_loss",
    "torchvision.ops.focal_loss.sigmoid_focal_loss",
  ],
};

export interface FixInput {
  tree: Tree;
  text: string;
  template: ImplementationTemplate;
}

interface ReferencePlan {
  edits: OffsetEdit[];
  replacement: string;
  /** Lines such as `FL = FocalLoss` that keep an import alias working. */
  aliasLines: string[];
}

export function hasImplementationFix(code: string): boolean {
  return code in REPLACEMENTS;
}

function insideError(node: Node): boolean {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    if (current.type === "ERROR" || current.isMissing) {
      return true;
    }
  }
  return false;
}

function identifierAt(finding: Finding, input: FixInput): Node | undefined {
  const node = input.tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (
    node?.type !== "identifier" ||
    node.startIndex !== finding.startOffset ||
    node.endIndex !== finding.endOffset ||
    node.text !== finding.reference.member ||
    insideError(node)
  ) {
    return undefined;
  }
  return node;
}

/** Returns the import statement and the name node of `identifier` in a `from … import` list. */
function importedName(identifier: Node): { statement: Node; name: Node } | undefined {
  let name = identifier.parent;
  if (name?.type !== "dotted_name") {
    return undefined;
  }
  if (name.parent?.type === "aliased_import") {
    name = name.parent;
  }
  const statement = name.parent;
  if (statement?.type !== "import_from_statement" && statement?.type !== "import_statement") {
    return undefined;
  }
  return { statement, name };
}

/** Plans the rewrite of one reference, or returns undefined when it cannot be done safely. */
function planReference(
  finding: Finding,
  input: FixInput,
  resolver: NameResolver,
): ReferencePlan | undefined {
  const replacement = REPLACEMENTS[finding.code];
  const identifier = identifierAt(finding, input);
  if (replacement === undefined || identifier === undefined) {
    return undefined;
  }

  switch (finding.reference.kind) {
    case "attribute": {
      // The replacement name must reach the module-level definition from this scope.
      const scope = resolver.bindingScope(replacement, identifier);
      if (scope !== undefined && scope.type !== "module") {
        return undefined;
      }
      const attribute = identifier.parent as Node;
      return {
        edits: [{ start: attribute.startIndex, end: attribute.endIndex, newText: replacement }],
        replacement,
        aliasLines: [],
      };
    }
    case "import": {
      const imported = importedName(identifier);
      if (imported === undefined) {
        return undefined;
      }
      const { statement, name } = imported;
      const edit = removeImportedName(statement, name, input.text);
      const bound =
        name.type === "aliased_import" ? name.childForFieldName("alias")?.text : identifier.text;
      const aliasLines =
        statement.type === "import_from_statement" && bound !== undefined && bound !== replacement
          ? [`${bound} = ${replacement}`]
          : [];
      return { edits: [edit], replacement, aliasLines };
    }
    case "starImport":
      return { edits: [], replacement, aliasLines: [] };
  }
}

/**
 * Decides whether the module must get the replacement's definition: not when the file defines
 * the name itself or imports an equivalent. Returns "unsafe" when the name is bound to
 * something else, where a rewrite would change what the code calls.
 */
function needsDefinition(
  name: string,
  tree: Tree,
  resolver: NameResolver,
  removedImports: ReadonlySet<string>,
): boolean | "unsafe" {
  const resolution = resolver.resolveAtModule(name);
  if (resolution.kind === "unbound") {
    return true;
  }
  // A class or function of the file's own is reused. Any other binding, such as
  // `FocalLoss = None` in an import guard, leaves what the name refers to unknown.
  if (resolution.kind === "other") {
    return definesAtModule(tree, name) ? false : "unsafe";
  }
  if (removedImports.has(resolution.path)) {
    return true;
  }
  return EQUIVALENT_IMPORTS[name]?.includes(resolution.path) ? false : "unsafe";
}

/** Returns whether the module's top level defines a class or function called `name`. */
function definesAtModule(tree: Tree, name: string): boolean {
  return tree.rootNode.namedChildren.some((statement) => {
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

/** Builds the one insertion after the module header: imports, definitions and alias lines. */
function insertionEdit(
  input: FixInput,
  definitionNames: string[],
  aliasLines: string[],
  resolver: NameResolver,
  deletions: readonly OffsetEdit[],
): OffsetEdit | undefined {
  const header = findHeaderEnd(input.tree);
  if (header.hasError) {
    return undefined;
  }
  // Anchor after the last header statement that the other edits keep.
  const anchor = header.statements
    .filter(
      (statement) =>
        !deletions.some(
          (edit) => edit.start <= statement.startIndex && statement.endIndex <= edit.end,
        ),
    )
    .pop();
  const style = detectStyle(input.text);
  const definitions = input.template.definitionsFor(definitionNames);

  const importLines: string[] = [];
  for (const item of input.template.importsFor(definitions)) {
    const resolution = resolver.resolveAtModule(item.name);
    if (resolution.kind === "unbound") {
      importLines.push(item.line);
    } else if (resolution.kind !== "module" || resolution.path !== item.module) {
      return undefined;
    }
  }
  for (const definition of definitions) {
    if (
      !definitionNames.includes(definition.name) &&
      resolver.resolveAtModule(definition.name).kind !== "unbound"
    ) {
      return undefined;
    }
  }

  const { eol } = style;
  const blocks = [
    ...definitions.map((definition) => reindent(definition.text, style)),
    ...(aliasLines.length > 0 ? [aliasLines.join(eol)] : []),
  ];
  const body = blocks.join(eol + eol + eol);
  if (anchor === undefined) {
    const imports = importLines.length > 0 ? importLines.join(eol) + eol + eol + eol : "";
    return { start: 0, end: 0, newText: imports + body + eol + eol + eol };
  }

  // Insert at the end of the header's last line, then top up the blank lines that follow it.
  const lineEnd = /\r?\n/.exec(input.text.slice(anchor.endIndex));
  const at = lineEnd === null ? input.text.length : anchor.endIndex + lineEnd.index;
  const following = /^(?:\r?\n)((?:[ \t]*\r?\n)*)/.exec(textWithout(input.text, at, deletions));
  const blankLines = following === null ? 0 : (following[1].match(/\n/g) ?? []).length;
  const imports = importLines.map((line) => eol + line).join("");
  const after = lineEnd === null ? eol : eol.repeat(Math.max(0, 2 - blankLines));
  return { start: at, end: at, newText: imports + eol + eol + eol + body + after };
}

/**
 * Plans the preferred fix for FL001 and FL002 findings: insert the tested implementation once,
 * add the imports it needs, and rewrite every reference. Returns undefined when any part cannot
 * be applied safely, so no half-applied fix is ever offered.
 */
export function planImplementationFix(
  findings: readonly Finding[],
  input: FixInput,
): OffsetEdit[] | undefined {
  const resolver = new NameResolver(input.tree, input.text);
  const edits: OffsetEdit[] = [];
  const aliasLines: string[] = [];
  const replacements = new Set<string>();
  const removedImports = new Set<string>();

  for (const finding of findings) {
    const plan = planReference(finding, input, resolver);
    if (plan === undefined) {
      return undefined;
    }
    edits.push(...plan.edits);
    aliasLines.push(...plan.aliasLines.filter((line) => !aliasLines.includes(line)));
    replacements.add(plan.replacement);
    if (finding.reference.kind === "import") {
      removedImports.add(`${finding.reference.module}.${finding.reference.member}`);
    }
  }

  const toDefine: string[] = [];
  for (const name of replacements) {
    const needed = needsDefinition(name, input.tree, resolver, removedImports);
    if (needed === "unsafe") {
      return undefined;
    }
    if (needed) {
      toDefine.push(name);
    }
  }
  // An alias line must follow the definition it names, which only an insertion guarantees.
  const orphanAlias = aliasLines.some(
    (line) => !toDefine.some((name) => line.endsWith(` = ${name}`)),
  );
  if (orphanAlias) {
    return undefined;
  }
  if (toDefine.length > 0) {
    const insertion = insertionEdit(input, toDefine, aliasLines, resolver, edits);
    if (insertion === undefined) {
      return undefined;
    }
    edits.push(insertion);
  }
  return normaliseEdits(edits);
}
