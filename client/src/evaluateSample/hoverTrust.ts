import * as vscode from "vscode";
import { EVALUATE_SAMPLE_COMMAND } from "./ids";

/**
 * Lets the server's hovers run the "Evaluate Sample" command from their links, and no other
 * command: vscode-languageclient creates untrusted MarkdownStrings, in which command links do
 * nothing.
 */
export function trustEvaluateSampleLinks<T extends vscode.Hover | null | undefined>(hover: T): T {
  for (const content of hover?.contents ?? []) {
    if (content instanceof vscode.MarkdownString) {
      content.isTrusted = { enabledCommands: [EVALUATE_SAMPLE_COMMAND] };
    }
  }
  return hover;
}
