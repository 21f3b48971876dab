import type { Tree } from "web-tree-sitter";
import type { GrammarName } from "../parsing/languages";
import type { Finding } from "./finding";
import { analyzePython, findCandidates } from "./python/analyzePython";
import type { OuterScope } from "./python/nameResolver";
import { removeSuppressed } from "./suppressions";

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
  // TODO: TypeScript and JavaScript rules (FL004, FL001 on PyTorch-like JS libraries).
  return [];
}

/** Returns whether a document contains any name that could start a finding, without parsing. */
export function mayHaveFindings(grammar: GrammarName, text: string): boolean {
  if (grammar !== "python") {
    return false;
  }
  return findCandidates(text).length > 0;
}
