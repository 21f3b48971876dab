import type { Node } from "web-tree-sitter";
import type { ApiReference } from "../../rules/rule";
import type { NameResolver } from "./nameResolver";
import { stringValue } from "./presenceChecks";

/**
 * Reads `getattr(module, "member")` at the text of its string argument. Without a default,
 * `getattr` raises AttributeError for a missing member just as `module.member` does, so the
 * lookup is a reference to the member. With a default it returns instead, which makes it a
 * presence check (see presenceChecks.ts), so this returns undefined for it.
 */
export function getattrReference(content: Node, resolver: NameResolver): ApiReference | undefined {
  const string = content.parent;
  const argumentList = string?.parent;
  const call = argumentList?.parent;
  if (
    string?.type !== "string" ||
    argumentList?.type !== "argument_list" ||
    call?.type !== "call" ||
    stringValue(string) !== content.text
  ) {
    return undefined;
  }

  const callee = call.childForFieldName("function");
  const args = argumentList.namedChildren.filter((node) => node?.type !== "comment");
  if (
    callee?.type !== "identifier" ||
    callee.text !== "getattr" ||
    args.length !== 2 ||
    args[1]?.id !== string.id ||
    args[0] === null
  ) {
    return undefined;
  }

  // A file or an earlier cell that binds `getattr` itself may define it to do anything.
  if (resolver.resolveName("getattr", callee).kind !== "unbound") {
    return undefined;
  }
  const module = resolver.qualifiedName(args[0]);
  return module === undefined
    ? undefined
    : { language: "python", kind: "getattr", module, member: content.text };
}
