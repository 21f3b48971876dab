import type { Tree } from "web-tree-sitter";
import { NameResolver } from "../../analysis/python/nameResolver";
import { definesTemplateCode } from "./definitionShape";
import type { TemplateDefinition } from "./implementationTemplate";

/** The parsed source of one notebook cell. */
export interface CellSource {
  tree: Tree;
  text: string;
}

/**
 * Returns whether the nearest of `cells` that binds the definition's name defines the template's
 * code under it, so a later cell can call that definition instead of inserting another copy.
 * `cells` are the cells before the one being fixed, nearest first, as a kernel that runs them in
 * order would have bound their names.
 */
export function earlierCellDefines(
  cells: readonly CellSource[] | undefined,
  definition: TemplateDefinition,
): boolean {
  for (const cell of cells ?? []) {
    const resolution = new NameResolver(cell.tree, cell.text).resolveAtModule(definition.name);
    if (resolution.kind !== "unbound") {
      return resolution.kind === "other" && definesTemplateCode(cell.tree, definition);
    }
  }
  return false;
}
