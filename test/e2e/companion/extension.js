// A test-only extension that the end-to-end tests install beside Focal Loss. It handles requests
// that the tests write as JSON files, so they can assert on VS Code's own state (diagnostics,
// hovers, code actions, document text) instead of scraping the screen, and it records every TCP
// connection that an extension in this extension host opens.
//
// Protocol, in the folder named by FOCAL_LOSS_E2E_COMPANION_DIR: the test writes
// requests/<id>.json as { "id", "method", "params" }; the companion answers in
// responses/<id>.json with { "id", "ok": true, "result" } or { "id", "ok": false, "error" }.
// Both sides write to a temporary name and rename, so a reader never sees half a file.

/* eslint-disable @typescript-eslint/no-require-imports -- VS Code loads this file as CommonJS. */
/* global setInterval, clearInterval */
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const path = require("node:path");
const vscode = require("vscode");

const PRODUCT_ID = "focal-loss-tools.focal-loss";
const POLL_INTERVAL_MS = 100;

/** Every TCP connection opened in this extension host since the companion loaded. */
const connections = [];

// Patched at load time, before the tests open a Python file and so before the product activates.
// Every TCP client in Node, including http, https, tls and fetch, calls net.Socket's connect, so
// the patch records them all. A Unix socket or pipe, such as the language server's IPC channel,
// has a path instead of a host and is skipped.
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const target = connectTarget(args);
  if (target !== undefined) {
    connections.push({ ...target, at: new Date().toISOString() });
  }
  return originalConnect.apply(this, args);
};

/** Reads host and port from the forms connect accepts, or returns undefined for a pipe. */
function connectTarget(args) {
  // net.connect passes its normalized arguments to connect as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "object" && first !== null) {
    // Node treats a truthy path as a pipe, and http passes path: null for TCP.
    return first.path ? undefined : { host: first.host ?? "localhost", port: Number(first.port) };
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    return { host: typeof args[1] === "string" ? args[1] : "localhost", port: Number(first) };
  }
  return undefined;
}

function activate(context) {
  const root = process.env.FOCAL_LOSS_E2E_COMPANION_DIR;
  if (!root) {
    console.error("FOCAL_LOSS_E2E_COMPANION_DIR is not set, so the e2e companion stays idle.");
    return;
  }
  const requests = path.join(root, "requests");
  const responses = path.join(root, "responses");
  fs.mkdirSync(requests, { recursive: true });
  fs.mkdirSync(responses, { recursive: true });

  const inFlight = new Set();
  const timer = setInterval(() => {
    for (const name of fs.readdirSync(requests)) {
      if (name.endsWith(".json") && !inFlight.has(name)) {
        inFlight.add(name);
        answer(path.join(requests, name), responses).finally(() => inFlight.delete(name));
      }
    }
  }, POLL_INTERVAL_MS);
  context.subscriptions.push({ dispose: () => clearInterval(timer) });

  writeJsonAtomically(path.join(root, "ready.json"), {
    vscodeVersion: vscode.version,
    extensionHostPid: process.pid,
  });
}

async function answer(requestPath, responses) {
  const request = JSON.parse(fs.readFileSync(requestPath, "utf8"));
  let response;
  try {
    const result = await METHODS[request.method](request.params ?? {});
    response = { id: request.id, ok: true, result: result ?? null };
  } catch (error) {
    const message = METHODS[request.method]
      ? String(error && error.stack ? error.stack : error)
      : `Unknown method "${request.method}"; use one of ${Object.keys(METHODS).join(", ")}.`;
    response = { id: request.id, ok: false, error: message };
  }
  fs.rmSync(requestPath, { force: true });
  writeJsonAtomically(path.join(responses, `${request.id}.json`), response);
}

function writeJsonAtomically(file, value) {
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(value, null, 2));
  fs.renameSync(temporary, file);
}

