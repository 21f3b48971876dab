import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import type { NameResolver, OuterScope } from "../../analysis/python/nameResolver";
import type { OffsetEdit } from "../textEdits";
import type { CellSource } from "./earlierCells";
import { adaptCallArguments, needsMeanReduction } from "./argumentAdaptation";
import { enclosingCall } from "./callArguments";
import type {
  ImplementationTemplate,
  TemplateDefinition,
  TemplateImport,
} from "./implementationTemplate";
import { importedNameReferences } from "./importedNameReferences";
import { endOfImportRun, topLevelStatement } from "./insertionPoint";
import { isSoftmaxName, rewriteSoftmaxCall } from "./softmaxCallRewrite";

/** The definition each rule's preferred fix inserts and calls instead of the missing API. */
const REPLACEMENTS: Record<string, string> = {
  FL001: "FocalLoss",
  FL002: "sigmoid_focal_loss",
};

/** The class that softmax-named FL002 calls such as `F.softmax_focal_loss(…)` become. */
const SOFTMAX_REPLACEMENT = "FocalLoss";

/** The import that `functools.partial` around a reference that is not called needs. */
const FUNCTOOLS_IMPORT: TemplateImport = {
  name: "functools",
  module: "functools",
  line: "import functools",
};

export interface FixInput {
  tree: Tree;
  text: string;
  template: ImplementationTemplate;
  /** Resolves names bound outside the file, such as by earlier notebook cells. */
  outerScope?: OuterScope;
  /** The notebook cells before this one, nearest first, whose template code a fix may reuse. */
  earlierCells?: readonly CellSource[];
}

export interface ReferencePlan {
  edits: OffsetEdit[];
  replacement: string;
  /** Lines such as `FL = FocalLoss` that keep an import alias working. */
  aliasLines: string[];
  /** The start of the top-level statement where the replacement is first needed. */
  useOffset: number;
  /** Imports that the rewritten references need beyond the template's own. */
  imports: TemplateImport[];
  /**
   * The name to remove from an import, which the caller removes together with the other names
   * of that statement: see removeImportedNames.
   */
  importedName?: ImportedName;
}

