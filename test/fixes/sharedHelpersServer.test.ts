// Fixes FL001 and FL002 of one file one after the other through the server over stdio, as an
// editor applies them. The class and the function share helpers such as `_compute_dtype`, so the
// second fix must reuse what the first inserted.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, type TestContext } from "node:test";
import type { CodeAction, PublishDiagnosticsParams } from "vscode-languageserver-protocol/node";
import { applyCodeAction } from "../helpers/codeActionEdits";
import { LspClient } from "../helpers/lspClient";
import { FIXTURES, requireBuild } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

const SERVER_PATH = requireBuild("server.js");
const URI = "file:///workspace/train.py";
const FIXTURE = path.join(FIXTURES, "python-fixes", "class_and_function");
const BEFORE = readFileSync(`${FIXTURE}.in.py`, "utf8");
const FIXED_ALL_AT_ONCE = readFileSync(`${FIXTURE}.out.py`, "utf8");

function requestActions(client: LspClient, publish: PublishDiagnosticsParams, only: string[]) {
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    // The server offers the actions of the findings in the range, so the range is the first
    // diagnostic's, or the whole file when there is none.
    range: publish.diagnostics[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: Number.MAX_SAFE_INTEGER, character: 0 },
    },
    context: { diagnostics: publish.diagnostics, only },
  });
}

/** Applies the preferred quick fix of the first `code` finding and returns the new text. */
async function applyPreferredFix(
  client: LspClient,
  text: string,
  version: number,
  code: string,
): Promise<string> {
  const publish = await client.waitForDiagnostics(URI, (item) => item.version === version);
  const diagnostic = publish.diagnostics.find((item) => item.code === code);
  assert.ok(diagnostic !== undefined, `no ${code} finding in version ${version}`);

  const actions = await requestActions(client, { ...publish, diagnostics: [diagnostic] }, [
    "quickfix",
  ]);
  const preferred = actions.find((action) => action.isPreferred === true);
  assert.ok(preferred !== undefined, `no preferred fix for ${code} in version ${version}`);
  const fixed = applyCodeAction(URI, text, preferred);
  await client.changeDocument(URI, version + 1, [{ text: fixed }]);
  return fixed;
}

async function fixInOrder(t: TestContext, codes: string[]): Promise<string> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  await client.openDocument(URI, BEFORE);
  let text = BEFORE;
  let version = 1;
  for (const code of codes) {
    text = await applyPreferredFix(client, text, version, code);
    version++;
  }

  const after = await client.waitForDiagnostics(URI, (item) => item.version === version);
  assert.deepEqual(after.diagnostics, [], "findings remain after both fixes");
  const fixAll = await requestActions(client, after, ["source.fixAll.focalLoss"]);
  assert.deepEqual(fixAll, [], "fixing again would change the file");
  await client.shutdown();
  return text;
}

function assertEachHelperOnce(text: string): void {
  for (const name of [
    "_validate_focal_loss_options",
    "_focal_modulating_factor",
    "_compute_dtype",
  ]) {
    const definitions = text.match(new RegExp(`^def ${name}\\(`, "gm")) ?? [];
    assert.equal(definitions.length, 1, `${name} is defined ${definitions.length} times`);
  }
}

for (const codes of [
  ["FL001", "FL002"],
  ["FL002", "FL001"],
]) {
  test(`fix ${codes.join(" then ")} reuses helpers`, async (t) => {
    const fixed = await fixInOrder(t, codes);

    assertEachHelperOnce(fixed);
    assert.match(fixed, /^class FocalLoss\(nn\.Module\):/m);
    assert.match(fixed, /^def sigmoid_focal_loss\(/m);
  });

  test(`fix ${codes.join(" then ")} runs like fix-all`, { skip: skipWithoutTorch() }, async (t) => {
    const fixed = await fixInOrder(t, codes);

    assert.equal(runPython(fixed), runPython(FIXED_ALL_AT_ONCE));
  });
}
