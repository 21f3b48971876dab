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
import {
  EVALUATE_SAMPLE_COMMAND,
  type InitializationOptions,
} from "../../src/common/initializationOptions";
import { analyzeDocument } from "./analysis/analyzeDocument";
import { earlierCellsScope } from "./analysis/python/earlierCellsScope";
import type { OuterScope } from "./analysis/python/nameResolver";
import type { Finding } from "./analysis/finding";
import { bindsNamesLocally, startsWithNonPythonCellMagic } from "./documents/cellMagic";
import { DocumentStore } from "./documents/documentStore";
import { NotebookStore } from "./documents/notebookStore";
import { MAX_PARSED_LENGTH, type ParsedDocument } from "./documents/parsedDocument";
import { applySettings, toDiagnostic } from "./features/diagnostics";
import {
  FIX_ALL_KIND,
  provideCodeActions,
  SHOW_DOCUMENTATION_COMMAND,
} from "./features/codeActions";
import { hoverAt } from "./features/hover";
import { PARAMETERS_AT_CURSOR_METHOD, parametersAtCursor } from "./features/parametersAtCursor";
import { parseFixTemplates, type FixTemplates } from "./fixes/fixTemplates";
import { loadGrammars } from "./parsing/languages";
import { ParserPool } from "./parsing/parserPool";
import { ruleDocumentationUrl } from "./rules/documentation";
import { ruleByCode } from "./rules/registry";
import { SettingsCache } from "./settingsCache";
import { exitUnlessTransportGiven } from "./serverUsage";

exitUnlessTransportGiven(process.argv.slice(2));

// createConnection picks the transport from the command line: --stdio, --node-ipc or --socket.
const connection = createConnection(ProposedFeatures.all);
const log = connection.console;

let store: DocumentStore | undefined;
let settings: SettingsCache | undefined;
let templates: FixTemplates | undefined;
const notebooks = new NotebookStore();

/** Findings last published per URI, with the document version they belong to, for hovers. */
const published = new Map<string, { version: number; findings: Finding[] }>();

/** Open documents over MAX_PARSED_LENGTH, each logged once until it is short enough again. */
const tooLargeLogged = new Set<string>();

connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
  const started = Date.now();
  const parsers = new ParserPool(await loadGrammars(__dirname));
  store = new DocumentStore(parsers);
  templates = parseFixTemplates(
    { python: templateSource, functions: __FUNCTION_TEMPLATES__ },
    parsers.get("python"),
  );
  const canPull = params.capabilities.workspace?.configuration === true;
  canRegisterConfiguration =
    params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  settings = new SettingsCache(connection, canPull, (uri) => {
    const document = store?.get(uri);
    if (document !== undefined) {
      validate(document);
    }
  });
  const options = params.initializationOptions as InitializationOptions | undefined;
  settings.push(options?.settings);
  linkEvaluateSample =
    Array.isArray(options?.hoverCommands) &&
    options.hoverCommands.includes(EVALUATE_SAMPLE_COMMAND);
  log.info(`Focal Loss server loaded its grammars in ${Date.now() - started} ms.`);

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      },
      executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
      notebookDocumentSync: {
        notebookSelector: [{ notebook: "*", cells: [{ language: "python" }] }],
      },
    },
    serverInfo: { name: "focal-loss-language-server", version: "0.1.0" },
  };
});

let canRegisterConfiguration = false;

/** Whether the client runs the "Evaluate Sample" command from hover links, as VS Code does. */
let linkEvaluateSample = false;

connection.onInitialized(() => {
  // Ask for change notifications of our section, so settings take effect without a restart.
  if (canRegisterConfiguration) {
    void connection.client
      .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
      .catch((error: unknown) =>
        log.warn(`Registering for settings changes failed: ${String(error)}`),
      );
  }
});

