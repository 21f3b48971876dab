import {
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import { DidChangeConfigurationNotification } from "vscode-languageserver";
import { SETTINGS_SECTION } from "../../src/common/settings";
import { analyzeDocument } from "./analysis/analyzeDocument";
import type { Finding } from "./analysis/finding";
import { DocumentStore } from "./documents/documentStore";
import type { ParsedDocument } from "./documents/parsedDocument";
import { applySettings, toDiagnostic } from "./features/diagnostics";
import { hoverAt } from "./features/hover";
import { loadGrammars } from "./parsing/languages";
import { SettingsCache } from "./settingsCache";

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket.
const connection = createConnection(ProposedFeatures.all);
const log = connection.console;

let store: DocumentStore | undefined;
let settings: SettingsCache | undefined;

/** Findings last published per URI, with the document version they belong to, for hovers. */
const published = new Map<string, { version: number; findings: Finding[] }>();

connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
  const started = Date.now();
  store = new DocumentStore(await loadGrammars(__dirname));
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
