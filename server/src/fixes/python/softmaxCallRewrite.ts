import type { Node } from "web-tree-sitter";
import { enclosingCall, readArguments } from "./callArguments";

/**
 * The parameters a softmax focal-loss call is read with. Positional arguments follow the order
 * of torchvision's `sigmoid_focal_loss(inputs, targets, alpha, gamma, reduction)`.
 */
const CALL_PARAMETERS = ["input", "target", "alpha", "gamma", "reduction"] as const;

/** The keywords that move to the `FocalLoss(...)` constructor, in its signature's order. */
const CONSTRUCTOR_KEYWORDS = ["alpha", "gamma", "reduction", "ignore_index"] as const;

/** Returns whether an FL002 name such as `softmax_focal_loss` means the softmax form. */
export function isSoftmaxName(member: string): boolean {
  return /softmax/i.test(member);
}

/**
 * Rewrites a call such as `F.softmax_focal_loss(x, y, gamma=2)`, whose callee is `callee`, to
 * `FocalLoss(gamma=2)(x, y)`, with `className` as the class. Returns undefined when the callee is not called, or when the call
 * has `*args`, `**kwargs`, comments or a keyword that `FocalLoss` does not take, since those
 * cannot be carried over unchanged.
 */
export function rewriteSoftmaxCall(
  callee: Node,
  className: string,
): { start: number; end: number; newText: string } | undefined {
  const call = enclosingCall(callee);
  if (call === undefined) {
    return undefined;
  }
  const argumentList = call.childForFieldName("arguments");
  if (argumentList === null || argumentList.descendantsOfType("comment").length > 0) {
    return undefined;
  }
  const { byName, opaque } = readArguments(call, CALL_PARAMETERS);
  const known = new Set<string>([...CALL_PARAMETERS, ...CONSTRUCTOR_KEYWORDS]);
  const input = byName.get("input");
  const target = byName.get("target");
  if (opaque || input === undefined || target === undefined) {
    return undefined;
  }
  if ([...byName.keys()].some((name) => !known.has(name))) {
    return undefined;
  }

  // NOTE: the constructor arguments are now evaluated before input and target, which matters
  // only when evaluating them has side effects.
  const keywords = CONSTRUCTOR_KEYWORDS.flatMap((name) => {
    const value = byName.get(name);
    return value === undefined ? [] : [`${name}=${value.text}`];
  });
  return {
    start: call.startIndex,
    end: call.endIndex,
    newText: `${className}(${keywords.join(", ")})(${input.text}, ${target.text})`,
  };
}
