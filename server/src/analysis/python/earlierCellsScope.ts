import type { CellSource } from "../../fixes/python/earlierCells";
import { NameResolver, type OuterScope, type Resolution } from "./nameResolver";
import { findStoredMembers } from "./storedMembers";

/**
 * Resolves the names a notebook cell leaves unbound through the Python cells before it, given
 * nearest first, as a kernel that ran them in order would have bound them. Each earlier cell's
 * own unbound names resolve through the cells before it in turn, so `nn = torch.nn` in one cell
 * aliases the `torch` that an earlier cell imported. The server and the CLI both use this, so a
 * notebook gets the same findings in the editor and in CI.
 */
export function earlierCellsScope(before: readonly CellSource[]): OuterScope | undefined {
  if (before.length === 0) {
    return undefined;
  }
  return new EarlierCells(before).scopeFrom(0);
}

/** The earlier cells' resolvers and stored members, each made once, when first needed. */
class EarlierCells {
  private readonly resolvers: NameResolver[] = [];
  private readonly stored: ReadonlySet<string>[] = [];

  constructor(private readonly cells: readonly CellSource[]) {}

  /** Returns the scope that the cells from index `first` on, nearest first, make together. */
  scopeFrom(first: number): OuterScope {
    const scope = (name: string): Resolution => {
      for (let index = first; index < this.cells.length; index++) {
        const resolution = this.resolverAt(index).resolveAtModule(name);
        if (resolution.kind !== "unbound") {
          return resolution;
        }
      }
      return { kind: "unbound" };
    };
    scope.storesMember = (qualifiedName: string): boolean => {
      for (let index = first; index < this.cells.length; index++) {
        if (this.storedAt(index).has(qualifiedName)) {
          return true;
        }
      }
      return false;
    };
    return scope;
  }

  private resolverAt(index: number): NameResolver {
    let resolver = this.resolvers[index];
    if (resolver === undefined) {
      const cell = this.cells[index];
      const outer = index + 1 < this.cells.length ? this.scopeFrom(index + 1) : undefined;
      resolver = new NameResolver(cell.tree, cell.text, outer);
      this.resolvers[index] = resolver;
    }
    return resolver;
  }

  private storedAt(index: number): ReadonlySet<string> {
    let stored = this.stored[index];
    if (stored === undefined) {
      const cell = this.cells[index];
      stored = findStoredMembers(cell.tree, cell.text, this.resolverAt(index));
      this.stored[index] = stored;
    }
    return stored;
  }
}
