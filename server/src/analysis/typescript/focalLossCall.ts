import type { Node, Tree } from "web-tree-sitter";
import { MAX_SOURCE_LENGTH } from "../../../../src/webview/cursorParameters";
import { findCallAt } from "../callAtOffset";
import {
  TYPESCRIPT_SIGNATURES,
  type FocalLossCall,
  type LiteralValue,
} from "../focalLossSignatures";

const BODY_TYPES = new Set(["program", "statement_block", "switch_case", "switch_default"]);

/**
 * Finds the call of `focalLoss`, `sigmoidFocalLoss` or `softmaxFocalLoss` at `offset` on `line`
 * (see findCallAt) and reads its arguments: the keys of an object literal argument, and the
 * other arguments by the signature's positional names. Returns undefined without such a call.
 */
export function findTypeScriptFocalLossCall(
  tree: Tree,
  offset: number,
  line: number,
): FocalLossCall | undefined {
  const call = findCallAt(tree, offset, line, {
    callTypes: ["call_expression"],
    bodyTypes: BODY_TYPES,
    calleeName: (node) => calleeName(node)?.name,
    isKnown: (name) => Object.hasOwn(TYPESCRIPT_SIGNATURES, name),
  });
  if (call === undefined) {
    return undefined;
  }

  const callee = calleeName(call) as { name: string; text: string };
  const signature = TYPESCRIPT_SIGNATURES[callee.name];
  const values = new Map<string, LiteralValue>();
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  args.forEach((argument, index) => {
    if (argument?.type === "object") {
      readOptions(argument, values);
    } else if (argument !== null && index < signature.positional.length) {
      values.set(signature.positional[index], readLiteral(argument));
    }
  });
  return {
    signature,
    callee: callee.text,
    arguments: values,
    source: call.text.slice(0, MAX_SOURCE_LENGTH),
    line: call.startPosition.row,
  };
}

/** Reads the literal values of an options object such as `{ alpha: 0.25, gamma }` by key. */
function readOptions(options: Node, values: Map<string, LiteralValue>): void {
  for (const property of options.namedChildren) {
    if (property?.type === "shorthand_property_identifier") {
      values.set(property.text, { kind: "other", text: property.text });
    } else if (property?.type === "pair") {
      const key = propertyKey(property.childForFieldName("key"));
      const value = property.childForFieldName("value");
      // `alpha: undefined` leaves the option at its default, as if it were absent.
      if (key !== undefined && value !== null && value.type !== "undefined") {
        values.set(key, readLiteral(value));
      }
    }
  }
}

function calleeName(call: Node): { name: string; text: string } | undefined {
  const callee = call.childForFieldName("function");
  if (callee?.type === "identifier") {
    return { name: callee.text, text: callee.text };
  }
  if (callee?.type === "member_expression") {
    const name = callee.childForFieldName("property")?.text;
    return name === undefined ? undefined : { name, text: callee.text };
  }
  return undefined;
}

function propertyKey(key: Node | null): string | undefined {
  if (key?.type === "property_identifier") {
    return key.text;
  }
  if (key?.type === "string") {
    return stringText(key);
  }
  return undefined;
}

/** Reads a literal: a number, string, boolean or null, or an array of numbers. */
export function readLiteral(node: Node): LiteralValue {
  const other: LiteralValue = { kind: "other", text: node.text };
  switch (node.type) {
    case "number":
    case "unary_expression": {
      const value = readNumber(node);
      return value === undefined ? other : { kind: "number", value };
    }
    case "true":
    case "false":
      return { kind: "boolean", value: node.type === "true" };
    case "null":
      return { kind: "null" };
    case "string": {
      const value = stringText(node);
      return value === undefined ? other : { kind: "string", value };
    }
    case "array": {
      const values = node.namedChildren.map((child) => (child ? readNumber(child) : undefined));
      return values.every((value) => value !== undefined)
        ? { kind: "numbers", values: values as number[] }
        : other;
    }
    default:
      return other;
  }
}

function readNumber(node: Node): number | undefined {
  if (node.type === "unary_expression") {
    const operator = node.childForFieldName("operator")?.type;
    const operand = node.childForFieldName("argument");
    const value = operand === null ? undefined : readNumber(operand);
    if (value === undefined || (operator !== "-" && operator !== "+")) {
      return undefined;
    }
    return operator === "-" ? -value : value;
  }
  if (node.type !== "number") {
    return undefined;
  }
  // JavaScript allows `1_000` in source, which Number() rejects.
  const value = Number(node.text.replaceAll("_", ""));
  return Number.isFinite(value) ? value : undefined;
}

function stringText(node: Node): string | undefined {
  const parts = node.namedChildren;
  if (parts.some((part) => part?.type !== "string_fragment")) {
    return undefined; // Escape sequences are not worth decoding for option names.
  }
  return parts.map((part) => part?.text ?? "").join("");
}
