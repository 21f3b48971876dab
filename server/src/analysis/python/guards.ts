import type { Node, Tree } from "web-tree-sitter";
import type { ApiReference } from "../../rules/rule";
import { isNestedDeeperThan } from "../nestingDepth";
import { isIdentifierCode } from "../textSearch";
import type { NameResolver } from "./nameResolver";
import { checkedName, presenceIn, stringValue, unwrap } from "./presenceChecks";

/**
 * A stretch of a file where a missing member is handled: the code checks for the member first,
 * catches the error a missing member raises, or has assigned the member itself.
 */
export interface GuardedRegion {
  start: number;
  end: number;
  /** `module.member` for a presence check or a store, or undefined for any member. */
  qualifiedName?: string;
  /** The reference kinds whose error a `try` catches, or undefined for a check or a store. */
  caughtKinds?: ReadonlySet<ApiReference["kind"]>;
  /** Set for a store: reads before it still count when they run later, inside a function. */
  isStore?: boolean;
}

/** The error each kind of reference raises when the member is missing. */
const ERROR_OF_KIND: Record<ApiReference["kind"], string> = {
  attribute: "AttributeError",
  getattr: "AttributeError",
  import: "ImportError",
  starImport: "NameError",
  lossString: "ValueError",
};

/** Base classes that catch every error above. */
const CATCH_ALL = new Set(["Exception", "BaseException"]);

const FUNCTION_TYPES = new Set(["function_definition", "lambda"]);

const TERMINATORS = new Set([
  "raise_statement",
  "return_statement",
  "continue_statement",
  "break_statement",
]);

function lastStatement(block: Node | null): Node | undefined {
  const statements = block?.namedChildren.filter((child) => child?.type !== "comment") ?? [];
  return statements.at(-1) ?? undefined;
}

/**
 * Adds the regions that one presence check guards: the branch that runs when the member exists,
 * and the rest of the block after `if not hasattr(…): raise …`.
 */
function regionsOfCheck(check: Node, resolver: NameResolver, regions: GuardedRegion[]): void {
  const qualifiedName = checkedName(check, resolver);
  if (qualifiedName === undefined) {
    return;
  }
  const add = (node: Node | null | undefined) => {
    if (node !== null && node !== undefined) {
      regions.push({ start: node.startIndex, end: node.endIndex, qualifiedName });
    }
  };

  // Only the expressions that contain the check decide what it guards, so the walk stops at the
  // first statement.
  let child = check;
  for (let parent = check.parent; parent !== null; child = parent, parent = parent.parent) {
    if (parent.type === "if_statement" || parent.type === "elif_clause") {
      if (parent.childForFieldName("condition")?.id !== child.id) {
        return;
      }
      const presence = presenceIn(child, qualifiedName, resolver);
      if (presence === "present") {
        add(parent.childForFieldName("consequence"));
      } else if (presence === "absent" && parent.type === "if_statement") {
        parent.childrenForFieldName("alternative").forEach(add);
        const exit = lastStatement(parent.childForFieldName("consequence"));
        const block = parent.parent;
        if (exit !== undefined && TERMINATORS.has(exit.type) && block !== null) {
          regions.push({ start: parent.endIndex, end: block.endIndex, qualifiedName });
        }
      }
      return;
    }
    if (parent.type === "conditional_expression") {
      const [whenTrue, condition, whenFalse] = parent.namedChildren;
      if (condition?.id !== child.id) {
        return;
      }
      const presence = presenceIn(child, qualifiedName, resolver);
      if (presence === "present") {
        add(whenTrue);
      } else if (presence === "absent") {
        add(whenFalse);
      }
      return;
    }
    if (parent.type === "boolean_operator") {
      const left = parent.childForFieldName("left");
      const operator = parent.childForFieldName("operator")?.type;
      if (left?.id === child.id) {
        const presence = presenceIn(child, qualifiedName, resolver);
        const guardsRight =
          (operator === "and" && presence === "present") ||
          (operator === "or" && presence === "absent");
        if (guardsRight) {
          add(parent.childForFieldName("right"));
        }
      }
      continue;
    }
    if (parent.type.endsWith("_statement") || parent.type === "block" || parent.type === "module") {
      return;
    }
  }
}

/** Returns the names an `except` clause catches, or "all" for a bare `except:`. */
function caughtNames(clause: Node): string[] | "all" {
  let value = clause.childForFieldName("value");
  if (value === null) {
    return "all";
  }
  if (value.type === "as_pattern" && value.firstNamedChild !== null) {
    value = value.firstNamedChild;
  }
  value = unwrap(value);
  const items = value.type === "tuple" ? value.namedChildren : [value];
  // `builtins.AttributeError` is caught as AttributeError, so only the last name part matters.
  return items.flatMap((item) => (item === null ? [] : [item.text.split(".").at(-1) ?? ""]));
}

function regionOfTry(statement: Node): GuardedRegion | undefined {
  const body = statement.childForFieldName("body");
  if (body === null) {
    return undefined;
  }
  const caught = new Set<ApiReference["kind"]>();
  for (const clause of statement.namedChildren) {
    if (clause?.type !== "except_clause") {
      continue;
    }
    const names = caughtNames(clause);
    for (const [kind, error] of Object.entries(ERROR_OF_KIND)) {
      if (names === "all" || names.includes(error) || names.some((name) => CATCH_ALL.has(name))) {
        caught.add(kind as ApiReference["kind"]);
      }
    }
  }
  return caught.size === 0
    ? undefined
    : { start: body.startIndex, end: body.endIndex, caughtKinds: caught };
}

