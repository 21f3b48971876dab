import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { CodeActionKind, DidChangeConfigurationNotification } from "vscode-languageserver";
import templateSource from "../../templates/python/focal_loss.py";
import { SETTINGS_SECTION } from "../../src/common/settings";
import { analyzeDocument } from "./analysis/analyzeDocument";
import type { Finding } from "./analysis/finding";
import { DocumentStore } from "./documents/documentStore";
import type { ParsedDocument } from "./documents/parsedDocument";
import { applySettings, toDiagnostic } from "./features/diagnostics";
import {
  FIX_ALL_KIND,
  provideCodeActions,
  SHOW_DOCUMENTATION_COMMAND,
} from "./features/codeActions";
import { hoverAt } from "./features/hover";
import { ImplementationTemplate } from "./fixes/python/implementationTemplate";
import { loadGrammars } from "./parsing/languages";
import { ParserPool } from "./parsing/parserPool";
import { ruleDocumentationUrl } from "./rules/documentation";
import { ruleByCode } from "./rules/registry";
import { SettingsCache } from "./settingsCache";

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket.
const connection = createConnection(ProposedFeatures.all);
const log = connection.console;

let store: DocumentStore | undefined;
let settings: SettingsCache | undefined;
let template: ImplementationTemplate | undefined;

/** Findings last published per URI, with the document version they belong to, for hovers. */
const published = new Map<string, { version: number; findings: Finding[] }>();

connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
  const started = Date.now();
  const parsers = new ParserPool(await loadGrammars(__dirname));
  store = new DocumentStore(parsers);
  template = ImplementationTemplate.parse(templateSource, parsers.get("python"));
  const canPull = params.capabilities.workspace?.configuration === true;
  settings = new SettingsCache(connection, canPull);
  const options = params.initializationOptions as { settings?: unknown } | undefined;
  if (options?.settings !== undefined) {
    settings.push(options.settings);
  }
  log.info(`Focal Loss server loaded its grammars in ${Date.now() - started} ms.`);

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      },
      executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
    },
    serverInfo: { name: "focal-loss-language-server", version: "0.1.0" },
  };
});

connection.onInitialized(() => {
  // Ask for change notifications of our section, so settings take effect without a restart.
  void connection.client
    .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
    .catch(() => undefined);
});

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as Record<string, unknown> | null | undefined)?.[
    SETTINGS_SECTION
  ];
  if (pushed !== undefined) {
    settings?.push(pushed);
  }
  settings?.clear();
  for (const document of store?.all() ?? []) {
    validate(document);
  }
});

connection.onDidOpenTextDocument(({ textDocument }) => {
  const document = store?.open(
    textDocument.uri,
    textDocument.languageId,
    textDocument.version,
    textDocument.text,
  );
  if (document !== undefined) {
    validate(document);
  }
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const document = store?.get(textDocument.uri);
  if (document === undefined) {
    log.warn(`Ignored a change to ${textDocument.uri}, which is not open.`);
    return;
  }
  store?.change(textDocument.uri, textDocument.version, contentChanges);
  validate(document);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  store?.close(textDocument.uri);
  settings?.forget(textDocument.uri);
  published.delete(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }) => {
  const document = store?.get(textDocument.uri);
  const entry = published.get(textDocument.uri);
  if (
    document === undefined ||
    entry === undefined ||
    entry.version !== document.document.version
  ) {
    return null;
  }
  return hoverAt(entry.findings, document.document, position);
});

connection.onCodeAction((params) => {
  const document = store?.get(params.textDocument.uri);
  const entry = published.get(params.textDocument.uri);
  if (
    document === undefined ||
    template === undefined ||
    entry === undefined ||
    entry.version !== document.document.version
  ) {
    return [];
  }
  return provideCodeActions(params, {
    document: document.document,
    tree: document.tree,
    findings: entry.findings,
    template,
  });
});

connection.onExecuteCommand(async ({ command, arguments: args }) => {
  const code = args?.[0];
  if (command !== SHOW_DOCUMENTATION_COMMAND || typeof code !== "string" || !ruleByCode(code)) {
    log.error(`Invalid command ${command} with arguments ${JSON.stringify(args)}.`);
    return;
  }
  const uri = ruleDocumentationUrl(code);
  const shown = await connection.window
    .showDocument({ uri, external: true })
    .catch(() => undefined);
  if (shown?.success !== true) {
    log.warn(`The client did not open ${uri}; open it in a browser to read about ${code}.`);
  }
});

/**
 * Analyses a document now, then publishes once its settings are known. A result that a newer
 * edit has overtaken is dropped, since that edit publishes its own.
 */
function validate(document: ParsedDocument): void {
  const { uri, version } = document.document;
  let findings: Finding[];
  try {
    findings = analyzeDocument(document.grammar, document.tree, document.text);
  } catch (error) {
    log.error(`Analysis of ${uri} (version ${version}) failed: ${(error as Error).stack ?? error}`);
    return;
  }

  void settings?.get(uri).then((resolved) => {
    if (store?.get(uri) !== document || document.document.version !== version) {
      return;
    }
    const shown = applySettings(findings, resolved);
    published.set(uri, { version, findings: shown });
    void connection.sendDiagnostics({
      uri,
      version,
      diagnostics: shown.map((finding) => toDiagnostic(finding, document.document)),
    });
  });
}

connection.listen();
