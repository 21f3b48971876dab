import assert from "node:assert/strict";
import * as vscode from "vscode";
import { readFocalLossLog } from "../../e2e/helpers/extensionLog";
import { pollUntil } from "../../e2e/helpers/poll";
import { DIAGNOSTIC_SOURCE } from "../../e2e/scenarioDefinitions";

/** Polls `read` until it returns a value that `accept` takes, or fails after `timeoutMs`. */
export function poll<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  description: string,
  timeoutMs = 20_000,
): Promise<T> {
  let last: T | undefined;
  return pollUntil(
    async () => {
      last = await read();
      return accept(last) ? last : undefined;
    },
    { description, timeoutMs },
    () => JSON.stringify(last),
  );
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workspace is not open");
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Returns a diagnostic's code, which VS Code wraps in an object when it has a link. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === "object" ? code.value : code);
}

export function focalDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((item) => item.source === DIAGNOSTIC_SOURCE);
}

/** Polls until the file's focal-loss diagnostics have exactly the codes `expected`. */
export function waitForCodes(uri: vscode.Uri, expected: readonly string[]) {
  return poll(
    () => focalDiagnostics(uri),
    (items) => JSON.stringify(items.map(codeOf).sort()) === JSON.stringify([...expected].sort()),
    `${JSON.stringify(expected)} on ${uri.path}`,
  );
}

/** Returns the text of every hover at `position`, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    "vscode.executeHoverProvider",
    uri,
    position,
  );
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === "string" ? content : content.value))
    .join("\n");
}

/**
 * Returns the "Focal Loss" log. runTests.ts starts VS Code with a user data folder of its own
 * and names it in FOCAL_LOSS_USER_DATA_DIR, because the extension host offers no API to read
 * another extension's output channel.
 */
export function readExtensionLog(): string {
  const userDataDir = process.env.FOCAL_LOSS_USER_DATA_DIR;
  if (userDataDir === undefined || userDataDir === "") {
    throw new Error(
      "FOCAL_LOSS_USER_DATA_DIR is not set; run this suite through test/vscode/runTests.ts.",
    );
  }
  return readFocalLossLog(userDataDir);
}

/** Returns the open webview tabs whose label is `title`. */
export function webviewTabs(title: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === title);
}
