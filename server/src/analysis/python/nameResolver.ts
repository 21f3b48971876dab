import type { Node, Tree } from "web-tree-sitter";
import { isNestedDeeperThan } from "../nestingDepth";
import { findWord, nextNonBlank, previousNonBlank } from "../textSearch";
import { classifyOccurrence, type Binding } from "./bindings";
import { parentScope, scopeOf } from "./scopes";

/** The binding a name refers to at one place in a Python file. */
export type Resolution = { kind: "module"; path: string } | { kind: "other" } | { kind: "unbound" };

const DOT = ".".charCodeAt(0);
const COMMA = ",".charCodeAt(0);
const LOWER_T = "t".charCodeAt(0);
const OPEN_PAREN = "(".charCodeAt(0);
const OPEN_BRACKET = "[".charCodeAt(0);

/**
 * Matches the text from the start of a simple statement up to a name that starts a module path in
 * `import a.b` or `import x as y, a.b`. Plain `import` takes no brackets, so the whole statement
 * is on one line unless it uses a backslash continuation, which this does not follow.
 */
const IMPORT_PATH_PREFIX =
  /(?:^|[;:])[ \t]*import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*$/;

/**
 * Returns whether the name at `offset`, followed by a dot, starts the module path of a plain
 * `import` statement: `import torch.nn` binds `torch`, unlike every other `torch.` occurrence.
 */
function startsImportedPath(text: string, offset: number): boolean {
  // Such a name follows `import` or a comma. Most module-name occurrences are attribute reads
  // such as `x = nn.Linear`, which this check turns away before the line is read.
  const before = previousNonBlank(text, offset);
  if (before !== LOWER_T && before !== COMMA) {
    return false;
  }
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return IMPORT_PATH_PREFIX.test(text.slice(lineStart, offset));
}

/**
 * The modules that `name = torch.nn`-style assignments alias. Other attribute values are rarely
 * modules and are left unknown, which keeps findings free of false positives.
 */
const ALIASED_MODULES = new Set(["torch.nn", "torch.nn.functional"]);

/** Resolves a name in the scope that encloses a whole file, such as earlier notebook cells. */
export interface OuterScope {
  (name: string): Resolution;
  /**
   * Returns whether the enclosing code assigns `qualifiedName`, such as `torch.nn.FocalLoss`, as
   * a monkey-patch does, so that reads of it in this file work.
   */
  storesMember?: (qualifiedName: string) => boolean;
}

type ScopeResult = Resolution | { kind: "none" } | { kind: "global" };

/**
 * Resolves names in one parsed Python file to the modules they were imported as. Any binding that
 * is not an import of one consistent module path (an assignment, a definition, a parameter, a
 * `global` declaration) makes the name unknown, so findings stay free of false positives. Results
 * are cached, so create one resolver per parse.
 */
export class NameResolver {
  private readonly cache = new Map<string, ScopeResult>();
  private readonly occurrences = new Map<string, number[]>();

  /**
   * @param outerScope resolves names that nothing in this file binds, such as names imported by
   * an earlier notebook cell.
   */
  constructor(
    private readonly tree: Tree,
    private readonly text: string,
    private readonly outerScope?: OuterScope,
  ) {}

  /** Resolves the name `name` as read at `reference`. */
  resolveName(name: string, reference: Node): Resolution {
    return this.lookup(name, reference).resolution;
  }

  /**
   * Returns the scope whose binding `name` refers to at `reference`: the module, a function or
   * class node, or undefined when nothing binds it.
   */
  bindingScope(name: string, reference: Node): Node | undefined {
    return this.lookup(name, reference).scope;
  }

  /** Resolves `name` in the module scope alone, as code inserted after the imports resolves it. */
  resolveAtModule(name: string): Resolution {
    const result = this.bindingsIn(name, this.tree.rootNode);
    if (result.kind === "none") {
      return { kind: "unbound" };
    }
    return result.kind === "global" ? { kind: "other" } : result;
  }

  private lookup(name: string, reference: Node): { resolution: Resolution; scope?: Node } {
    const start = scopeOf(reference);
    for (let scope: Node | undefined = start; scope; scope = parentScope(scope)) {
      // A class body's names are not visible inside the functions it contains.
      if (scope.type === "class_definition" && scope.id !== start.id) {
        continue;
      }
      const result = this.bindingsIn(name, scope);
      if (result.kind === "global") {
        return { resolution: this.resolveInModule(name), scope: this.tree.rootNode };
      }
      if (result.kind !== "none") {
        return { resolution: result, scope };
      }
    }
    return { resolution: this.outerScope?.(name) ?? { kind: "unbound" } };
  }

