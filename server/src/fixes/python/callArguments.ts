import type { Node } from "web-tree-sitter";

/** The arguments of a call, by keyword, with positional ones named from `positionalNames`. */
export interface CallArguments {
  byName: Map<string, Node>;
  /** True when the call has `*args`, `**kwargs` or more positional arguments than names. */
  opaque: boolean;
}

/** Returns the call whose callee is exactly `callee`, if `callee` is being called. */
export function enclosingCall(callee: Node): Node | undefined {
  const call = callee.parent;
  return call?.type === "call" && call.childForFieldName("function")?.id === callee.id
    ? call
    : undefined;
}

export function readArguments(call: Node, positionalNames: readonly string[]): CallArguments {
  const byName = new Map<string, Node>();
  let opaque = false;
  let position = 0;
  const argumentList = call.childForFieldName("arguments");
  if (argumentList?.type !== "argument_list") {
    return { byName, opaque: true };
  }
  for (const argument of argumentList.namedChildren) {
    if (argument === null || argument.type === "comment") {
      continue;
    }
    if (argument.type === "keyword_argument") {
      const name = argument.childForFieldName("name")?.text;
      const value = argument.childForFieldName("value");
      if (name !== undefined && value !== null) {
        byName.set(name, value);
      }
    } else if (argument.type === "list_splat" || argument.type === "dictionary_splat") {
      opaque = true;
    } else if (position < positionalNames.length) {
      byName.set(positionalNames[position++], argument);
    } else {
      opaque = true;
    }
  }
  return { byName, opaque };
}
