import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { reasonFixesAreUnsafe } from "../lineEndings";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { insertionEdit } from "./implementationInsertion";
import type { ImplementationTemplate } from "./implementationTemplate";
import { endOfImportRun, topLevelStatement } from "./insertionPoint";
import { removeImportedName } from "./removeImportedName";
import { isSoftmaxName, rewriteSoftmaxCall } from "./softmaxCallRewrite";

/** The definition each rule's preferred fix inserts and calls instead of the missing API. */
const REPLACEMENTS: Record<string, string> = {
  FL001: "FocalLoss",
  FL002: "sigmoid_focal_loss",
};

/** The class that softmax-named FL002 calls such as `F.softmax_focal_loss(…)` become. */
const SOFTMAX_REPLACEMENT = "FocalLoss";

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
  /** The start of the top-level statement where the replacement is first needed. */
  useOffset: number;
}

export function hasImplementationFix(code: string): boolean {
  return code in REPLACEMENTS;
}

/** Returns the definition that replaces a finding's reference: the class or the function. */
export function replacementFor(finding: Finding): string | undefined {
  if (finding.code === "FL002" && isSoftmaxName(finding.reference.member)) {
    return SOFTMAX_REPLACEMENT;
  }
  return REPLACEMENTS[finding.code];
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
  const replacement = replacementFor(finding);
  const identifier = identifierAt(finding, input);
  if (replacement === undefined || identifier === undefined) {
    return undefined;
  }
  // A softmax-named function becomes a FocalLoss construction and call, which only a call
  // through the attribute allows: an imported name or a bare star-imported one has no call.
  const rewritesCall = replacement !== REPLACEMENTS[finding.code];
  if (rewritesCall && finding.reference.kind !== "attribute") {
    return undefined;
  }
  const useOffset = topLevelStatement(identifier).startIndex;

  switch (finding.reference.kind) {
    case "attribute": {
      // The replacement name must reach the module-level definition from this scope.
      const scope = resolver.bindingScope(replacement, identifier);
      if (scope !== undefined && scope.type !== "module") {
        return undefined;
      }
      const attribute = identifier.parent as Node;
      const edit = rewritesCall
        ? rewriteSoftmaxCall(attribute, replacement)
        : { start: attribute.startIndex, end: attribute.endIndex, newText: replacement };
      return edit === undefined
        ? undefined
        : { edits: [edit], replacement, aliasLines: [], useOffset };
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
      // The imported name can be used only after the imports that follow this one.
      return { edits: [edit], replacement, aliasLines, useOffset: endOfImportRun(statement) };
    }
    case "starImport":
      return { edits: [], replacement, aliasLines: [], useOffset };
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

/**
 * Plans the preferred fix for FL001 and FL002 findings: insert the tested implementation once,
 * add the imports it needs, and rewrite every reference. Returns undefined when any part cannot
 * be applied safely, so no half-applied fix is ever offered.
 */
export function planImplementationFix(
  findings: readonly Finding[],
  input: FixInput,
): OffsetEdit[] | undefined {
  if (reasonFixesAreUnsafe(input.text) !== undefined) {
    return undefined;
  }
  const resolver = new NameResolver(input.tree, input.text);
  const edits: OffsetEdit[] = [];
  const aliasLines: string[] = [];
  const replacements = new Set<string>();
  const removedImports = new Set<string>();
  let firstUse = input.text.length;

  for (const finding of findings) {
    const plan = planReference(finding, input, resolver);
    if (plan === undefined) {
      return undefined;
    }
    edits.push(...plan.edits);
    aliasLines.push(...plan.aliasLines.filter((line) => !aliasLines.includes(line)));
    replacements.add(plan.replacement);
    firstUse = Math.min(firstUse, plan.useOffset);
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
    const insertion = insertionEdit({
      ...input,
      resolver,
      definitionNames: toDefine,
      aliasLines,
      deletions: edits,
      firstUse,
    });
    if (insertion === undefined) {
      return undefined;
    }
    edits.push(insertion);
  }
  return normaliseEdits(edits);
}
