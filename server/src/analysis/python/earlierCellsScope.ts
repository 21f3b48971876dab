import type { CellSource } from "../../fixes/python/earlierCells";
import { NameResolver, type OuterScope } from "./nameResolver";

/**
 * Resolves the names a notebook cell leaves unbound through the Python cells before it, given
 * nearest first, as a kernel that ran them in order would have bound them. The server and the CLI
 * both use this, so a notebook gets the same findings in the editor and in CI.
 */
export function earlierCellsScope(before: readonly CellSource[]): OuterScope | undefined {
  if (before.length === 0) {
    return undefined;
  }
  return (name) => {
    for (const cell of before) {
      const resolution = new NameResolver(cell.tree, cell.text).resolveAtModule(name);
      if (resolution.kind !== "unbound") {
        return resolution;
      }
    }
    return { kind: "unbound" };
  };
}
