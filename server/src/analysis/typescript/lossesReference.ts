import type { Node } from "web-tree-sitter";
import type { ApiReference } from "../../rules/rule";
import type { ModuleResolver } from "./moduleResolver";
import { isField } from "./scopes";

/** A reference to a member of a module, and the node where a finding on it is reported. */
export interface LocatedReference {
  reference: ApiReference | undefined;
  node: Node;
}

function reference(module: string | undefined, member: string): ApiReference | undefined {
  return module === undefined
    ? undefined
    : { language: "typescript", kind: "attribute", module, member, indirect: true };
}

/**
 * Reads a member taken from a module without a dotted name: `const { focalLoss } = tf.losses`,
 * `const { focalLoss: loss } = tf.losses` or `tf.losses["focalLoss"]`, where `node` is the
 * member's name. A default value (`const { focalLoss = mine } = tf.losses`), a nested pattern
 * and a computed key are not read. Returns undefined for any other node.
 */
export function lossesReference(
  node: Node,
  resolver: ModuleResolver,
): LocatedReference | undefined {
  const parent = node.parent;
  if (parent === null) {
    return undefined;
  }

  if (node.type === "string_fragment") {
    const string = parent;
    const subscript = string.parent;
    if (
      subscript?.type !== "subscript_expression" ||
      !isField(subscript, "index", string) ||
      string.namedChildren.length !== 1
    ) {
      return undefined;
    }
    const object = subscript.childForFieldName("object");
    const module = object === null ? undefined : resolver.qualifiedName(object);
    return { reference: reference(module, node.text), node: string };
  }

  const shorthand = node.type === "shorthand_property_identifier_pattern";
  const renamed =
    node.type === "property_identifier" &&
    parent.type === "pair_pattern" &&
    isField(parent, "key", node);
  let pattern: Node | null = null;
  if (shorthand) {
    pattern = parent;
  } else if (renamed) {
    pattern = parent.parent;
  }
  const declarator = pattern?.parent;
  if (
    pattern?.type !== "object_pattern" ||
    declarator?.type !== "variable_declarator" ||
    !isField(declarator, "name", pattern)
  ) {
    return undefined;
  }
  const value = declarator.childForFieldName("value");
  const module = value === null ? undefined : resolver.qualifiedName(value);
  return { reference: reference(module, node.text), node };
}
