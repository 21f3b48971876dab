import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { NameResolver } from "../../analysis/python/nameResolver";
import { cellMagicEnd } from "../../documents/cellMagic";
import { reasonFixesAreUnsafe } from "../lineEndings";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import { enclosingCall, readArguments } from "./callArguments";
import { detectStyle, findHeaderEnd } from "./moduleLayout";

/** The FocalLoss arguments that torchvision's function can take over. */
const SUPPORTED = ["alpha", "gamma", "reduction"] as const;

const TARGETS_COMMENT =
  "# torchvision.ops.sigmoid_focal_loss is one-vs-all: it takes float targets of the logits' " +
  "shape (one-hot or multi-label), not class indices.";

/**
 * The bounds of the width that inserted comments wrap at. Within them the width is the file's
 * longest line, so the comments are no wider than the file's own code.
 */
const MIN_COMMENT_WIDTH = 72;
const MAX_COMMENT_WIDTH = 100;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** torchvision keywords for a FocalLoss call, with a comment on how alpha was carried over. */
interface TorchvisionCall {
  keywords: string[];
  alphaComment: string;
}

/** Maps the `alpha` of a FocalLoss call to torchvision's, or returns undefined when it cannot. */
function torchvisionAlpha(
  alpha: Node | undefined,
): { keyword: string; comment: string } | undefined {
  // torchvision weights by alpha = 0.25 by default, and a negative alpha turns the weighting off.
  if (alpha === undefined || alpha.text === "None") {
    const original = alpha === undefined ? "no alpha" : "alpha=None";
    return {
      keyword: "alpha=-1",
      comment:
        "# alpha=-1 turns off torchvision's default weighting (alpha=0.25), " +
        `as the call had ${original}.`,
    };
  }
  // Outside [0, 1] torchvision's negative-target weight 1 - alpha, or alpha itself, is negative.
  const value = NUMBER.test(alpha.text) ? Number(alpha.text) : Number.NaN;
  if (!(value >= 0 && value <= 1)) {
    return undefined;
  }
  return {
    keyword: `alpha=${alpha.text}`,
    comment:
      `# alpha=${alpha.text} weights positive targets by ${alpha.text} ` +
      `and negative targets by 1 - ${alpha.text}.`,
  };
}

/** Maps FocalLoss arguments to torchvision keywords, or returns undefined when one cannot be. */
function torchvisionCall(call: Node): TorchvisionCall | undefined {
  const { byName, opaque } = readArguments(call, SUPPORTED);
  if (
    opaque ||
    [...byName.keys()].some((name) => !(SUPPORTED as readonly string[]).includes(name))
  ) {
    return undefined;
  }
  const alpha = torchvisionAlpha(byName.get("alpha"));
  if (alpha === undefined) {
    return undefined;
  }
  const keywords = [alpha.keyword];
  const gamma = byName.get("gamma");
  if (gamma !== undefined) {
    keywords.push(`gamma=${gamma.text}`);
  }
  // A loss module averages by default, but torchvision's function defaults to "none".
  keywords.push(`reduction=${byName.get("reduction")?.text ?? '"mean"'}`);
  return { keywords, alphaComment: alpha.comment };
}

/** Returns the width to wrap inserted comments at: the file's longest line, within the bounds. */
function commentWidth(text: string): number {
  let longest = 0;
  for (const line of text.split(/\r?\n/)) {
    longest = Math.max(longest, line.length);
  }
  return Math.min(MAX_COMMENT_WIDTH, Math.max(MIN_COMMENT_WIDTH, longest));
}

/**
 * Wraps a `# …` comment into lines of at most `width` characters that start with `indent`, at
 * spaces. A word longer than a line is kept whole on a line of its own, so only such a word can
 * make a line longer than `width`.
 */
function wrapComment(comment: string, indent: string, width: number): string[] {
  const prefix = `${indent}#`;
  const lines: string[] = [];
  let line = prefix;
  // A difference such as `1 - 0.25` stays on one line.
  const words = comment.replace(/^#\s*/, "").match(/\S+(?: - \S+)*/g) ?? [];
  for (const word of words) {
    if (line !== prefix && line.length + 1 + word.length > width) {
      lines.push(line);
      line = prefix;
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/**
 * Replaces `nn.FocalLoss(…)` with `functools.partial(torchvision.ops.sigmoid_focal_loss, …)`,
 * with comments on the different target format and on how `alpha` was carried over, and imports
 * what that needs. Offered only for a construction whose arguments torchvision supports.
 */
export function useTorchvisionInstead(
  finding: Finding,
  tree: Tree,
  text: string,
): OffsetEdit[] | undefined {
  if (reasonFixesAreUnsafe(text) !== undefined) {
    return undefined;
  }
  const identifier = tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (finding.reference.kind !== "attribute" || identifier?.type !== "identifier") {
    return undefined;
  }
  const call = enclosingCall(identifier.parent as Node);
  const torchvision = call === undefined ? undefined : torchvisionCall(call);
  const header = findHeaderEnd(tree);
  if (call === undefined || torchvision === undefined || header.hasError) {
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
    const at = last === undefined ? cellMagicEnd(text) : last.endIndex;
    const newText =
      last === undefined
        ? imports.map((line) => line + eol).join("") + eol
        : imports.map((line) => eol + line).join("");
    edits.push({ start: at, end: at, newText });
  }
  edits.push(
    {
      start: statementStart,
      end: statementStart,
      newText: [TARGETS_COMMENT, torchvision.alphaComment]
        .flatMap((comment) => wrapComment(comment, indent, commentWidth(text)))
        .map((line) => line + eol)
        .join(""),
    },
    {
      start: call.startIndex,
      end: call.endIndex,
      newText: `functools.partial(torchvision.ops.sigmoid_focal_loss, ${torchvision.keywords.join(", ")})`,
    },
  );
  // When the call starts the file, all three edits start at offset 0, and LSP then needs the
  // insertions before the replacement, imports first. normaliseEdits sorts and merges them so.
  return normaliseEdits(edits);
}
