import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { enclosingCall, readArguments } from "./callArguments";
import { detectStyle, findHeaderEnd } from "./moduleLayout";

/** The FocalLoss arguments that torchvision's function can take over. */
const SUPPORTED = ["alpha", "gamma", "reduction"] as const;

const TARGETS_COMMENT =
  "# torchvision.ops.sigmoid_focal_loss is one-vs-all: it takes float targets of the logits' " +
  "shape (one-hot or multi-label), not class indices.";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Maps FocalLoss arguments to torchvision keywords, or returns undefined when one cannot be. */
function torchvisionKeywords(call: Node): string[] | undefined {
  const { byName, opaque } = readArguments(call, SUPPORTED);
  if (
    opaque ||
    [...byName.keys()].some((name) => !(SUPPORTED as readonly string[]).includes(name))
  ) {
    return undefined;
  }
  const keywords: string[] = [];
  const alpha = byName.get("alpha");
  if (alpha !== undefined) {
    // torchvision disables alpha with a negative number, and takes one float only.
    if (alpha.text === "None") {
      keywords.push("alpha=-1");
    } else if (NUMBER.test(alpha.text)) {
      keywords.push(`alpha=${alpha.text}`);
    } else {
      return undefined;
    }
  }
  const gamma = byName.get("gamma");
  if (gamma !== undefined) {
    keywords.push(`gamma=${gamma.text}`);
  }
  // A loss module averages by default, but torchvision's function defaults to "none".
  keywords.push(`reduction=${byName.get("reduction")?.text ?? '"mean"'}`);
  return keywords;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/**
 * Replaces `nn.FocalLoss(…)` with `functools.partial(torchvision.ops.sigmoid_focal_loss, …)`,
 * with a comment on the different target format, and imports what that needs. Offered only for
 * a construction whose arguments torchvision supports.
 */
export function useTorchvisionInstead(
  finding: Finding,
  tree: Tree,
  text: string,
): OffsetEdit[] | undefined {
  const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (finding.reference.kind !== "attribute" || identifier?.type !== "identifier") {
    return undefined;
  }
  const call = enclosingCall(identifier.parent as Node);
  const keywords = call === undefined ? undefined : torchvisionKeywords(call);
  const header = findHeaderEnd(tree);
  if (call === undefined || keywords === undefined || header.hasError) {
    return undefined;
  }

  const resolver = new NameResolver(tree, text);
  const imports: string[] = [];
  for (const [name, line] of [
    ["functools", "import functools"],
    ["torchvision", "import torchvision"],
  ]) {
    const resolution = resolver.resolveAtModule(name);
    if (resolution.kind === "unbound") {
      imports.push(line);
    } else if (resolution.kind !== "module" || resolution.path !== name) {
      return undefined;
    }
  }

  const { eol } = detectStyle(text);
  const statementStart = lineStart(text, call.startIndex);
  // A comment line cannot follow a backslash continuation.
  if (/\\\r?\n$/.test(text.slice(Math.max(0, statementStart - 3), statementStart))) {
    return undefined;
  }
  const indent = /^[ \t]*/.exec(text.slice(statementStart))?.[0] ?? "";
  const edits: OffsetEdit[] = [];
  if (imports.length > 0) {
    const last = header.statements[header.statements.length - 1];
    const at = last === undefined ? 0 : last.endIndex;
    const newText =
      last === undefined
        ? imports.map((line) => line + eol).join("") + eol
        : imports.map((line) => eol + line).join("");
    edits.push({ start: at, end: at, newText });
  }
  edits.push(
    { start: statementStart, end: statementStart, newText: `${indent}${TARGETS_COMMENT}${eol}` },
    {
      start: call.startIndex,
      end: call.endIndex,
      newText: `functools.partial(torchvision.ops.sigmoid_focal_loss, ${keywords.join(", ")})`,
    },
  );
  // When the call starts the file, all three edits start at offset 0, and LSP then needs the
  // insertions before the replacement, imports first. normaliseEdits sorts and merges them so.
  return normaliseEdits(edits);
}
