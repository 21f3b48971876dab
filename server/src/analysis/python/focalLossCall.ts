import type { Node, Tree } from "web-tree-sitter";
import { MAX_SOURCE_LENGTH } from "../../../../src/webview/cursorParameters";
import { readArguments } from "../../fixes/python/callArguments";
import { findCallAt } from "../callAtOffset";
import { PYTHON_SIGNATURES, type FocalLossCall, type LiteralValue } from "../focalLossSignatures";

// Calls whose first argument is the weight list, as in `alpha=torch.tensor([0.25, 0.75])`.
const TENSOR_CONSTRUCTORS = new Set(["tensor", "as_tensor", "Tensor", "array", "constant"]);

const BODY_TYPES = new Set(["module", "block"]);

/**
 * Finds the focal-loss call or construction at `offset` on `line` (see PYTHON_SIGNATURES and
 * findCallAt) and reads its arguments. Returns undefined when there is none.
 */
export function findPythonFocalLossCall(
  tree: Tree,
  offset: number,
  line: number,
): FocalLossCall | undefined {
  const call = findCallAt(tree, offset, line, {
    callTypes: ["call"],
    bodyTypes: BODY_TYPES,
    calleeName: (node) => calleeName(node)?.name,
    isKnown: (name) => Object.hasOwn(PYTHON_SIGNATURES, name),
  });
  if (call === undefined) {
    return undefined;
  }

  const callee = calleeName(call) as { name: string; text: string };
  const signature = PYTHON_SIGNATURES[callee.name];
  const { byName } = readArguments(call, signature.positional);
  const values = new Map<string, LiteralValue>();
  for (const [name, node] of byName) {
    values.set(name, readLiteral(node));
  }
  return {
    signature,
    callee: callee.text,
    arguments: values,
    source: call.text.slice(0, MAX_SOURCE_LENGTH),
    line: call.startPosition.row,
  };
}

function calleeName(call: Node): { name: string; text: string } | undefined {
  const callee = call.childForFieldName("function");
  if (callee?.type === "identifier") {
    return { name: callee.text, text: callee.text };
  }
  if (callee?.type === "attribute") {
    const name = callee.childForFieldName("attribute")?.text;
    return name === undefined ? undefined : { name, text: callee.text };
  }
  return undefined;
}

/** Reads a Python literal: a number, string, bool, None, or a list or tuple of numbers. */
export function readLiteral(node: Node): LiteralValue {
  const other: LiteralValue = { kind: "other", text: node.text };
  switch (node.type) {
    case "integer":
    case "float":
    case "unary_operator": {
      const value = readNumber(node);
      return value === undefined ? other : { kind: "number", value };
    }
    case "true":
    case "false":
      return { kind: "boolean", value: node.type === "true" };
    case "none":
      return { kind: "null" };
    case "string":
      return readString(node) ?? other;
    case "list":
    case "tuple":
      return readNumbers(node) ?? other;
    case "call": {
      const name = calleeName(node)?.name;
      const first = node.childForFieldName("arguments")?.namedChildren[0];
      const list = first?.type === "list" || first?.type === "tuple" ? first : undefined;
      const numbers = list === undefined ? undefined : readNumbers(list);
      return name !== undefined && TENSOR_CONSTRUCTORS.has(name) && numbers ? numbers : other;
    }
    default:
      return other;
  }
}

function readNumber(node: Node): number | undefined {
  if (node.type === "unary_operator") {
    const operand = node.childForFieldName("argument");
    const sign = node.child(0)?.type;
    const value = operand === null ? undefined : readNumber(operand);
    if (value === undefined || (sign !== "-" && sign !== "+")) {
      return undefined;
    }
    return sign === "-" ? -value : value;
  }
  if (node.type !== "integer" && node.type !== "float") {
    return undefined;
  }
  // Python allows `1_000`; Number() rejects underscores and the `j` of complex literals.
  const value = Number(node.text.replaceAll("_", ""));
  return Number.isFinite(value) ? value : undefined;
}

function readNumbers(node: Node): LiteralValue | undefined {
  const values: number[] = [];
  for (const child of node.namedChildren) {
    const value = child === null ? undefined : readNumber(child);
    if (value === undefined) {
      return undefined;
    }
    values.push(value);
  }
  return { kind: "numbers", values };
}

/** Reads a plain string literal; f-strings and byte strings are not literals here. */
function readString(node: Node): LiteralValue | undefined {
  const prefix =
    node
      .child(0)
      ?.text.replace(/['"]+$/, "")
      .toLowerCase() ?? "";
  if (prefix.includes("f") || prefix.includes("b")) {
    return undefined;
  }
  const parts = node.namedChildren.filter((child) => child?.type !== "string_start");
  const content = parts.filter((child) => child?.type === "string_content");
  if (parts.some((child) => child?.type !== "string_content" && child?.type !== "string_end")) {
    return undefined;
  }
  return { kind: "string", value: content.map((child) => child?.text ?? "").join("") };
}
