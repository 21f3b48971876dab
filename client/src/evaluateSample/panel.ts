import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import {
  validateWebviewMessage,
  type CursorMessage,
  type ExtensionMessage,
  type WebviewMessage,
} from "../../../src/webview/messages";
import { renderPage } from "../../../src/webview/pageHtml";
import { isSupportedEditor, targetOf } from "./cursorTarget";
import { EVALUATE_SAMPLE_VIEW_TYPE } from "./ids";
import { readCursorParameters, type SendRequest } from "./readParameters";

export interface PanelDependencies {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  sendRequest: SendRequest;
}

const TITLE = "Focal Loss: Evaluate Sample";
// Log lines a page may send, so that a misbehaving page cannot flood the output channel.
const MAX_LOG_LINES = 200;

/**
 * The "Evaluate Sample" webview panel, of which there is at most one. It serves the page from
 * dist/webview/, validates and handles the page's messages, and reads the parameters
 * at the cursor through the language server.
 */
export class EvaluatePanel {
  private static current: EvaluatePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private lastEditor: vscode.TextEditor | undefined;
  private logLines = 0;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly dependencies: PanelDependencies,
    /** The message sent when the page is ready; undefined after a reload, so the page keeps its restored state. */
    private cursor: CursorMessage | undefined,
  ) {
    const webviewRoot = vscode.Uri.joinPath(dependencies.extensionUri, "dist", "webview");
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.webview.html = this.html(webviewRoot);
    this.lastEditor = isSupportedEditor(vscode.window.activeTextEditor)
      ? vscode.window.activeTextEditor
      : undefined;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      // The panel has focus when the page requests the cursor again, so the last editor is kept.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (isSupportedEditor(editor)) {
          this.lastEditor = editor;
        }
      }),
    );
  }

  /** Opens the panel, or reveals it, on the focal-loss call that the command's arguments name. */
  static async open(dependencies: PanelDependencies, args: readonly unknown[]): Promise<void> {
    const cursor = await readCursorParameters(
      targetOf(args),
      dependencies.sendRequest,
      dependencies.log,
    );
    const current = EvaluatePanel.current;
    if (current !== undefined) {
      current.cursor = cursor;
      current.panel.reveal(undefined, false);
      await current.post(cursor);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      EVALUATE_SAMPLE_VIEW_TYPE,
      TITLE,
      vscode.ViewColumn.Beside,
    );
    EvaluatePanel.current = new EvaluatePanel(panel, dependencies, cursor);
    dependencies.log.info("Opened the Evaluate Sample panel.");
  }

  /** Takes over a panel that VS Code restored after a window reload; the page keeps its state. */
  static restore(panel: vscode.WebviewPanel, dependencies: PanelDependencies): void {
    EvaluatePanel.current?.panel.dispose();
    EvaluatePanel.current = new EvaluatePanel(panel, dependencies, undefined);
    dependencies.log.info("Restored the Evaluate Sample panel after a reload.");
  }

  private html(webviewRoot: vscode.Uri): string {
    const webview = this.panel.webview;
    const uriOf = (file: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, file)).toString();
    return renderPage({
      nonce: randomBytes(16).toString("base64"),
      resourceSource: webview.cspSource,
      scriptUri: uriOf("webview.js"),
      styleUri: uriOf("webview.css"),
      wasmDirectoryUri: `${webview.asWebviewUri(webviewRoot).toString()}/`,
    });
  }

  private async receive(raw: unknown): Promise<void> {
    let message: WebviewMessage;
    try {
      message = validateWebviewMessage(raw);
    } catch (error) {
      this.dependencies.log.warn(
        `Ignored an invalid message from the Evaluate Sample page: ${(error as Error).message}`,
      );
      return;
    }

    switch (message.type) {
      case "ready":
        if (this.cursor !== undefined) {
          await this.post(this.cursor);
        }
        return;
      case "readCursor": {
        const editor = isSupportedEditor(vscode.window.activeTextEditor)
          ? vscode.window.activeTextEditor
          : this.lastEditor;
        this.cursor = await readCursorParameters(
          targetOf([], editor),
          this.dependencies.sendRequest,
          this.dependencies.log,
        );
        await this.post(this.cursor);
        return;
      }
      case "copy":
        await this.copy(message.format, message.text);
        return;
      case "log":
        this.logFromPage(message.level, message.message);
        return;
    }
  }

  private async copy(format: "markdown" | "json", text: string): Promise<void> {
    try {
      await vscode.env.clipboard.writeText(text);
      this.dependencies.log.info(
        `Copied the evaluation results as ${format} (${text.length} characters).`,
      );
      await this.post({ type: "copyResult", format, error: null });
    } catch (error) {
      this.dependencies.log.error(`Copying the evaluation results failed: ${String(error)}`);
      await this.post({ type: "copyResult", format, error: (error as Error).message });
    }
  }

  private logFromPage(level: "info" | "warning" | "error", text: string): void {
    const log = this.dependencies.log;
    this.logLines++;
    if (this.logLines === MAX_LOG_LINES + 1) {
      log.warn(
        `The Evaluate Sample page sent more than ${MAX_LOG_LINES} log lines; the rest are dropped.`,
      );
    }
    if (this.logLines > MAX_LOG_LINES) {
      return;
    }
    const line = `Evaluate Sample: ${text}`;
    if (level === "error") {
      log.error(line);
    } else if (level === "warning") {
      log.warn(line);
    } else {
      log.info(line);
    }
  }

  private async post(message: ExtensionMessage): Promise<void> {
    // A hidden page is rebuilt when shown again and then requests the cursor with "ready".
    await this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (EvaluatePanel.current === this) {
      EvaluatePanel.current = undefined;
    }
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }
}
