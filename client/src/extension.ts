import * as vscode from "vscode";
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { SETTINGS_SECTION } from "../../src/common/settings";

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
  };
  client = new LanguageClient(SETTINGS_SECTION, "Focal Loss", serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand("focalLoss.restartServer", async () => {
      log.info("Restarting the focal-loss language server.");
      await client?.restart();
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
