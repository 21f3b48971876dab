import type { Node, Tree } from "web-tree-sitter";
import { isNestedDeeperThan } from "../nestingDepth";
import { findWord } from "../textSearch";
import { canonicalPackage } from "./moduleNames";
import { enclosingScope, isField, scopeOf } from "./scopes";

type Binding = { kind: "module"; path: string } | { kind: "other" } | undefined;

/** Returns the package of `require("pkg")`, or undefined for any other expression. */
export function requiredPackage(expression: Node | null): string | undefined {
  if (expression?.type !== "call_expression") {
    return undefined;
  }
  const callee = expression.childForFieldName("function");
  const argument = expression.childForFieldName("arguments")?.namedChildren[0];
  if (callee?.type !== "identifier" || callee.text !== "require" || argument?.type !== "string") {
    return undefined;
  }
  return argument.namedChildren[0]?.text;
}

function importSource(statement: Node | null): string | undefined {
  const source = statement?.childForFieldName("source");
  return source?.type === "string" ? source.namedChildren[0]?.text : undefined;
}

function ancestor(node: Node, type: string): Node | undefined {
  for (let current = node.parent; current !== null; current = current.parent) {
    if (current.type === type) {
      return current;
    }
  }
  return undefined;
}

/**
 * Resolves names in a TypeScript or JavaScript file to the packages they were imported or
 * required from, by function scope. A name with any other binding in the scope that owns it (a
 * parameter, a `let` assigned elsewhere, a function) is treated as unknown, which keeps
 * findings free of false positives.
 */
export class ModuleResolver {
  private readonly cache = new Map<string, string | undefined>();
  private readonly occurrences = new Map<string, number[]>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly tree: Tree,
    private readonly text: string,
  ) {}

  /** Returns the dotted module path of `tf`, `tf.losses` or `(torch.nn)`, if it is one. */
  qualifiedName(expression: Node): string | undefined {
    switch (expression.type) {
      case "identifier": {
        return this.resolveAt(expression.text, expression);
      }
      case "member_expression": {
        const object = expression.childForFieldName("object");
        const property = expression.childForFieldName("property");
        const base = object === null ? undefined : this.qualifiedName(object);
        return base === undefined || property?.type !== "property_identifier"
          ? undefined
          : `${base}.${property.text}`;
      }
      case "parenthesized_expression": {
        const inner = expression.namedChildren[0];
        return inner === null || inner === undefined ? undefined : this.qualifiedName(inner);
      }
      default: {
        const required = requiredPackage(expression);
        return required === undefined ? undefined : canonicalPackage(required);
      }
    }
  }

  /** Resolves the name `name` as read at `reference`. */
  resolveAt(name: string, reference: Node): string | undefined {
    for (let scope: Node | undefined = scopeOf(reference); scope; scope = enclosingScope(scope)) {
      const result = this.bindingsIn(name, scope);
      if (result !== "none") {
        return result;
      }
    }
    return undefined;
  }

  private bindingsIn(name: string, scope: Node): string | undefined | "none" {
    const key = `${scope.id}:${name}`;
    if (this.cache.has(key)) {
      return this.cache.get(key);
    }
    // A name defined from itself, such as `let tf = tf.x`, resolves to nothing.
    if (this.resolving.has(key)) {
      return undefined;
    }
    this.resolving.add(key);
    let path: string | undefined;
    let found = false;
    let conflicting = false;
    for (const offset of this.occurrencesOf(name)) {
      if (offset < scope.startIndex || offset >= scope.endIndex) {
        continue;
      }
      const binding = this.bindingAt(offset, name, scope);
      if (binding === undefined) {
        continue;
      }
      found = true;
      if (binding.kind === "other" || (path !== undefined && path !== binding.path)) {
        conflicting = true;
        break;
      }
      path = binding.path;
    }
    this.resolving.delete(key);
    if (!found) {
      return "none";
    }
    const result = conflicting ? undefined : path;
    this.cache.set(key, result);
    return result;
  }

  private occurrencesOf(name: string): number[] {
    let offsets = this.occurrences.get(name);
    if (offsets === undefined) {
      offsets = findWord(this.text, name);
      this.occurrences.set(name, offsets);
    }
    return offsets;
  }

  private bindingAt(offset: number, name: string, scope: Node): Binding {
    if (isNestedDeeperThan(this.tree, offset)) {
      return undefined;
    }
    const node = this.tree.rootNode.descendantForIndex(offset, offset + name.length);
    if (node === null || node.startIndex !== offset || node.endIndex !== offset + name.length) {
      return undefined;
    }
    if (scopeOf(node).id !== scope.id) {
      return undefined;
    }
    const parent = node.parent;
    if (parent === null || node.type === "property_identifier" || node.type === "string_fragment") {
      return undefined;
    }

    switch (parent.type) {
      case "import_specifier": {
        const alias = parent.childForFieldName("alias");
        if (alias !== null && alias.id !== node.id) {
          return undefined;
        }
        const member = parent.childForFieldName("name")?.text;
        const source = importSource(ancestor(parent, "import_statement") ?? null);
        return source === undefined || member === undefined
          ? { kind: "other" }
          : { kind: "module", path: `${canonicalPackage(source)}.${member}` };
      }
      case "namespace_import":
      case "import_clause": {
        const source = importSource(ancestor(parent, "import_statement") ?? null);
        return source === undefined
          ? { kind: "other" }
          : { kind: "module", path: canonicalPackage(source) };
      }
      case "variable_declarator": {
        if (!isField(parent, "name", node)) {
          return undefined;
        }
        const value = parent.childForFieldName("value");
        const path = value === null ? undefined : this.qualifiedName(value);
        return path === undefined ? { kind: "other" } : { kind: "module", path };
      }
      case "object_pattern":
      case "pair_pattern":
        return this.destructured(node, parent);
      case "assignment_expression":
      case "augmented_assignment_expression":
        return isField(parent, "left", node) ? { kind: "other" } : undefined;
      case "update_expression":
      case "required_parameter":
      case "optional_parameter":
      case "formal_parameters":
      case "catch_clause":
      case "function_declaration":
      case "function_expression":
      case "generator_function_declaration":
      case "class_declaration":
      case "for_in_statement":
      case "rest_pattern":
      case "array_pattern":
        return isField(parent, "body", node) ||
          isField(parent, "right", node) ||
          isField(parent, "value", node)
          ? undefined
          : { kind: "other" };
      case "arrow_function":
        return isField(parent, "parameter", node) ? { kind: "other" } : undefined;
      default:
        return node.type === "shorthand_property_identifier_pattern"
          ? { kind: "other" }
          : undefined;
    }
  }

  /** Resolves `const { losses } = require("…")` and `const { nn: layers } = torch`. */
  private destructured(node: Node, parent: Node): Binding {
    let member: string | undefined;
    let pattern: Node | null = parent;
    if (parent.type === "pair_pattern") {
      if (!isField(parent, "value", node)) {
        return undefined;
      }
      member = parent.childForFieldName("key")?.text;
      pattern = parent.parent;
    } else if (node.type === "shorthand_property_identifier_pattern") {
      member = node.text;
    }
    const declarator = pattern?.parent;
    if (
      member === undefined ||
      pattern?.type !== "object_pattern" ||
      declarator?.type !== "variable_declarator"
    ) {
      return { kind: "other" };
    }
    const value = declarator.childForFieldName("value");
    const base = value === null ? undefined : this.qualifiedName(value);
    return base === undefined ? { kind: "other" } : { kind: "module", path: `${base}.${member}` };
  }
}