  /**
   * Returns the dotted module path an expression such as `torch.nn` or `(nn)` denotes, or
   * undefined when it is not a module reference.
   */
  qualifiedName(expression: Node): string | undefined {
    switch (expression.type) {
      case "identifier": {
        const resolution = this.resolveName(expression.text, expression);
        return resolution.kind === "module" ? resolution.path : undefined;
      }
      case "attribute": {
        const object = expression.childForFieldName("object");
        const attribute = expression.childForFieldName("attribute");
        const base = object === null ? undefined : this.qualifiedName(object);
        return base === undefined || attribute === null ? undefined : `${base}.${attribute.text}`;
      }
      case "parenthesized_expression": {
        const inner = expression.firstNamedChild;
        return inner === null ? undefined : this.qualifiedName(inner);
      }
      default:
        return undefined;
    }
  }

  private resolveInModule(name: string): Resolution {
    const result = this.bindingsIn(name, this.tree.rootNode);
    return result.kind === "none" || result.kind === "global" ? { kind: "other" } : result;
  }

  private bindingsIn(name: string, scope: Node): ScopeResult {
    const key = `${scope.id}:${name}`;
    let result = this.cache.get(key);
    if (result === undefined) {
      // An alias that reads its own name, as in `nn = nn.functional`, finds this placeholder
      // instead of recursing, so such a name is unknown.
      this.cache.set(key, { kind: "other" });
      result = this.collectBindings(name, scope);
      this.cache.set(key, result);
    }
    return result;
  }

  private collectBindings(name: string, scope: Node): ScopeResult {
    const isModule = scope.type === "module";
    let module: string | undefined;
    let found = false;

    for (const offset of this.occurrencesOf(name, scope)) {
      const binding = this.bindingAt(name, offset);
      if (binding === undefined) {
        continue;
      }
      // A function that declares the name `global` and also binds it rebinds the module's name,
      // so the module-level name is unknown. A `global` declaration alone only reads it.
      if (binding.kind === "global" && isModule) {
        if (this.rebindsGlobal(name, scopeOf(binding.node))) {
          return { kind: "other" };
        }
        continue;
      }
      if (scopeOf(binding.node).id !== scope.id) {
        continue;
      }
      if (binding.kind === "global") {
        return { kind: "global" };
      }
      const bound = binding.kind === "alias" ? this.aliasedModule(binding.value) : binding;
      if (bound.kind === "other" || (module !== undefined && module !== bound.module)) {
        return { kind: "other" };
      }
      module = bound.module;
      found = true;
    }
    return found && module !== undefined ? { kind: "module", path: module } : { kind: "none" };
  }

  /**
   * Resolves the value of `name = value` to one of ALIASED_MODULES, as in `nn = torch.nn`. Any
   * other value, such as `nn = torch.nn.Linear`, binds something that is not a module.
   */
  private aliasedModule(value: Node): { kind: "import"; module: string } | { kind: "other" } {
    const path = this.qualifiedName(value);
    return path !== undefined && ALIASED_MODULES.has(path)
      ? { kind: "import", module: path }
      : { kind: "other" };
  }

  /** Returns whether `scope`, a function with `global name`, binds `name` other than by that. */
  private rebindsGlobal(name: string, scope: Node): boolean {
    return this.occurrencesOf(name, scope).some((offset) => {
      const binding = this.bindingAt(name, offset);
      return binding !== undefined && binding.kind !== "global";
    });
  }

  private occurrencesOf(name: string, scope: Node): number[] {
    let all = this.occurrences.get(name);
    if (all === undefined) {
      // A name directly before `.` or `[` is only read, as bindingAt also checks, unless it
      // starts the path of `import torch.nn`. Dropping those occurrences here is cheaper, because
      // most occurrences of a module name are attribute reads.
      all = findWord(this.text, name).filter((offset) => {
        const next = this.text.charCodeAt(offset + name.length);
        if (next === DOT) {
          return startsImportedPath(this.text, offset);
        }
        return next !== OPEN_BRACKET;
      });
      this.occurrences.set(name, all);
    }
    if (scope.type === "module") {
      return all;
    }
    return all.filter((offset) => offset >= scope.startIndex && offset < scope.endIndex);
  }

  private bindingAt(
    name: string,
    offset: number,
  ): (NonNullable<Binding> & { node: Node }) | undefined {
    // Text checks first: a name right after a dot, or before `.`, `(` or `[`, is only read,
    // except in `def name(`, `class name(` and `import name.sub`. Skipping those avoids most
    // tree lookups.
    const before = previousNonBlank(this.text, offset);
    const after = nextNonBlank(this.text, offset + name.length);
    if (before === DOT || after === OPEN_BRACKET) {
      return undefined;
    }
    if (after === DOT && !startsImportedPath(this.text, offset)) {
      return undefined;
    }
    if (
      after === OPEN_PAREN &&
      !/\b(def|class)\s+$/.test(this.text.slice(Math.max(0, offset - 8), offset))
    ) {
      return undefined;
    }

    if (isNestedDeeperThan(this.tree, offset)) {
      return undefined;
    }
    const node = this.tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (
      node === null ||
      node.type !== "identifier" ||
      node.startIndex !== offset ||
      node.endIndex !== offset + name.length
    ) {
      return undefined;
    }
    const binding = classifyOccurrence(node);
    return binding === undefined ? undefined : { ...binding, node };
  }
}
