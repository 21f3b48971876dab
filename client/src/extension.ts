import * as vscode from "vscode";
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import type { InitializationOptions } from "../../src/common/initializationOptions";
import { SETTINGS_SECTION } from "../../src/common/settings";
import { trustEvaluateSampleLinks } from "./evaluateSample/hoverTrust";
import { EVALUATE_SAMPLE_COMMAND, EVALUATE_SAMPLE_VIEW_TYPE } from "./evaluateSample/ids";
import type { PanelDependencies } from "./evaluateSample/index";

const LANGUAGES = ["python", "typescript", "javascript", "typescriptreact", "javascriptreact"];
const SCHEMES = ["file", "untitled"];

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  // A LogOutputChannel: levels follow the user's "Developer: Set Log Level", and it never opens
  // by itself.
  const log = vscode.window.createOutputChannel("Focal Loss", { log: true });
  context.subscriptions.push(log);

  const serverModule = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6011"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...SCHEMES.flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
      // Python cells of any notebook, such as Jupyter's, synced as notebooks so that the server
      // sees which cell imports what.
      { notebook: "*", language: "python" },
    ],
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions: {
      hoverCommands: [EVALUATE_SAMPLE_COMMAND],
    } satisfies InitializationOptions,
    middleware: {
      // Hovers link to "Evaluate Sample"; only that command may run from them.
      provideHover: async (document, position, token, next) =>
        trustEvaluateSampleLinks(await next(document, position, token)),
    },
  };
  client = new LanguageClient(SETTINGS_SECTION, "Focal Loss", serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand("focalLoss.restartServer", async () => {
      log.info("Restarting the focal-loss language server.");
      await client?.restart();
    }),
  );

  // The panel's code loads on first use, so that activation stays small; tfjs runs only in the
  // webview's own bundle, dist/webview/webview.js.
  const panelDependencies: PanelDependencies = {
    extensionUri: context.extensionUri,
    log,
    sendRequest: async (method, params) => {
      if (client === undefined) {
        throw new Error(
          "the focal-loss language server is not running; run Focal Loss: Restart Server",
        );
      }
      return client.sendRequest(method, params);
    },
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(EVALUATE_SAMPLE_COMMAND, async (...args: unknown[]) => {
      const { openEvaluatePanel } = await import("./evaluateSample/index.js");
      await openEvaluatePanel(panelDependencies, args);
    }),
    vscode.window.registerWebviewPanelSerializer(EVALUATE_SAMPLE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        const { restoreEvaluatePanel } = await import("./evaluateSample/index.js");
        restoreEvaluatePanel(panel, panelDependencies);
      },
    }),
  );

  // Starting the server is not awaited, so activation stays fast; failures go to the log.
  client.start().catch((error: unknown) => {
    log.error(`The focal-loss language server failed to start: ${String(error)}`);
  });
  log.info(`activate() took ${(performance.now() - started).toFixed(1)} ms.`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
