import type { Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { reasonFixesAreUnsafe } from "../lineEndings";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { insertionEdit } from "./implementationInsertion";
import { planReference, type FixInput } from "./referenceRewrite";

export { hasImplementationFix, type FixInput } from "./referenceRewrite";

/** Modules whose binding of the replacement name a fix may reuse: the same function. */
const EQUIVALENT_IMPORTS: Record<string, readonly string[]> = {
  sigmoid_focal_loss: [
    "torchvision.ops.sigmoid_focal_loss",
    "torchvision.ops.focal_loss.sigmoid_focal_loss",
  ],
};

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