connection.onDidChangeConfiguration((change) => {
  settings?.push(change.settings);
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

connection.onDidCloseTextDocument(({ textDocument }) => closeDocument(textDocument.uri));

function closeDocument(uri: string): void {
  store?.close(uri);
  settings?.forget(uri);
  published.delete(uri);
  tooLargeLogged.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
}

function validateNotebook(notebookUri: string): void {
  for (const uri of notebooks.cells(notebookUri)) {
    const cell = store?.get(uri);
    if (cell !== undefined) {
      validate(cell);
    }
  }
}

/** Returns whether a document is a notebook cell that a cell magic such as `%%bash` runs. */
function isCellMagicCell(document: ParsedDocument): boolean {
  return notebooks.isCell(document.document.uri) && startsWithNonPythonCellMagic(document.text);
}

/**
 * Returns the Python cells before a notebook cell, nearest first, without the cells whose names
 * do not reach later cells: cell-magic cells that are not Python, and `%%timeit` cells.
 */
function earlierPythonCells(uri: string): ParsedDocument[] {
  return notebooks
    .cellsBefore(uri)
    .map((cellUri) => store?.get(cellUri))
    .filter(
      (cell): cell is ParsedDocument =>
        cell !== undefined &&
        cell.grammar === "python" &&
        !isCellMagicCell(cell) &&
        !bindsNamesLocally(cell.text),
    );
}

/** Resolves names a notebook cell leaves unbound through the cells before it, nearest first. */
function earlierCells(uri: string): OuterScope | undefined {
  return earlierCellsScope(earlierPythonCells(uri));
}

connection.notebooks.synchronization.onDidOpenNotebookDocument(
  ({ notebookDocument, cellTextDocuments }) => {
    notebooks.open(notebookDocument.uri, notebookDocument.cells);
    for (const cell of cellTextDocuments) {
      store?.open(cell.uri, cell.languageId, cell.version, cell.text, true);
    }
    validateNotebook(notebookDocument.uri);
  },
);

connection.notebooks.synchronization.onDidChangeNotebookDocument(({ notebookDocument, change }) => {
  const structure = change.cells?.structure;
  if (structure !== undefined) {
    notebooks.splice(notebookDocument.uri, structure.array);
    for (const cell of structure.didOpen ?? []) {
      store?.open(cell.uri, cell.languageId, cell.version, cell.text, true);
    }
    for (const cell of structure.didClose ?? []) {
      closeDocument(cell.uri);
    }
  }
  for (const { document, changes } of change.cells?.textContent ?? []) {
    store?.change(document.uri, document.version, changes);
  }
  // A cell's imports serve the cells after it, so every cell is checked again.
  validateNotebook(notebookDocument.uri);
});

connection.notebooks.synchronization.onDidCloseNotebookDocument(({ notebookDocument }) => {
  for (const uri of notebooks.close(notebookDocument.uri)) {
    closeDocument(uri);
  }
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
  return hoverAt(entry.findings, document.document, position, linkEvaluateSample);
});

connection.onRequest(PARAMETERS_AT_CURSOR_METHOD, (params) => parametersAtCursor(store, params));

connection.onCodeAction((params) => {
  const document = store?.get(params.textDocument.uri);
  const entry = published.get(params.textDocument.uri);
  if (
    document === undefined ||
    templates === undefined ||
    entry === undefined ||
    entry.version !== document.document.version
  ) {
    return [];
  }
  return provideCodeActions(params, {
    document: document.document,
    tree: document.tree,
    findings: entry.findings,
    templates,
    outerScope: earlierCells(params.textDocument.uri),
    earlierCells: earlierPythonCells(params.textDocument.uri),
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
 * edit has overtaken is dropped, since that edit publishes its own. A document over
 * MAX_PARSED_LENGTH is not analysed and gets an empty list.
 */
function validate(document: ParsedDocument): void {
  const { uri, version } = document.document;
  let findings: Finding[] = [];
  if (document.isTooLarge) {
    logTooLarge(document);
  } else if (isCellMagicCell(document)) {
    // The cell is shell or other non-Python text, so it gets no findings and no fixes.
    tooLargeLogged.delete(uri);
  } else {
    tooLargeLogged.delete(uri);
    try {
      findings = analyzeDocument(document.grammar, document.tree, document.text, earlierCells(uri));
    } catch (error) {
      log.error(
        `Analysis of ${uri} (version ${version}) failed: ${(error as Error).stack ?? error}`,
      );
      return;
    }
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

/** Logs once per document that it is too long to analyse, so its diagnostics stay empty. */
function logTooLarge(document: ParsedDocument): void {
  const { uri } = document.document;
  if (tooLargeLogged.has(uri)) {
    return;
  }
  tooLargeLogged.add(uri);
  log.warn(
    `Skipped analysing ${uri}: it has ${document.text.length} characters, more than the ` +
      `${MAX_PARSED_LENGTH} the server parses. It gets no diagnostics until it is shorter.`,
  );
}

connection.listen();
