// A lone CR is a line break to LSP and to Python but not to tree-sitter, so a fix computed from
// the tree would insert code in the wrong place. No fix may be offered for such a file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { CodeAction } from "vscode-languageserver-protocol/node";
import { LspClient } from "../helpers/lspClient";
import { requireBuild } from "../helpers/paths";

const SERVER_PATH = requireBuild("server.js");
const CLI_PATH = requireBuild("cli.js");
const URI = "file:///workspace/train.py";

/** FL001 and FL003 on lines 5 and 6, with classic Mac OS line endings. */
const CR_ONLY_SOURCE = [
  "import torch",
  "import torch.nn as nn",
  "import tensorflow as tf",
  "",
  "criterion = nn.FocalLoss(gamma=2)",
  "loss = tf.keras.losses.BinaryFocalLoss(apply_class_balancing=True)",
  "",
].join("\r");

test("lone CR file gets no fix", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  await client.openDocument(URI, CR_ONLY_SOURCE);
  const publish = await client.waitForDiagnostics(URI, (item) => item.version === 1);
  assert.equal(publish.diagnostics.length, 2, "the findings themselves are still reported");

  const quickFixes = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });
  const withEdits = quickFixes.filter((action) => action.edit !== undefined);
  assert.deepEqual(
    withEdits.map((action) => action.title),
    [],
    "an edit was offered for a file with lone CR line endings",
  );
  assert.ok(quickFixes.length > 0, "the documentation actions are missing");

  const fixAll = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: publish.diagnostics[0].range,
    context: { diagnostics: [], only: ["source.fixAll.focalLoss"] },
  });
  assert.deepEqual(fixAll, []);
  await client.shutdown();
});

test("CLI skips lone CR file", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "focal-cr-")), "train.py");
  writeFileSync(file, CR_ONLY_SOURCE);

  const result = spawnSync(process.execPath, [CLI_PATH, "--fix", file], { encoding: "utf8" });

  assert.equal(readFileSync(file, "utf8"), CR_ONLY_SOURCE, "the file was changed");
  assert.match(result.stderr, /skipped fixing .*train\.py: the file has lone CR line endings/);
  assert.match(result.stderr, /Convert it to LF or CRLF line endings/);
  assert.match(result.stderr, /Fixed 0 problems in 0 files; 2 remain\./);
  assert.equal(result.status, 1);
});

test("CLI fixes CRLF file", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "focal-crlf-")), "train.py");
  writeFileSync(file, CR_ONLY_SOURCE.replace(/\r/g, "\r\n"));

  const result = spawnSync(process.execPath, [CLI_PATH, "--fix", file], { encoding: "utf8" });

  assert.doesNotMatch(result.stderr, /skipped fixing/);
  assert.match(result.stderr, /Fixed 2 problems in 1 file; 0 remain\./);
  assert.match(readFileSync(file, "utf8"), /\r\nclass FocalLoss\(nn\.Module\):\r\n/);
});
