import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as vscode from "vscode";
import { evaluateSampleRuns } from "../../e2e/helpers/extensionLog";
import {
  EVALUATE_SAMPLE,
  EXTENSION_ID,
  RULE_SETTING,
  SNIPPETS,
  TFJS_COMPILE_LOSS,
  TORCH_FOCAL_LOSS,
  type SnippetScenario,
} from "../../e2e/scenarioDefinitions";
import {
  hoverText,
  poll,
  readExtensionLog,
  waitForCodes,
  webviewTabs,
  workspaceFile,
} from "./helpers";

/** Generous: in code-server the built-in suite finished about 4 s after the command (2 cores). */
const EVALUATE_TIMEOUT_MS = 60_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The scenarios of the offline code-server suite, through the VS Code API. */
export function registerScenarios(): void {
  describe("Focal Loss in VS Code", () => {
    before(async () => {
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    });

    it("flags nn.FocalLoss with FL001", async () => {
      const uri = workspaceFile(TORCH_FOCAL_LOSS.file);
      await vscode.window.showTextDocument(uri);
      const [diagnostic] = await waitForCodes(uri, [TORCH_FOCAL_LOSS.code]);
      assert.match(diagnostic.message, new RegExp(TORCH_FOCAL_LOSS.message));
      assert.equal(diagnostic.range.start.line, TORCH_FOCAL_LOSS.range.start.line);
      assert.equal(diagnostic.range.start.character, TORCH_FOCAL_LOSS.range.start.character);
    });

    it("explains FL001 on hover", async () => {
      const uri = workspaceFile(TORCH_FOCAL_LOSS.file);
      const [diagnostic] = await waitForCodes(uri, [TORCH_FOCAL_LOSS.code]);
      const text = await hoverText(uri, diagnostic.range.start);
      assert.match(text, new RegExp(TORCH_FOCAL_LOSS.code));
      assert.ok(text.includes(TORCH_FOCAL_LOSS.hoverMentions), text);
    });

    it("applies the preferred quick fix", async () => {
      const uri = workspaceFile(TORCH_FOCAL_LOSS.file);
      const [diagnostic] = await waitForCodes(uri, [TORCH_FOCAL_LOSS.code]);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const preferred = actions.find((action) => action.isPreferred);
      assert.equal(preferred?.title, TORCH_FOCAL_LOSS.preferredFix);
      assert.ok(preferred.edit, "the preferred quick fix has no edit");
      assert.ok(await vscode.workspace.applyEdit(preferred.edit));
      await waitForCodes(uri, []);
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.getText(), TORCH_FOCAL_LOSS.insertedClass);
      assert.match(document.getText(), TORCH_FOCAL_LOSS.fixedLine);
    });

    it("turns a rule off without a restart", async () => {
      const uri = workspaceFile(RULE_SETTING.file);
      await vscode.window.showTextDocument(uri);
      await waitForCodes(uri, RULE_SETTING.codes);
      const settings = vscode.workspace.getConfiguration("focalLoss", uri);
      const rules = { [RULE_SETTING.turnedOff]: "off" };
      await settings.update("rules", rules, vscode.ConfigurationTarget.Workspace);
      try {
        await waitForCodes(
          uri,
          RULE_SETTING.codes.filter((code) => code !== RULE_SETTING.turnedOff),
        );
      } finally {
        await settings.update("rules", undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    registerEvaluateSampleScenarios();
    for (const snippet of SNIPPETS) {
      registerSnippetScenario(snippet);
    }

    it("flags a tfjs compile loss with FL004", async () => {
      const uri = workspaceFile(TFJS_COMPILE_LOSS.file);
      await vscode.window.showTextDocument(uri);
      // TypeScript's own diagnostics, such as the unresolved tfjs import, are left out.
      const [diagnostic] = await waitForCodes(uri, [TFJS_COMPILE_LOSS.code]);
      assert.ok(diagnostic.message.startsWith(TFJS_COMPILE_LOSS.message), diagnostic.message);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      const { start, end } = TFJS_COMPILE_LOSS.range;
      assert.ok(
        diagnostic.range.isEqual(
          new vscode.Range(start.line, start.character, end.line, end.character),
        ),
        `range ${JSON.stringify(diagnostic.range)}`,
      );
    });
  });
}

function registerEvaluateSampleScenarios(): void {
  it("lists Evaluate Sample in the palette", async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    const entry = manifest?.contributes?.commands?.find(
      (command: { command: string }) => command.command === EVALUATE_SAMPLE.command,
    );
    assert.ok(entry, `package.json contributes no ${EVALUATE_SAMPLE.command}`);
    assert.equal(`${entry.category}: ${entry.title}`, EVALUATE_SAMPLE.paletteTitle);
    assert.ok((await vscode.commands.getCommands(true)).includes(EVALUATE_SAMPLE.command));
  });

  it("Evaluate Sample passes the built-in suite", async function () {
    this.timeout(EVALUATE_TIMEOUT_MS + 10_000);
    const runsBefore = evaluateSampleRuns(readExtensionLog()).length;
    await vscode.commands.executeCommand(EVALUATE_SAMPLE.command);
    await poll(
      () => webviewTabs(EVALUATE_SAMPLE.panelTitle).length,
      (count) => count === 1,
      "the Evaluate Sample panel",
    );

    // The page logs each full run through a validated message; the panel's DOM is out of reach.
    const [run] = await poll(
      () => evaluateSampleRuns(readExtensionLog()).slice(runsBefore),
      (runs) => runs.length > 0,
      'the log line "Evaluate Sample: Ran N checks"',
      EVALUATE_TIMEOUT_MS,
    );
    assert.match(run.backend, /^(webgl|wasm|cpu)$/);
    assert.ok(run.total >= EVALUATE_SAMPLE.builtinSampleCount, JSON.stringify(run));
    assert.equal(run.passed, run.total, JSON.stringify(run));
  });

  it("hover link opens Evaluate Sample", async () => {
    const uri = workspaceFile(EVALUATE_SAMPLE.hoverFile);
    await vscode.window.showTextDocument(uri);
    const [diagnostic] = await waitForCodes(uri, [TORCH_FOCAL_LOSS.code]);
    const text = await hoverText(uri, diagnostic.range.start);
    const link = new RegExp(
      `\\[${escapeRegExp(EVALUATE_SAMPLE.hoverLinkText)}\\]` +
        `\\(command:${escapeRegExp(EVALUATE_SAMPLE.command)}\\?([^)]+)\\)`,
    ).exec(text);
    assert.ok(link, `the hover has no "${EVALUATE_SAMPLE.hoverLinkText}" link: ${text}`);
    const args = JSON.parse(decodeURIComponent(link[1]));
    assert.deepEqual(args, [
      {
        uri: uri.toString(),
        position: {
          line: diagnostic.range.start.line,
          character: diagnostic.range.start.character,
        },
      },
    ]);

    const logBefore = readExtensionLog().length;
    await vscode.commands.executeCommand(EVALUATE_SAMPLE.command, ...args);
    assert.equal(webviewTabs(EVALUATE_SAMPLE.panelTitle).length, 1, "a second panel opened");
    const errors = readExtensionLog()
      .slice(logBefore)
      .split("\n")
      .filter((line) => line.includes("[error]"));
    assert.deepEqual(errors, [], "the command logged errors");
  });
}

function registerSnippetScenario(snippet: SnippetScenario): void {
  it(`expands the ${snippet.prefix} snippet in ${snippet.languageId}`, async () => {
    const uri = workspaceFile(snippet.file);
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.languageId, snippet.languageId);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), snippet.prefix));

    const typed = new vscode.Range(0, 0, 0, snippet.prefix.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      uri,
      typed.end,
    );
    const item = list.items.find((candidate) => {
      const label = typeof candidate.label === "string" ? candidate.label : candidate.label.label;
      return label === snippet.prefix && candidate.kind === vscode.CompletionItemKind.Snippet;
    });
    assert.ok(item, `no snippet completion "${snippet.prefix}"`);
    assert.ok(item.insertText instanceof vscode.SnippetString, "the item is not a snippet");
    assert.equal(item.insertText.value, snippet.body);

    assert.ok(await editor.insertSnippet(item.insertText, typed));
    assert.equal(editor.document.getText(), snippet.expectedText);
    assert.ok(await editor.document.save());
    await waitForCodes(uri, []);
    if (snippet.languageId === "python") {
      assertPythonCompiles(editor.document.getText(), snippet.file);
    }
  });
}

/** Compiles `source` with the python3 on PATH, which this suite expects on its machine. */
function assertPythonCompiles(source: string, name: string): void {
  const script = "import sys; compile(sys.stdin.read(), sys.argv[1], 'exec')";
  const result = spawnSync("python3", ["-c", script, name], { input: source, encoding: "utf8" });
  if (result.error !== undefined) {
    throw new Error(`Running python3 failed: ${result.error.message}. Install Python 3.`);
  }
  assert.equal(result.status, 0, `${name} does not compile:\n${result.stderr}`);
}
