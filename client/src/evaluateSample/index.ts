// The extension-host side of the "Evaluate Sample" panel, which extension.ts loads with a
// dynamic import() on first use so that activation does not pay for it.
import type * as vscode from "vscode";
import { EvaluatePanel, type PanelDependencies } from "./panel";

export type { PanelDependencies };

/** Runs the command: opens or reveals the panel on the call its arguments or the cursor name. */
export function openEvaluatePanel(
  dependencies: PanelDependencies,
  args: readonly unknown[],
): Promise<void> {
  return EvaluatePanel.open(dependencies, args);
}

/** Restores the panel after a window reload; the page restores its own state. */
export function restoreEvaluatePanel(
  panel: vscode.WebviewPanel,
  dependencies: PanelDependencies,
): void {
  EvaluatePanel.restore(panel, dependencies);
}
