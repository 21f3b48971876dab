// Applies `source.fixAll.focalLoss` through the server over stdio to every Python fixture pair:
// the result must equal `<name>.out.py`, and asking again on the fixed file must offer nothing.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { CodeAction, PublishDiagnosticsParams } from "vscode-languageserver-protocol/node";
import { applyCodeAction } from "../helpers/codeActionEdits";
import { fixPairs } from "../helpers/fixPairs";
import { LspClient } from "../helpers/lspClient";
import { requireBuild } from "../helpers/paths";

const SERVER_PATH = requireBuild("server.js");

function requestFixAll(client: LspClient, uri: string, publish: PublishDiagnosticsParams) {
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: publish.diagnostics, only: ["source.fixAll.focalLoss"] },
  });
}

test("server fix-all on every fixture", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();

  for (const { name, input, output } of fixPairs()) {
    const uri = `file:///workspace/${name}.py`;
    const before = readFileSync(input, "utf8");
    const expected = readFileSync(output, "utf8");
    await client.openDocument(uri, before);
    const publish = await client.waitForDiagnostics(uri, (item) => item.version === 1);

    const actions = await requestFixAll(client, uri, publish);
    assert.ok(actions.length <= 1, `${name}: ${actions.length} fix-all actions`);
    const after = actions.length === 0 ? before : applyCodeAction(uri, before, actions[0]);
    assert.equal(after, expected, `${name}: the server's fix-all differs from ${output}`);

    await client.changeDocument(uri, 2, [{ text: after }]);
    const again = await client.waitForDiagnostics(uri, (item) => item.version === 2);
    assert.deepEqual(await requestFixAll(client, uri, again), [], `${name}: fixing twice`);
    await client.closeDocument(uri);
  }
  await client.shutdown();
});
