import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import type {
  CodeAction,
  MarkupContent,
  TextDocumentEdit,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "../helpers/lspClient";
import { FIXTURES, requireBuild } from "../helpers/paths";

const SERVER_PATH = requireBuild("server.js");
const REPORTED_CASE = readFileSync(
  path.join(FIXTURES, "typescript", "reported_unknown_loss.ts"),
  "utf8",
);

test("unknown compile loss is flagged", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const uri = "file:///workspace/model.ts";

  await client.openDocument(uri, REPORTED_CASE, "typescript");
  const publish = await client.waitForDiagnostics(uri, (item) => item.version === 1);

  assert.equal(publish.diagnostics.length, 1);
  assert.equal(publish.diagnostics[0].code, "FL004");
  assert.deepEqual(publish.diagnostics[0].range, {
    start: { line: 4, character: 41 },
    end: { line: 4, character: 52 },
  });
  assert.match(String(publish.diagnostics[0].message), /Unknown loss focalLoss/);
  await client.shutdown();
});

test("compile loss hover lists accepted names", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const uri = "file:///workspace/model.ts";
  await client.openDocument(uri, REPORTED_CASE, "typescript");
  await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);

  const hover = await client.hover(uri, { line: 4, character: 45 });

  const value = (hover?.contents as MarkupContent | undefined)?.value ?? "";
  assert.match(value, /FL004/);
  assert.match(value, /`categoricalCrossentropy`/);
  assert.match(value, /FL\(p_t\)/);
  await client.shutdown();
});

test("javascript suppression uses a line comment", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const uri = "file:///workspace/train.js";
  const text = 'const tf = require("@tensorflow/tfjs");\nconst loss = tf.losses.focalLoss;\n';
  await client.openDocument(uri, text, "javascript");
  const publish = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);

  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });
  const suppress = actions.find((action) => action.title === "Suppress FL004 on this line");
  const edit = (suppress?.edit?.documentChanges as TextDocumentEdit[] | undefined)?.[0].edits[0];

  assert.deepEqual(edit, {
    range: { start: { line: 1, character: 33 }, end: { line: 1, character: 33 } },
    newText: " // focal-loss-ignore FL004",
  });
  await client.shutdown();
});

test("compile loss quick fix inserts focalLoss", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const uri = "file:///workspace/model.ts";
  await client.openDocument(uri, REPORTED_CASE, "typescript");
  const publish = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);

  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });

  const preferred = actions.filter((action) => action.isPreferred === true);
  assert.deepEqual(
    preferred.map((action) => action.title),
    ["Insert a focalLoss function and use it as the loss"],
  );
  const edits = (preferred[0].edit?.documentChanges as TextDocumentEdit[])[0].edits;
  const document = TextDocument.create(uri, "typescript", 1, REPORTED_CASE);
  const fixed = TextDocument.applyEdits(document, edits as TextEdit[]);
  const expected = readFileSync(
    path.join(FIXTURES, "typescript-fixes", "reported_unknown_loss.out.ts"),
    "utf8",
  );
  assert.equal(fixed, expected);
  await client.shutdown();
});
