import type { Node } from "web-tree-sitter";
import { readLiteral } from "./focalLossCall";
import type { NameResolver } from "./nameResolver";

/** The implication of a true condition for a member: it exists, it is missing, or nothing. */
export type Presence = "present" | "absent" | undefined;

/** The argument count at which `hasattr` and `getattr` return instead of raising AttributeError. */
const CHECK_ARITY: Record<string, number> = { hasattr: 2, getattr: 3 };

export function unwrap(node: Node): Node {
  let current = node;
  while (current.type === "parenthesized_expression" && current.firstNamedChild !== null) {
    current = current.firstNamedChild;
  }
  return current;
}

export function stringValue(node: Node | undefined): string | undefined {
  const literal = node === undefined ? undefined : readLiteral(node);
  return literal?.kind === "string" ? literal.value : undefined;
}

/** The presence that a true `"member" in dir(module)` test implies, by its operator. */
const MEMBERSHIP_PRESENCE = new Map<string, Presence>([
  ["in", "present"],
  ["not in", "absent"],
]);

/** Returns the operator text between a comparison's two operands, with blanks collapsed. */
function comparisonOperator(comparison: Node, left: Node, right: Node): string {
  const text = comparison.text.slice(
    left.endIndex - comparison.startIndex,
    right.startIndex - comparison.startIndex,
  );
  return text.trim().split(/\s+/).join(" ");
}

/**
 * Reads `"member" in dir(module)` or `"member" not in dir(module)`. `dir` lists the module's
 * names without raising, so the test checks for the member as `hasattr` does.
 */
function membershipCheck(
  comparison: Node,
  resolver: NameResolver,
): { qualifiedName: string; presence: Presence } | undefined {
  const [left, right] = comparison.namedChildren;
  if (comparison.namedChildCount !== 2 || left === null || right === null) {
    return undefined;
  }
  const member = stringValue(left);
  const call = unwrap(right);
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  if (
    member === undefined ||
    call.type !== "call" ||
    call.childForFieldName("function")?.text !== "dir" ||
    args.length !== 1 ||
    args[0] === null
  ) {
    return undefined;
  }
  const module = resolver.qualifiedName(args[0]);
  const operator = comparisonOperator(comparison, left, right);
  const presence = MEMBERSHIP_PRESENCE.get(operator);
  if (module === undefined || presence === undefined) {
    return undefined;
  }
  return { qualifiedName: `${module}.${member}`, presence };
}

/**
 * Returns `module.member` for `hasattr(module, "member")`, `getattr(module, "member", …)` or
 * `"member" in dir(module)`.
 */
export function checkedName(check: Node, resolver: NameResolver): string | undefined {
  if (check.type === "comparison_operator") {
    return membershipCheck(check, resolver)?.qualifiedName;
  }
  const call = check;
  const name = call.childForFieldName("function")?.text;
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  // getattr without a default raises AttributeError itself, so it guards nothing.
  if (name === undefined || args.length !== CHECK_ARITY[name] || args[0] === null) {
    return undefined;
  }
  const module = resolver.qualifiedName(args[0]);
  const member = stringValue(args[1] ?? undefined);
  return module === undefined || member === undefined ? undefined : `${module}.${member}`;
}

/** Decides whether a condition, when true, implies that `qualifiedName` exists or is missing. */
export function presenceIn(
  condition: Node,
  qualifiedName: string,
  resolver: NameResolver,
): Presence {
  const node = unwrap(condition);
  switch (node.type) {
    case "call":
      return checkedName(node, resolver) === qualifiedName ? "present" : undefined;
    case "not_operator": {
      const argument = node.childForFieldName("argument");
      const inner = argument === null ? undefined : presenceIn(argument, qualifiedName, resolver);
      if (inner === "present") {
        return "absent";
      }
      return inner === "absent" ? "present" : undefined;
    }
    case "boolean_operator": {
      const operator = node.childForFieldName("operator")?.type;
      const sides = [node.childForFieldName("left"), node.childForFieldName("right")];
      const found = sides.map((side) =>
        side === null ? undefined : presenceIn(side, qualifiedName, resolver),
      );
      // `a and b` being true makes both true, and `a or b` being false makes both false.
      if (operator === "and" && found.includes("present")) {
        return "present";
      }
      if (operator === "or" && found.includes("absent")) {
        return "absent";
      }
      return undefined;
    }
    case "comparison_operator": {
      const membership = membershipCheck(node, resolver);
      if (membership !== undefined) {
        return membership.qualifiedName === qualifiedName ? membership.presence : undefined;
      }
      // `getattr(nn, "FocalLoss", None) is not None`, or `is None` for the opposite.
      const [left, right] = node.namedChildren;
      if (left?.type !== "call" || right?.type !== "none" || node.namedChildCount !== 2) {
        return undefined;
      }
      if (checkedName(left, resolver) !== qualifiedName) {
        return undefined;
      }
      const words = comparisonOperator(node, left, right);
      if (words === "is not" || words === "!=") {
        return "present";
      }
      return words === "is" || words === "==" ? "absent" : undefined;
    }
    default:
      return undefined;
  }
}
