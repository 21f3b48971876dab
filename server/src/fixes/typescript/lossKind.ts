import type { Node, Tree } from "web-tree-sitter";
import { findWord } from "../../analysis/textSearch";
import { focalLossKindOfName, type FocalLossKind } from "../../rules/tfjsLossNames";

/**
 * Returns the `.compile({ loss: … })` call whose `loss` value contains `node`, directly or as one
 * entry of a per-output array or object. Returns undefined for anything else.
 */
export function enclosingCompileCall(node: Node): Node | undefined {
  let current = node;
  while (current.parent?.type === "array" || current.parent?.type === "pair") {
    const parent: Node = current.parent;
    if (parent.type === "pair") {
      const key = parent.childForFieldName("key");
      const keyText = key?.type === "string" ? key.namedChildren[0]?.text : key?.text;
      const outer = parent.parent;
      if (keyText === "loss" && outer?.type === "object" && outer.parent?.type === "arguments") {
        return compileCallOf(outer.parent.parent);
      }
      if (outer?.type !== "object") {
        return undefined;
      }
      current = outer;
    } else {
      current = parent;
    }
  }
  return undefined;
}

function compileCallOf(call: Node | null): Node | undefined {
  const callee = call?.childForFieldName("function");
  const property =
    callee?.type === "member_expression" ? callee.childForFieldName("property") : null;
  return property?.text === "compile" ? (call ?? undefined) : undefined;
}

/** Returns the focal loss an output activation calls for: sigmoid is binary, softmax categorical. */
function kindOfActivation(activation: string | undefined): FocalLossKind | undefined {
  if (activation === "sigmoid") {
    return "binary";
  }
  return activation === "softmax" ? "categorical" : undefined;
}

/**
 * Reads the output activation of a layer expression: `tf.layers.dense({ activation: "sigmoid" })`,
 * `tf.layers.activation({ activation: "softmax" })` or `tf.layers.softmax()`.
 */
function layerActivation(layer: Node | null | undefined): string | undefined {
  if (layer?.type !== "call_expression") {
    return undefined;
  }
  const callee = layer.childForFieldName("function");
  const name = callee?.type === "member_expression" ? callee.childForFieldName("property") : callee;
  if (name?.text === "softmax") {
    return "softmax";
  }
  const config = layer.childForFieldName("arguments")?.namedChildren[0];
  for (const pair of config?.type === "object" ? config.namedChildren : []) {
    const key = pair?.type === "pair" ? pair.childForFieldName("key") : null;
    const value = pair?.childForFieldName("value");
    if (key?.text === "activation" && value?.type === "string") {
      return value.namedChildren[0]?.text;
    }
  }
  return undefined;
}

/**
 * Finds the last layer of the model named `name` before `before`: the argument of its last
 * `name.add(layer)` call, or else the last entry of `layers` in `tf.sequential({ layers })`.
 */
function lastLayer(tree: Tree, text: string, name: string, before: number): Node | undefined {
  let added: Node | undefined;
  let configured: Node | undefined;
  for (const offset of findWord(text, name)) {
    const node = tree.rootNode.descendantForIndex(offset, offset + name.length);
    const parent = node?.parent;
    if (node?.type !== "identifier" || parent === null || parent === undefined) {
      continue;
    }

    const call = parent.parent;
    const isAdd =
      parent.type === "member_expression" &&
      parent.childForFieldName("property")?.text === "add" &&
      call?.type === "call_expression" &&
      call.endIndex <= before;
    if (isAdd) {
      added = call.childForFieldName("arguments")?.namedChildren[0] ?? undefined;
    }

    const value = parent.type === "variable_declarator" ? parent.childForFieldName("value") : null;
    const config = value?.childForFieldName("arguments")?.namedChildren[0];
    for (const pair of config?.type === "object" ? config.namedChildren : []) {
      const layers = pair?.childForFieldName("value");
      if (pair?.childForFieldName("key")?.text === "layers" && layers?.type === "array") {
        configured = layers.namedChildren.at(-1) ?? undefined;
      }
    }
  }
  return added ?? configured;
}

/**
 * Settles which focal loss an FL004 finding needs: from its name (`binaryFocalCrossentropy`,
 * `softmaxFocalLoss`), or, for a `loss` of `model.compile`, from the output activation of the
 * model's last layer in the same file. Returns undefined when neither settles it.
 */
export function settleFocalLossKind(
  member: string,
  node: Node,
  tree: Tree,
  text: string,
): FocalLossKind | undefined {
  const named = focalLossKindOfName(member);
  if (named !== undefined) {
    return named;
  }
  const compile = enclosingCompileCall(node);
  const receiver = compile?.childForFieldName("function")?.childForFieldName("object");
  if (compile === undefined || receiver?.type !== "identifier") {
    return undefined;
  }
  const layer = lastLayer(tree, text, receiver.text, compile.startIndex);
  return kindOfActivation(layerActivation(layer));
}
