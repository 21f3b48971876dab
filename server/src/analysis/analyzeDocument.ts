import type { Tree } from "web-tree-sitter";
import type { GrammarName } from "../parsing/languages";
import type { Finding } from "./finding";
import { analyzePython, findCandidates, mayCompileFocalLoss } from "./python/analyzePython";
import type { OuterScope } from "./python/nameResolver";
import { removeSuppressed } from "./suppressions";
import { analyzeTypeScript } from "./typescript/analyzeTypeScript";

/**
 * Runs every rule on one parsed document and drops suppressed findings. The server and the CLI
 * both call this, so there is one analysis.
 */
export function analyzeDocument(
  grammar: GrammarName,
  tree: Tree,
  text: string,
  outerScope?: OuterScope,
): Finding[] {
  if (grammar === "python") {
    return removeSuppressed(analyzePython(tree, text, outerScope), tree, text, "python");
  }
  return removeSuppressed(analyzeTypeScript(tree, text), tree, text, "typescript");
}

/** Returns whether a document contains any name that could start a finding, without parsing. */
export function mayHaveFindings(grammar: GrammarName, text: string): boolean {
  if (grammar !== "python") {
    return /ocal|compile/.test(text);
  }
  return findCandidates(text).length > 0 || mayCompileFocalLoss(text);
}
