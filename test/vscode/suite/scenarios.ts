import assert from "node:assert/strict";
import * as vscode from "vscode";

const EXTENSION_ID = "focal-loss-tools.focal-loss";

/** Polls `read` until it returns a value that `accept` takes, or fails after `timeoutMs`. */
async function poll<T>(
  read: () => T,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the test workspace is not open");
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Returns a diagnostic's code, which VS Code wraps in an object when it has a link. */
function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === "object" ? code.value : code);
}

function focalDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((item) => item.source === "focal-loss");
}

/** The scenarios of the offline code-server suite, through the VS Code API. */
export function registerScenarios(): void {
  describe("Focal Loss in VS Code", () => {
    before(async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    });

    it("flags nn.FocalLoss with FL001", async () => {
      const uri = workspaceFile("train.py");
      await vscode.window.showTextDocument(uri);
      const diagnostics = await poll(
        () => focalDiagnostics(uri),
        (items) => items.length > 0,
        "FL001",
      );
      assert.equal(codeOf(diagnostics[0]), "FL001");
      assert.equal(diagnostics[0].range.start.line, 3);
    });

    it("explains FL001 on hover", async () => {
      const uri = workspaceFile("train.py");
      const [diagnostic] = await poll(
        () => focalDiagnostics(uri),
        (items) => items.length > 0,
        "FL001",
      );
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        "vscode.executeHoverProvider",
        uri,
        diagnostic.range.start,
      );
      const text = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === "string" ? content : content.value))
        .join("\n");
      assert.match(text, /FL001/);
      assert.match(text, /torchvision\.ops\.sigmoid_focal_loss/);
    });

    it("applies the preferred quick fix", async () => {
      const uri = workspaceFile("train.py");
      const [diagnostic] = await poll(
        () => focalDiagnostics(uri),
        (items) => items.length > 0,
        "FL001",
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const preferred = actions.find((action) => action.isPreferred);
      assert.ok(preferred?.edit, "no preferred quick fix was offered");
      assert.ok(await vscode.workspace.applyEdit(preferred.edit));
      await poll(
        () => focalDiagnostics(uri),
        (items) => items.length === 0,
        "FL001 to clear",
      );
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.getText(), /^class FocalLoss\(nn\.Module\):$/m);
      assert.match(document.getText(), /criterion = FocalLoss\(gamma=2\.0\)/);
    });

    it("turns a rule off without a restart", async () => {
      const uri = workspaceFile("rule_setting.py");
      await vscode.window.showTextDocument(uri);
      await poll(
        () => focalDiagnostics(uri).map(codeOf),
        (codes) => codes.includes("FL001"),
        "FL001",
      );
      const settings = vscode.workspace.getConfiguration("focalLoss", uri);
      await settings.update("rules", { FL001: "off" }, vscode.ConfigurationTarget.Workspace);
      try {
        await poll(
          () => focalDiagnostics(uri).map(codeOf),
          (codes) => !codes.includes("FL001") && codes.length > 0,
          "FL001 to be turned off",
        );
      } finally {
        await settings.update("rules", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });
}