function workspaceUri(relativePath) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error("No workspace folder is open.");
  }
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

function toRange(range) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function toDiagnostic(diagnostic) {
  // With a codeDescription, VS Code exposes the code as { value, target }.
  const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
  return {
    code,
    message: diagnostic.message,
    severity: vscode.DiagnosticSeverity[diagnostic.severity],
    source: diagnostic.source,
    range: toRange(diagnostic.range),
  };
}

function hoverText(hover) {
  return hover.contents
    .map((content) => (typeof content === "string" ? content : content.value))
    .join("\n");
}

const METHODS = {
  /** Reports whether the product is installed and active, and the connections recorded so far. */
  async status() {
    const product = vscode.extensions.getExtension(PRODUCT_ID);
    return {
      productInstalled: product !== undefined,
      productActive: product?.isActive ?? false,
      connections,
    };
  },

  /**
   * Sends one GET to `url` from this extension host, so the test can check that the connection
   * hook above records connections at all. Only loopback URLs are accepted.
   */
  async requestLoopback({ url }) {
    const parsed = new URL(url);
    if (parsed.hostname !== "127.0.0.1") {
      throw new Error(`requestLoopback accepts only http://127.0.0.1 URLs, not ${url}.`);
    }
    return new Promise((resolve, reject) => {
      http
        .get(parsed, (response) => {
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode }));
        })
        .on("error", reject);
    });
  },

  async openDocument({ file }) {
    const document = await vscode.workspace.openTextDocument(workspaceUri(file));
    await vscode.window.showTextDocument(document, { preview: false });
    return { languageId: document.languageId };
  },

  async documentState({ file }) {
    const uri = workspaceUri(file).toString();
    const document = vscode.workspace.textDocuments.find((item) => item.uri.toString() === uri);
    if (!document) {
      throw new Error(`${file} is not open; call openDocument first.`);
    }
    return { text: document.getText(), isDirty: document.isDirty };
  },

  async diagnostics({ file }) {
    return vscode.languages.getDiagnostics(workspaceUri(file)).map(toDiagnostic);
  },

  async hover({ file, line, character }) {
    const hovers = await vscode.commands.executeCommand(
      "vscode.executeHoverProvider",
      workspaceUri(file),
      new vscode.Position(line, character),
    );
    return hovers.map(hoverText);
  },

  async codeActions({ file, line, character }) {
    const position = new vscode.Position(line, character);
    const actions = await vscode.commands.executeCommand(
      "vscode.executeCodeActionProvider",
      workspaceUri(file),
      new vscode.Range(position, position),
    );
    return actions.map((action) => ({
      title: action.title,
      kind: action.kind?.value,
      isPreferred: action.isPreferred === true,
    }));
  },

  /** Lists the completion items at a position whose label starts with `prefix`. */
  async completionItems({ file, line, character, prefix }) {
    const list = await vscode.commands.executeCommand(
      "vscode.executeCompletionItemProvider",
      workspaceUri(file),
      new vscode.Position(line, character),
    );
    return list.items
      .map((item) => ({
        label: typeof item.label === "string" ? item.label : item.label.label,
        description: typeof item.label === "string" ? null : (item.label.description ?? null),
        kind: vscode.CompletionItemKind[item.kind],
        detail: item.detail ?? null,
        snippet: item.insertText instanceof vscode.SnippetString ? item.insertText.value : null,
      }))
      .filter((item) => item.label.startsWith(prefix));
  },

  async updateSetting({ section, key, value, file }) {
    const uri = workspaceUri(file);
    await vscode.workspace
      .getConfiguration(section, uri)
      .update(key, value, vscode.ConfigurationTarget.Workspace);
    // A configuration object is a snapshot, so the updated value needs a new one.
    return vscode.workspace.getConfiguration(section, uri).inspect(key)?.workspaceValue ?? null;
  },
};

function deactivate() {}

module.exports = { activate, deactivate };
