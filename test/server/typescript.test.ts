import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, type TestContext } from "node:test";
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

test("compile loss hover shows names and signatures", async (t) => {
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
  assert.match(value, /\(yTrue: tf\.Tensor, yPred: tf\.Tensor\) => tf\.Tensor/);
  assert.match(value, /function focalLoss\(yTrue: tf\.Tensor, yPred: tf\.Tensor, gamma = 2/);
  assert.match(value, /function binaryFocalLoss\(yTrue: tf\.Tensor/);
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

/** Opens `text` and returns the quick fixes of its only diagnostic, with the fixed text of each. */
async function quickFixesOf(
  t: TestContext,
  text: string,
  languageId = "typescript",
): Promise<{ title: string; preferred: boolean; fixed: string }[]> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const uri = `file:///workspace/model.${languageId === "typescript" ? "ts" : "js"}`;
  await client.openDocument(uri, text, languageId);
  const publish = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });
  await client.shutdown();

  const document = TextDocument.create(uri, languageId, 1, text);
  return actions
    .filter((action) => action.edit !== undefined && !action.title.startsWith("Suppress"))
    .map((action) => ({
      title: action.title,
      preferred: action.isPreferred === true,
      fixed: TextDocument.applyEdits(
        document,
        (action.edit?.documentChanges as TextDocumentEdit[])[0].edits as TextEdit[],
      ),
    }));
}

const HEADER = 'import * as tf from "@tensorflow/tfjs";\n\nconst model = tf.sequential();\n';

test("binary loss name inserts binaryFocalLoss", async (t) => {
  const text = HEADER + 'model.compile({ optimizer: "adam", loss: "binaryFocalCrossentropy" });\n';

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.equal(
    fixes[0].title,
    "Insert a tested binaryFocalLoss function and use it (0/1 or multi-label targets, sigmoid outputs)",
  );
  assert.equal(fixes[0].preferred, true);
  assert.match(fixes[0].fixed, /\nfunction binaryFocalLoss\(/);
  assert.doesNotMatch(fixes[0].fixed, /function focalLoss\(/);
  assert.match(fixes[0].fixed, /loss: binaryFocalLoss \}/);
});

test("const compile options get the fix", async (t) => {
  const text =
    HEADER +
    'const options = { optimizer: "adam", loss: "binaryFocalCrossentropy" };\n' +
    "model.compile(options);\n";

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].preferred, true);
  assert.match(fixes[0].fixed, /const options = \{ optimizer: "adam", loss: binaryFocalLoss \};/);
});

test("destructured tf.losses has no fix", async (t) => {
  const text =
    'import * as tf from "@tensorflow/tfjs";\n' +
    "const { sigmoidFocalLoss } = tf.losses;\n" +
    "sigmoidFocalLoss(labels, predictions);\n";

  const fixes = await quickFixesOf(t, text);

  assert.deepEqual(fixes, []);
});

test("sigmoid output settles plain focalLoss", async (t) => {
  const text =
    HEADER +
    'model.add(tf.layers.dense({ units: 1, inputShape: [4], activation: "sigmoid" }));\n' +
    'model.compile({ optimizer: "adam", loss: "focalLoss" });\n';

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].preferred, true);
  assert.match(fixes[0].fixed, /loss: binaryFocalLoss \}/);
});

test("unsettled focalLoss offers both kinds", async (t) => {
  const text = HEADER + 'model.compile({ optimizer: "adam", loss: "focalLoss" });\n';

  const fixes = await quickFixesOf(t, text);

  assert.deepEqual(
    fixes.map((fix) => [fix.title, fix.preferred]),
    [
      ["Insert a tested focalLoss function and use it (one-hot targets, softmax outputs)", false],
      [
        "Insert a tested binaryFocalLoss function and use it (0/1 or multi-label targets, sigmoid outputs)",
        false,
      ],
    ],
  );
  assert.match(fixes[0].fixed, /loss: focalLoss \}/);
  assert.match(fixes[1].fixed, /loss: binaryFocalLoss \}/);
});

test("user focalLoss is not called", async (t) => {
  const text =
    HEADER +
    "function focalLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {\n" +
    "  return tf.losses.logLoss(yTrue, yPred);\n}\n" +
    'model.add(tf.layers.dense({ units: 3, inputShape: [4], activation: "softmax" }));\n' +
    'model.compile({ optimizer: "adam", loss: "focalLoss" });\n';

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.equal(
    fixes[0].title,
    "Insert a tested focalLoss function as focalLoss2 and use it (one-hot targets, softmax outputs)",
  );
  assert.match(fixes[0].fixed, /\nfunction focalLoss2\(/);
  assert.match(fixes[0].fixed, /loss: focalLoss2 \}/);
  assert.match(fixes[0].fixed, /return tf\.losses\.logLoss\(yTrue, yPred\);/);
});

test("tf.losses call keeps its scalar", async (t) => {
  const text =
    'import * as tf from "@tensorflow/tfjs";\n' +
    "const loss = tf.losses.sigmoidFocalCrossEntropy(labels, logits);\n";

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.match(
    fixes[0].fixed,
    /const loss = binaryFocalLoss\(labels, logits, 2, null, \{ fromLogits: true \}\)\.mean\(\);/,
  );
});

test("Keras categorical name states alpha", async (t) => {
  const text =
    'import * as tf from "@tensorflow/tfjs";\n' +
    "const model = tf.sequential();\n" +
    'model.compile({ optimizer: "adam", loss: "categorical_focal_crossentropy" });\n';

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.match(fixes[0].title, /Keras's CategoricalFocalCrossentropy defaults to alpha 0\.25/);
  assert.match(fixes[0].fixed, /loss: focalLoss \}/);
});

test("plain focal name omits Keras alpha", async (t) => {
  const text =
    'import * as tf from "@tensorflow/tfjs";\n' +
    "const loss = tf.losses.softmaxFocalLoss(labels, logits);\n";

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.doesNotMatch(fixes[0].title, /alpha/);
});

test("Addons spelling keeps probabilities", async (t) => {
  const text =
    'import * as tf from "@tensorflow/tfjs";\n' +
    "const loss = tf.losses.sigmoid_focal_crossentropy(labels, probabilities);\n";

  const fixes = await quickFixesOf(t, text);

  assert.equal(fixes.length, 1);
  assert.match(fixes[0].fixed, /const loss = binaryFocalLoss\(labels, probabilities\)\.mean\(\);/);
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
    ["Insert a tested focalLoss function and use it (one-hot targets, softmax outputs)"],
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
