import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { reasonFixesAreUnsafe } from "../lineEndings";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { insertionEdit } from "./implementationInsertion";
import { definesTemplateCode, moduleDefinitions } from "./definitionShape";
import { earlierCellDefines } from "./earlierCells";
import type { TemplateImport } from "./implementationTemplate";
import { importedBefore } from "./insertionPoint";
import {
  planReference,
  replacementFor,
  type FixInput,
  type ImportedName,
} from "./referenceRewrite";
import { removeImportedNames } from "./removeImportedName";

export { hasImplementationFix, type FixInput } from "./referenceRewrite";

/** Modules whose binding of the replacement name a fix may reuse: the same function. */
const EQUIVALENT_IMPORTS: Record<string, readonly string[]> = {
  sigmoid_focal_loss: [
    "torchvision.ops.sigmoid_focal_loss",
    "torchvision.ops.focal_loss.sigmoid_focal_loss",
  ],
};

/**
 * Decides whether the module must get the replacement's definition: not when the file or an
 * earlier notebook cell defines the template's code under that name already, or the file imports
 * an equivalent. Returns "own" when the
 * file defines a class or function of that name with other code, which a rewrite would call
 * instead of the template, and "unsafe" when the name is bound to something else.
 */
function needsDefinition(
  name: string,
  input: FixInput,
  resolver: NameResolver,
  removedImports: ReadonlySet<string>,
): boolean | "own" | "unsafe" {
  const resolution = resolver.resolveAtModule(name);
  if (resolution.kind === "unbound") {
    const template = input.template.definition(name);
    return template === undefined || !earlierCellDefines(input.earlierCells, template);
  }
  // Any binding other than the file's own class or function, such as `FocalLoss = None` in an
  // import guard, leaves what the name refers to unknown.
  if (resolution.kind === "other") {
    const template = input.template.definition(name);
    if (template !== undefined && definesTemplateCode(input.tree, template)) {
      return false;
    }
    return moduleDefinitions(input.tree, name).length > 0 ? "own" : "unsafe";
  }
  if (removedImports.has(resolution.path)) {
    return true;
  }
  return EQUIVALENT_IMPORTS[name]?.includes(resolution.path) ? false : "unsafe";
}

/**
 * Returns the 0-based line of the file's own top-level definition that a finding's rewrite would
 * call, when that definition is not the template's code. The last one counts, as in Python.
 */
export function ownDefinitionLine(finding: Finding, input: FixInput): number | undefined {
  const name = replacementFor(finding);
  const template = name === undefined ? undefined : input.template.definition(name);
  if (name === undefined || template === undefined || definesTemplateCode(input.tree, template)) {
    return undefined;
  }
  const statements = moduleDefinitions(input.tree, name);
  return statements.at(-1)?.startPosition.row;
}

/**
 * Returns whether every one of `imports` binds its module before `offset` already, in this file
 * or an earlier notebook cell, for a fix that inserts no definition and so cannot add an import.
 */
function importedAlready(
  imports: readonly TemplateImport[],
  input: FixInput,
  resolver: NameResolver,
  offset: number,
): boolean {
  return imports.every((item) => {
    const resolution = resolver.resolveAtModule(item.name);
    if (resolution.kind === "unbound") {
      const outer = input.outerScope?.(item.name);
      return outer?.kind === "module" && outer.path === item.module;
    }
    return (
      resolution.kind === "module" &&
      resolution.path === item.module &&
      importedBefore(input.tree, item.name, offset)
    );
  });
}

/** Removes the imported names, with one set of edits for each import statement. */
function importRemovals(importedNames: readonly ImportedName[], text: string): OffsetEdit[] {
  const byStatement = new Map<number, ImportedName[]>();
  for (const item of importedNames) {
    byStatement.set(item.statement.id, [...(byStatement.get(item.statement.id) ?? []), item]);
  }
  return [...byStatement.values()].flatMap((items) =>
    removeImportedNames(
      items[0].statement,
      items.map((item) => item.name),
      text,
    ),
  );
}

export interface ImplementationFixOptions {
  /**
   * Rewrite references to call the file's own `FocalLoss` or `sigmoid_focal_loss` where it is
   * not the template's code. That code may compute something else or take other arguments, so
   * only a fix the user picks by its title does this.
   */
  useOwnDefinition?: boolean;
}

/**
 * Plans the preferred fix for FL001 and FL002 findings: insert the tested implementation once,
 * add the imports it needs, and rewrite every reference. Returns undefined when any part cannot
 * be applied safely, so no half-applied fix is ever offered.
 */
export function planImplementationFix(
  findings: readonly Finding[],
  input: FixInput,
  options: ImplementationFixOptions = {},
): OffsetEdit[] | undefined {
  if (reasonFixesAreUnsafe(input.text) !== undefined) {
    return undefined;
  }
  const resolver = new NameResolver(input.tree, input.text, input.outerScope);
  const edits: OffsetEdit[] = [];
  const aliasLines: string[] = [];
  const replacements = new Set<string>();
  const removedImports = new Set<string>();
  const importedNames: ImportedName[] = [];
  const referenceImports: TemplateImport[] = [];
  let firstUse = input.text.length;

  for (const finding of findings) {
    const callsOwn =
      options.useOwnDefinition === true && ownDefinitionLine(finding, input) !== undefined;
    const plan = planReference(finding, input, resolver, callsOwn);
    if (plan === undefined) {
      return undefined;
    }
    edits.push(...plan.edits);
    if (plan.importedName !== undefined) {
      importedNames.push(plan.importedName);
    }
    aliasLines.push(...plan.aliasLines.filter((line) => !aliasLines.includes(line)));
    referenceImports.push(
      ...plan.imports.filter((item) => !referenceImports.some((known) => known.line === item.line)),
    );
    replacements.add(plan.replacement);
    firstUse = Math.min(firstUse, plan.useOffset);
    if (finding.reference.kind === "import") {
      removedImports.add(`${finding.reference.module}.${finding.reference.member}`);
    }
  }

  edits.push(...importRemovals(importedNames, input.text));

  const toDefine: string[] = [];
  for (const name of replacements) {
    const needed = needsDefinition(name, input, resolver, removedImports);
    if (needed === "unsafe" || (needed === "own" && options.useOwnDefinition !== true)) {
      return undefined;
    }
    if (needed === true) {
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
      referenceImports,
      deletions: edits,
      firstUse,
    });
    if (insertion === undefined) {
      return undefined;
    }
    edits.push(insertion);
  } else if (!importedAlready(referenceImports, input, resolver, firstUse)) {
    // NOTE: with the template's code already in the file, a reference that needs
    // `import functools` gets no fix until the file imports it.
    return undefined;
  }
  return normaliseEdits(edits);
}