/** Returns the node of `type` that starts at `offset`: the one found there or its parent. */
function nodeStartingAt(
  tree: Tree,
  offset: number,
  length: number,
  type: string,
): Node | undefined {
  const node = tree.rootNode.descendantForIndex(offset, offset + length);
  const owner = node?.type === type ? node : node?.parent;
  if (owner?.type === type && owner.startIndex === offset) {
    return owner;
  }
  return owner?.parent?.type === type && owner.parent.startIndex === offset
    ? owner.parent
    : undefined;
}

/**
 * Finds the `hasattr`, `getattr`, `setattr` and `dir` calls and the `try` statements of a file in
 * one scan. The pattern starts with literals instead of `\b`, because V8 scans a long text for a
 * literal much faster, and word boundaries are checked by hand.
 */
function findGuardNodes(tree: Tree, text: string) {
  const calls = new Map<string, Node[]>([
    ["hasattr", []],
    ["getattr", []],
    ["setattr", []],
    ["dir", []],
  ]);
  const tries: Node[] = [];
  for (const match of text.matchAll(/attr(?=\s*\()|dir(?=\s*\()|try(?=\s*:)/g)) {
    const isTry = match[0] === "try";
    const offset = match[0] === "attr" ? match.index - 3 : match.index;
    const word = text.slice(offset, match.index + match[0].length);
    const list = isTry ? tries : calls.get(word);
    if (
      list === undefined ||
      (offset > 0 && isIdentifierCode(text.charCodeAt(offset - 1))) ||
      isNestedDeeperThan(tree, offset)
    ) {
      continue;
    }
    const node = nodeStartingAt(tree, offset, word.length, isTry ? "try_statement" : "call");
    if (node !== undefined) {
      list.push(node);
    }
  }
  return { calls, tries };
}

/** Adds the region after `setattr(module, "member", value)`, which stores the member. */
function regionOfSetattr(call: Node, resolver: NameResolver, regions: GuardedRegion[]): void {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (args.length !== 3 || args[0] === null) {
    return;
  }
  const module = resolver.qualifiedName(args[0]);
  const member = stringValue(args[1] ?? undefined);
  if (module !== undefined && member !== undefined) {
    regions.push(storeRegion(`${module}.${member}`, call.endIndex, call.tree.rootNode.endIndex));
  }
}

/**
 * Collects the guarded regions of a file: presence checks, `try` bodies and `setattr` stores.
 * A file without `try`, `hasattr`, `getattr`, `setattr` or `dir` costs two text scans.
 */
export function findGuardedRegions(tree: Tree, text: string, resolver: NameResolver) {
  const regions: GuardedRegion[] = [];
  const { calls, tries } = findGuardNodes(tree, text);
  for (const call of calls.get("setattr") ?? []) {
    regionOfSetattr(call, resolver, regions);
  }
  for (const call of [...(calls.get("hasattr") ?? []), ...(calls.get("getattr") ?? [])]) {
    regionsOfCheck(call, resolver, regions);
  }
  for (const call of calls.get("dir") ?? []) {
    // `"FocalLoss" in dir(nn)` is the check, so the walk starts at the comparison.
    let comparison = call.parent;
    while (comparison?.type === "parenthesized_expression") {
      comparison = comparison.parent;
    }
    if (comparison?.type === "comparison_operator") {
      regionsOfCheck(comparison, resolver, regions);
    }
  }
  for (const statement of tries) {
    const region = regionOfTry(statement);
    if (region !== undefined) {
      regions.push(region);
    }
  }
  return regions;
}

/** Returns the region after a store such as `module.member = …`, up to the end of the file. */
export function storeRegion(
  qualifiedName: string,
  storeEnd: number,
  fileEnd: number,
): GuardedRegion {
  return { start: storeEnd, end: fileEnd, qualifiedName, isStore: true };
}

/** Returns the statement that stores to the attribute `identifier` names, if it is a target. */
export function storingStatement(identifier: Node): Node | undefined {
  const attribute = identifier.parent;
  if (
    attribute?.type !== "attribute" ||
    attribute.childForFieldName("attribute")?.id !== identifier.id
  ) {
    return undefined;
  }
  let target = attribute;
  let parent = attribute.parent;
  while (parent !== null && (parent.type === "pattern_list" || parent.type === "tuple_pattern")) {
    target = parent;
    parent = parent.parent;
  }
  const isTarget =
    parent !== null &&
    (parent.type === "assignment" || parent.type === "augmented_assignment") &&
    parent.childForFieldName("left")?.id === target.id;
  return isTarget ? (parent ?? undefined) : undefined;
}

function isInsideFunction(identifier: Node): boolean {
  for (let node = identifier.parent; node !== null; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) {
      return true;
    }
  }
  return false;
}

/** Returns whether a reference sits in a region that guards it. */
export function isGuarded(
  identifier: Node,
  reference: ApiReference,
  regions: readonly GuardedRegion[],
): boolean {
  const offset = identifier.startIndex;
  const qualifiedName = `${reference.module}.${reference.member}`;
  let functionChecked: boolean | undefined;
  for (const region of regions) {
    if (region.caughtKinds !== undefined) {
      if (region.caughtKinds.has(reference.kind) && region.start <= offset && offset < region.end) {
        return true;
      }
      continue;
    }
    if (region.qualifiedName !== qualifiedName) {
      continue;
    }
    if (region.start <= offset && offset < region.end) {
      return true;
    }
    // A function defined before a store runs after it when it is called, as a monkey-patch intends.
    if (region.isStore === true) {
      functionChecked ??= isInsideFunction(identifier);
      if (functionChecked) {
        return true;
      }
    }
  }
  return false;
}