/** One name in the list of an import statement. */
export interface ImportedName {
  statement: Node;
  name: Node;
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
  // A `getattr(module, "member")` finding covers the text of its string argument.
  const type = finding.reference.kind === "getattr" ? "string_content" : "identifier";
  if (
    node?.type !== type ||
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
function importedName(identifier: Node): ImportedName | undefined {
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

/**
 * Rewrites one read of a missing API, `callee`, to use the replacement: a softmax-named call
 * becomes a `FocalLoss` construction and call, any other read the replacement's name, with its
 * arguments fitted to the template. Returns undefined when this scope would not see the
 * replacement's module-level definition, or when the call's arguments cannot be carried over.
 */
function rewriteReference(
  callee: Node,
  rewrite: ReferenceRewrite,
  resolver: NameResolver,
): OffsetEdit[] | undefined {
  const { replacement } = rewrite;
  const scope = resolver.bindingScope(replacement, callee);
  if (scope !== undefined && scope.type !== "module") {
    return undefined;
  }
  if (rewrite.rewritesCall) {
    const edit = rewriteSoftmaxCall(callee, replacement);
    return edit === undefined ? undefined : [edit];
  }
  if (needsPartial(callee, rewrite)) {
    return partialEdits(callee, replacement, resolver);
  }
  const argumentEdits = adaptArguments(callee, rewrite);
  if (argumentEdits === undefined) {
    return undefined;
  }
  if (callee.text === replacement) {
    return argumentEdits;
  }
  return [
    { start: callee.startIndex, end: callee.endIndex, newText: replacement },
    ...argumentEdits,
  ];
}

/** Returns the argument edits a call of `callee` needs, or none when it keeps its arguments. */
function adaptArguments(callee: Node, rewrite: ReferenceRewrite): OffsetEdit[] | undefined {
  if (rewrite.definition === undefined) {
    return [];
  }
  return adaptCallArguments(callee, rewrite.definition, rewrite.fromFunctional);
}

/**
 * Returns whether `callee` is a reference that is not called, such as `fn = F.focal_loss`, of a
 * missing loss that averages by default. A call gets `reduction="mean"` as an argument, but the
 * bare template function returns per-element losses, so the reference needs the same keyword
 * bound with `functools.partial`.
 */
function needsPartial(callee: Node, rewrite: ReferenceRewrite): boolean {
  return (
    rewrite.definition !== undefined &&
    needsMeanReduction(rewrite.definition, rewrite.fromFunctional) &&
    enclosingCall(callee) === undefined
  );
}

/**
 * Replaces `callee` with `functools.partial(name, reduction="mean")`, or returns undefined when a
 * local binding of `functools` would hide the module-level import that the fix adds.
 */
function partialEdits(
  callee: Node,
  name: string,
  resolver: NameResolver,
): OffsetEdit[] | undefined {
  const scope = resolver.bindingScope(FUNCTOOLS_IMPORT.name, callee);
  if (scope !== undefined && scope.type !== "module") {
    return undefined;
  }
  const newText = `functools.partial(${name}, reduction="mean")`;
  return [{ start: callee.startIndex, end: callee.endIndex, newText }];
}

/** Returns the imports that `references` need once rewritten, which is functools for a partial. */
function importsFor(references: readonly Node[], rewrite: ReferenceRewrite): TemplateImport[] {
  return references.some((reference) => needsPartial(reference, rewrite)) ? [FUNCTOOLS_IMPORT] : [];
}

/**
 * The rewrite of one finding's missing API. `definition` is the template code
 * the calls must fit, or undefined when they call the file's own definition unchanged.
 */
interface ReferenceRewrite {
  replacement: string;
  rewritesCall: boolean;
  definition?: TemplateDefinition;
  fromFunctional: boolean;
}

function referenceRewrite(
  finding: Finding,
  replacement: string,
  input: FixInput,
  useOwnDefinition: boolean,
): ReferenceRewrite {
  return {
    replacement,
    rewritesCall: replacement !== REPLACEMENTS[finding.code],
    definition: useOwnDefinition ? undefined : input.template.definition(replacement),
    fromFunctional: finding.code === "FL002",
  };
}

/**
 * Plans the removal of an imported missing API and the rewrite of the names it bound. An import
 * of the replacement's own name under an alias, such as `from torch.nn import FocalLoss as FL`,
 * keeps the alias with a line `FL = FocalLoss`, because the alias is the file's chosen name and
 * other modules may import it. A guessed name such as `focal_loss` names an API that does not
 * exist, so every read of it is rewritten to the replacement instead.
 */
function planImportReference(
  finding: Finding,
  identifier: Node,
  rewrite: ReferenceRewrite,
  input: FixInput,
  resolver: NameResolver,
): ReferencePlan | undefined {
  const { replacement } = rewrite;
  const imported = importedName(identifier);
  if (imported === undefined) {
    return undefined;
  }
  const { statement, name } = imported;
  const alias = name.type === "aliased_import" ? name.childForFieldName("alias")?.text : undefined;
  const bound = alias ?? (statement.type === "import_from_statement" ? identifier.text : undefined);
  // `import torch.nn.FocalLoss` binds only `torch`, whose reads are findings of their own.
  if (bound === undefined) {
    const useOffset = endOfImportRun(statement);
    return {
      edits: [],
      replacement,
      aliasLines: [],
      useOffset,
      imports: [],
      importedName: imported,
    };
  }

  const path = `${finding.reference.module}.${finding.reference.member}`;
  const references = importedNameReferences(input.tree, input.text, resolver, bound, path);
  if (references === undefined) {
    return undefined;
  }
  // The definition goes before the first statement that reads the name. With no reads, it goes
  // after the imports that follow this one, the earliest place the name could be used.
  const useOffset =
    references.length === 0
      ? endOfImportRun(statement)
      : Math.min(...references.map((reference) => topLevelStatement(reference).startIndex));

  const edits: OffsetEdit[] = [];
  const imports = importsFor(references, rewrite);
  if (finding.reference.member === replacement) {
    // The alias keeps its name, so only its calls' arguments, or its uncalled reads, need edits.
    for (const reference of references) {
      const referenceEdits = needsPartial(reference, rewrite)
        ? partialEdits(reference, reference.text, resolver)
        : adaptArguments(reference, rewrite);
      if (referenceEdits === undefined) {
        return undefined;
      }
      edits.push(...referenceEdits);
    }
    const aliasLines = bound === replacement ? [] : [`${bound} = ${replacement}`];
    return { edits, replacement, aliasLines, useOffset, imports, importedName: imported };
  }
  // NOTE: the module no longer binds the guessed name, so an `__all__` entry or another module's
  // import of it still fails, as it did before the fix.
  for (const reference of references) {
    const rewritten = rewriteReference(reference, rewrite, resolver);
    if (rewritten === undefined) {
      return undefined;
    }
    edits.push(...rewritten);
  }
  return { edits, replacement, aliasLines: [], useOffset, imports, importedName: imported };
}

/**
 * Returns the expression a reference rewrite replaces: `F.focal_loss` and `getattr(F,
 * "focal_loss")` as a whole, since both evaluate to the missing member, and a bare star-imported
 * `focal_loss` by itself.
 */
function calleeOf(identifier: Node, kind: Finding["reference"]["kind"]): Node {
  if (kind === "attribute") {
    return identifier.parent as Node;
  }
  // identifierAt returned the string's content, inside a string, an argument list and the call.
  return kind === "getattr" ? (identifier.parent?.parent?.parent as Node) : identifier;
}

/** Plans the rewrite of one reference, or returns undefined when it cannot be done safely. */
export function planReference(
  finding: Finding,
  input: FixInput,
  resolver: NameResolver,
  useOwnDefinition = false,
): ReferencePlan | undefined {
  const replacement = replacementFor(finding);
  const identifier = identifierAt(finding, input);
  if (replacement === undefined || identifier === undefined) {
    return undefined;
  }
  const rewrite = referenceRewrite(finding, replacement, input, useOwnDefinition);
  if (finding.reference.kind === "import") {
    return planImportReference(finding, identifier, rewrite, input, resolver);
  }

  const callee = calleeOf(identifier, finding.reference.kind);
  const edits = rewriteReference(callee, rewrite, resolver);
  const useOffset = topLevelStatement(identifier).startIndex;
  const imports = importsFor([callee], rewrite);
  return edits === undefined
    ? undefined
    : { edits, replacement, aliasLines: [], useOffset, imports };
}
