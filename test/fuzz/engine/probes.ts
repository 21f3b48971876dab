import type { Node, Tree } from "web-tree-sitter";
import { findHeaderEnd } from "../../../server/src/fixes/python/moduleLayout";
import { Random } from "./random";

/**
 * The three lookups that the corpus test injects, each with the import that makes it a finding:
 * FL001 as an attribute, FL001 as an imported name, and FL002.
 */
export const PROBES = [
  ["import torch.nn as nn", "_focal_probe_1 = nn.FocalLoss(gamma=2.0)"],
  ["from torch.nn import FocalLoss", "_focal_probe_2 = FocalLoss()"],
  [
    "import torch.nn.functional as F",
    "_focal_probe_3 = F.focal_loss(_probe_logits, _probe_targets)",
  ],
] as const;

/** Derives a seed from a string (FNV-1a), so that a file's probes do not depend on the others. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return hash;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/**
 * Lists the offsets where a statement can go: the line starts of statements in every block and
 * in the module body after its header (docstring, `__future__` imports, imports). A statement
 * qualifies when it starts its line and the line before has no backslash continuation.
 */
function insertionPoints(tree: Tree, text: string): { offset: number; indent: string }[] {
  const points: { offset: number; indent: string }[] = [];
  const header = findHeaderEnd(tree).statements.length;
  const addStatements = (body: Node, skip: number) => {
    for (const statement of body.namedChildren.slice(skip)) {
      if (statement === null || statement.type === "comment") {
        continue;
      }
      const start = lineStartOf(text, statement.startIndex);
      const indent = text.slice(start, statement.startIndex);
      const continued = /\\\r?\n$/.test(text.slice(Math.max(0, start - 3), start));
      if (/^[ \t]*$/.test(indent) && !continued) {
        points.push({ offset: start, indent });
      }
    }
  };
  addStatements(tree.rootNode, header);
  for (const block of tree.rootNode.descendantsOfType("block")) {
    if (block !== null) {
      addStatements(block, 0);
    }
  }
  return points;
}

/**
 * Inserts each probe before a statement drawn at random from the insertion points, with that
 * statement's indentation, or at the end of the file when it has none. The draw is seeded by
 * `seed`. Returns undefined when the file has a syntax error, where no insertion point is sure.
 */
export function injectProbes(tree: Tree, text: string, seed: string): string | undefined {
  if (tree.rootNode.hasError) {
    return undefined;
  }
  const random = new Random(seedOf(seed));
  const points = insertionPoints(tree, text);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const insertions = PROBES.map((lines) => {
    const point = points.length > 0 ? random.pick(points) : undefined;
    const indent = point?.indent ?? "";
    const block = lines.map((line) => indent + line + eol).join("");
    return point === undefined
      ? { offset: text.length, text: (text === "" || text.endsWith("\n") ? "" : eol) + block }
      : { offset: point.offset, text: block };
  });

  let result = text;
  // From the end, so earlier offsets stay valid; equal offsets keep the probes' order.
  for (const insertion of [...insertions].reverse().sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, insertion.offset) + insertion.text + result.slice(insertion.offset);
  }
  return result;
}
