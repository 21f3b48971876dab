import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import {
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  MessageType,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type RegistrationParams,
} from "vscode-languageserver-protocol/node";
import { fl001TorchFocalLoss } from "../../server/src/rules/fl001TorchFocalLoss";
import { fl002FunctionalFocalLoss } from "../../server/src/rules/fl002FunctionalFocalLoss";
import { fl003KerasFocalLoss } from "../../server/src/rules/fl003KerasFocalLoss";
import type { ApiReference, Rule } from "../../server/src/rules/rule";
import { LspClient, type Transport } from "../helpers/lspClient";
import { requireBuild } from "../helpers/paths";

// Checked when the file loads, so a missing bundle fails once with the build command.
const SERVER_PATH = requireBuild("server.js");

const DOCS_URL = "https://github.com/focal-loss-tools/vscode-focal-loss/blob/main/docs/rules";

/** The reported case: FL001 on 0-based line 3, covering exactly `FocalLoss`. */
const REPORTED_CASE = [
  "import torch",
  "import torch.nn as nn",
  "",
  "criterion = nn.FocalLoss(gamma=2.0)",
  "logits = torch.randn(8, 5)",
  "labels = torch.randint(0, 5, (8,))",
  "loss = criterion(logits, labels)",
  "",
].join("\n");

const TORCH_NN_FOCAL_LOSS: ApiReference = {
  language: "python",
  kind: "attribute",
  module: "torch.nn",
  member: "FocalLoss",
};

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** Builds the diagnostic the server should publish, with the message taken from the rule. */
function expectedDiagnostic(
  rule: Rule,
  reference: ApiReference,
  where: Range,
  severity: DiagnosticSeverity = DiagnosticSeverity.Error,
): Diagnostic {
  const match = rule.check(reference);
  assert.ok(match, `${rule.code} does not match ${JSON.stringify(reference)}`);
  return {
    range: where,
    severity,
    source: "focal-loss",
    code: rule.code,
    codeDescription: { href: `${DOCS_URL}/${rule.code}.md` },
    message: match.message,
    data: { reference },
  };
}

function fl001At(where: Range, severity?: DiagnosticSeverity): Diagnostic {
  return expectedDiagnostic(fl001TorchFocalLoss, TORCH_NN_FOCAL_LOSS, where, severity);
}

/** The FL001 finding of the reported case, where the test has not moved it. */
const REPORTED_FINDING = fl001At(range(3, 15, 24));

interface StartOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  settings?: Record<string, unknown>;
  transport?: Transport;
}

async function startServer(t: TestContext, options: StartOptions = {}): Promise<LspClient> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH, transport: options.transport });
  if (options.settings !== undefined) {
    client.setSettings(options.settings);
  }
  await client.initialize({
    capabilities: options.capabilities,
    initializationOptions: options.initializationOptions,
  });
  return client;
}

function hasVersion(version: number) {
  return (publish: PublishDiagnosticsParams) => publish.version === version;
}

function configurationRequests(client: LspClient) {
  return client.serverRequests.filter((request) => request.method === "workspace/configuration");
}

test("initialize declares incremental sync", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });

  const result = await client.initialize();

  assert.deepEqual(result.capabilities.textDocumentSync, {
    openClose: true,
    change: TextDocumentSyncKind.Incremental,
  });
  assert.equal(result.capabilities.hoverProvider, true);
  assert.equal(result.capabilities.positionEncoding ?? "utf-16", "utf-16");
  assert.equal(result.serverInfo?.name, "focal-loss-language-server");
  await client.shutdown();
});

test("initialized registers for settings changes", async (t) => {
  const client = await startServer(t);

  const request = await client.waitForServerRequest("client/registerCapability");
  const { registrations } = request.params as RegistrationParams;

  assert.equal(registrations.length, 1);
  assert.equal(registrations[0].method, DidChangeConfigurationNotification.method);
  assert.deepEqual(registrations[0].registerOptions, { section: "focalLoss" });
  await client.shutdown();
});

test("reported case publishes FL001", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish, {
    uri,
    version: 1,
    diagnostics: [
      {
        range: { start: { line: 3, character: 15 }, end: { line: 3, character: 24 } },
        severity: DiagnosticSeverity.Error,
        source: "focal-loss",
        code: "FL001",
        codeDescription: { href: `${DOCS_URL}/FL001.md` },
        message: fl001TorchFocalLoss.check(TORCH_NN_FOCAL_LOSS)?.message,
        data: { reference: TORCH_NN_FOCAL_LOSS },
      },
    ],
  });
  assert.match(publish.diagnostics[0].message, /^torch\.nn\.FocalLoss does not exist/);
  assert.match(publish.diagnostics[0].message, /torchvision\.ops\.sigmoid_focal_loss/);
  await client.shutdown();
});

test("settings are pulled per document", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri);

  assert.deepEqual(
    configurationRequests(client).map((request) => request.params),
    [{ items: [{ scopeUri: uri, section: "focalLoss" }] }],
  );
  await client.shutdown();
});

test("every spelling is flagged", async (t) => {
  const client = await startServer(t);
  const cases: { name: string; text: string; rule: Rule; reference: ApiReference; at: Range }[] = [
    {
      name: "torch.nn attribute",
      text: "import torch\n\nloss = torch.nn.FocalLoss()\n",
      rule: fl001TorchFocalLoss,
      reference: TORCH_NN_FOCAL_LOSS,
      at: range(2, 16, 25),
    },
    {
      name: "from import",
      text: "from torch.nn import FocalLoss\n",
      rule: fl001TorchFocalLoss,
      reference: { ...TORCH_NN_FOCAL_LOSS, kind: "import" },
      at: range(0, 21, 30),
    },
    {
      name: "star import",
      text: "from torch.nn import *\n\ncriterion = FocalLoss()\n",
      rule: fl001TorchFocalLoss,
      reference: { ...TORCH_NN_FOCAL_LOSS, kind: "starImport" },
      at: range(2, 12, 21),
    },
    {
      name: "functional alias",
      text: "import torch.nn.functional as F\n\nloss = F.sigmoid_focal_loss(x, y)\n",
      rule: fl002FunctionalFocalLoss,
      reference: {
        language: "python",
        kind: "attribute",
        module: "torch.nn.functional",
        member: "sigmoid_focal_loss",
      },
      at: range(2, 9, 27),
    },
    {
      name: "keras through tensorflow",
      text: "import tensorflow as tf\n\nloss = tf.keras.losses.FocalLoss()\n",
      rule: fl003KerasFocalLoss,
      reference: {
        language: "python",
        kind: "attribute",
        module: "tensorflow.keras.losses",
        member: "FocalLoss",
      },
      at: range(2, 23, 32),
    },
    {
      name: "keras addons name",
      text: "import keras\n\nloss = keras.losses.SigmoidFocalCrossEntropy()\n",
      rule: fl003KerasFocalLoss,
      reference: {
        language: "python",
        kind: "attribute",
        module: "keras.losses",
        member: "SigmoidFocalCrossEntropy",
      },
      at: range(2, 20, 44),
    },
  ];

  for (const [index, item] of cases.entries()) {
    await client.openDocument(`file:///workspace/spelling${index}.py`, item.text);
  }

  for (const [index, item] of cases.entries()) {
    const publish = await client.waitForDiagnostics(`file:///workspace/spelling${index}.py`);
    assert.deepEqual(
      publish.diagnostics,
      [expectedDiagnostic(item.rule, item.reference, item.at)],
      item.name,
    );
  }
  await client.shutdown();
});

test("TypeScript document has no findings", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.ts";

  await client.openDocument(uri, "const loss = new nn.FocalLoss();\n", "typescript");
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish, { uri, version: 1, diagnostics: [] });
  await client.shutdown();
});

test("didChange removes then restores finding", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  await client.changeDocument(uri, 2, [{ range: range(3, 15, 24), text: "CrossEntropyLoss" }]);
  const removed = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(removed, { uri, version: 2, diagnostics: [] });

  await client.changeDocument(uri, 3, [{ range: range(3, 15, 31), text: "FocalLoss" }]);
  const restored = await client.waitForDiagnostics(uri, hasVersion(3));

  assert.deepEqual(restored, { uri, version: 3, diagnostics: [REPORTED_FINDING] });

  // A line inserted above moves the finding down by one line.
  await client.changeDocument(uri, 4, [{ range: range(1, 0, 0), text: "import numpy as np\n" }]);
  const moved = await client.waitForDiagnostics(uri, hasVersion(4));

  assert.deepEqual(moved, { uri, version: 4, diagnostics: [fl001At(range(4, 15, 24))] });
  await client.shutdown();
});

test("didChange adds second finding", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  await client.changeDocument(uri, 2, [{ range: range(7, 0, 0), text: "aux = nn.FocalLoss()\n" }]);
  const publish = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(publish.diagnostics, [REPORTED_FINDING, fl001At(range(7, 9, 18))]);
  await client.shutdown();
});

test("changes in one notification apply in order", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  // Each range refers to the text after the changes before it, as the protocol specifies.
  await client.changeDocument(uri, 2, [
    { range: range(0, 0, 0), text: "# header\n" },
    { range: range(4, 15, 24), text: "MSELoss" },
    { range: range(8, 0, 0), text: "aux = nn.FocalLoss()\n" },
  ]);
  const publish = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(publish.diagnostics, [fl001At(range(8, 9, 18))]);
  await client.shutdown();
});

test("full-text change replaces document", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, "import torch\n");
  await client.waitForDiagnostics(uri, hasVersion(1));

  await client.changeDocument(uri, 2, [{ text: REPORTED_CASE }]);
  const replaced = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(replaced.diagnostics, [REPORTED_FINDING]);

  // An incremental change after a full one edits the new text.
  await client.changeDocument(uri, 3, [{ range: range(3, 15, 24), text: "MSELoss" }]);
  const edited = await client.waitForDiagnostics(uri, hasVersion(3));

  assert.deepEqual(edited.diagnostics, []);
  await client.shutdown();
});

test("rapid changes publish latest version", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);

  // No waiting between edits, as when a user types fast.
  await client.changeDocument(uri, 2, [{ range: range(3, 15, 24), text: "MSELoss" }]);
  await client.changeDocument(uri, 3, [{ range: range(3, 15, 22), text: "FocalLoss" }]);
  await client.changeDocument(uri, 4, [{ range: range(3, 15, 24), text: "L1Loss" }]);
  const last = await client.waitForDiagnostics(uri, hasVersion(4));

  assert.deepEqual(last.diagnostics, []);
  const versions = client.publishes.filter((item) => item.uri === uri).map((item) => item.version);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => (a ?? 0) - (b ?? 0)),
    `versions were published out of order: ${versions.join(", ")}`,
  );
  await client.shutdown();
});

test("non-BMP text shifts UTF-16 columns", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  // Each emoji is one code point but two UTF-16 code units, so the prefix is 12 units long.
  const prefix = 's = "😀😀"; ';
  assert.equal(prefix.length, 12);
  await client.changeDocument(uri, 2, [{ range: range(3, 0, 0), text: prefix }]);
  const shifted = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(shifted.diagnostics, [fl001At(range(3, 27, 36))]);

  // The server must also read the client's positions as UTF-16, or this edit misses the name.
  await client.changeDocument(uri, 3, [{ range: range(3, 27, 36), text: "MSELoss" }]);
  const replaced = await client.waitForDiagnostics(uri, hasVersion(3));

  assert.deepEqual(replaced.diagnostics, []);

  await client.changeDocument(uri, 4, [{ range: range(3, 27, 34), text: "FocalLoss" }]);
  const restored = await client.waitForDiagnostics(uri, hasVersion(4));

  assert.deepEqual(restored.diagnostics, [fl001At(range(3, 27, 36))]);
  await client.shutdown();
});

test("non-BMP text opens with UTF-16 columns", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  const text = 'import torch.nn as nn\n\ntag = "🔥"; criterion = nn.FocalLoss()  # 😀\n';

  await client.openDocument(uri, text);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish.diagnostics, [fl001At(range(2, 27, 36))]);
  await client.shutdown();
});

test("CRLF document keeps positions", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/windows.py";
  await client.openDocument(uri, REPORTED_CASE.replaceAll("\n", "\r\n"));
  const opened = await client.waitForDiagnostics(uri, hasVersion(1));

  assert.deepEqual(opened.diagnostics, [REPORTED_FINDING]);

  await client.changeDocument(uri, 2, [{ range: range(1, 0, 0), text: "import numpy as np\r\n" }]);
  const moved = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(moved.diagnostics, [fl001At(range(4, 15, 24))]);

  // An edit that ends at the end of a CRLF line must not swallow the line break.
  await client.changeDocument(uri, 3, [{ range: range(4, 15, 35), text: "MSELoss()" }]);
  const edited = await client.waitForDiagnostics(uri, hasVersion(3));

  assert.deepEqual(edited.diagnostics, []);
  await client.changeDocument(uri, 4, [{ range: range(5, 0, 0), text: "x = nn.FocalLoss()\r\n" }]);
  const added = await client.waitForDiagnostics(uri, hasVersion(4));

  assert.deepEqual(added.diagnostics, [fl001At(range(5, 7, 16))]);
  await client.shutdown();
});

test("hover on flagged name explains", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  for (const character of [15, 19, 23]) {
    const hover = await client.hover(uri, { line: 3, character });

    assert.ok(hover, `no hover at character ${character}`);
    assert.deepEqual(hover.range, range(3, 15, 24));
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, "markdown");
    assert.match(contents.value, /FL001/);
    assert.match(contents.value, /`torch\.nn\.FocalLoss` does not exist/);
    assert.ok(contents.value.includes("FL(p_t)"), "the formula FL(p_t) is missing");
    assert.ok(contents.value.includes("torchvision.ops.sigmoid_focal_loss"));
    assert.ok(contents.value.includes("reduction='none'"));
    assert.match(contents.value, /quick fix/i);
    assert.ok(contents.value.includes(`(${DOCS_URL}/FL001.md)`), "the rule link is missing");
  }
  await client.shutdown();
});

test("no hover away from findings", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));
  const positions: Position[] = [
    { line: 0, character: 0 },
    { line: 1, character: 20 },
    { line: 3, character: 0 },
    { line: 3, character: 12 },
    { line: 3, character: 14 },
    { line: 3, character: 26 },
    { line: 6, character: 10 },
  ];

  for (const position of positions) {
    const hover = await client.hover(uri, position);

    assert.equal(hover, null, `unexpected hover at ${JSON.stringify(position)}`);
  }
  assert.equal(await client.hover("file:///workspace/unopened.py", positions[0]), null);
  await client.shutdown();
});

test("rule off clears diagnostics", async (t) => {
  const client = await startServer(t, { settings: { focalLoss: {} } });
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  client.setSettings({ focalLoss: { rules: { FL001: "off" } } });
  await client.changeConfiguration();
  const cleared = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 0);

  assert.deepEqual(cleared, { uri, version: 1, diagnostics: [] });
  assert.equal(configurationRequests(client).length, 2, "settings were not pulled again");

  client.setSettings({ focalLoss: { rules: {} } });
  await client.changeConfiguration();
  const restored = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);

  assert.deepEqual(restored, { uri, version: 1, diagnostics: [REPORTED_FINDING] });
  await client.shutdown();
});

test("enable false clears diagnostics", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  client.setSettings({ focalLoss: { enable: false } });
  await client.changeConfiguration();
  const cleared = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 0);

  assert.deepEqual(cleared, { uri, version: 1, diagnostics: [] });
  await client.shutdown();
});

test("severity override publishes warning", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  client.setSettings({ focalLoss: { rules: { FL001: "warning" } } });
  await client.changeConfiguration();
  const warned = await client.waitForDiagnostics(
    uri,
    (item) => item.diagnostics[0]?.severity === DiagnosticSeverity.Warning,
  );

  assert.deepEqual(warned.diagnostics, [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)]);
  await client.shutdown();
});

test("settings at open apply first", async (t) => {
  const client = await startServer(t, {
    settings: { focalLoss: { rules: { FL001: "information" } } },
  });
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish.diagnostics, [
    fl001At(range(3, 15, 24), DiagnosticSeverity.Information),
  ]);
  await client.shutdown();
});

test("settings differ per resource", async (t) => {
  const client = await startServer(t);
  const silenced = "file:///workspace/legacy/train.py";
  const checked = "file:///workspace/train.py";
  client.setSettings({ focalLoss: { rules: { FL001: "off" } } }, silenced);

  await client.openDocument(silenced, REPORTED_CASE);
  await client.openDocument(checked, REPORTED_CASE);
  const silencedPublish = await client.waitForDiagnostics(silenced);
  const checkedPublish = await client.waitForDiagnostics(checked);

  assert.deepEqual(silencedPublish.diagnostics, []);
  assert.deepEqual(checkedPublish.diagnostics, [REPORTED_FINDING]);
  await client.shutdown();
});

test("invalid setting logs and uses default", async (t) => {
  const client = await startServer(t, { settings: { focalLoss: { rules: { FL001: "loud" } } } });
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);
  const warning = await client.waitForLogMessage((message) =>
    message.message.includes("focalLoss.rules.FL001"),
  );

  assert.deepEqual(publish.diagnostics, [REPORTED_FINDING]);
  assert.equal(warning.type, MessageType.Warning);
  assert.match(warning.message, /"loud"/);
  await client.shutdown();
});

test("failed settings request uses defaults", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  client.handleRequest("workspace/configuration", () => {
    throw new Error("settings store unavailable");
  });
  await client.initialize();
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);
  const error = await client.waitForLogMessage((message) =>
    message.message.includes(`Reading settings for ${uri} failed`),
  );

  assert.deepEqual(publish.diagnostics, [REPORTED_FINDING]);
  assert.equal(error.type, MessageType.Error);
  await client.shutdown();
});

test("push client uses initializationOptions", async (t) => {
  const client = await startServer(t, {
    capabilities: {},
    initializationOptions: { settings: { rules: { FL001: "warning" } } },
  });
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish.diagnostics, [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)]);
  assert.deepEqual(client.serverRequests, [], "the server sent requests the client cannot take");
  await client.shutdown();
});

test("null pulled settings use initializationOptions", async (t) => {
  // The client supports workspace/configuration but has no focalLoss section, so it returns
  // null, as Neovim does without a settings table.
  const client = await startServer(t, {
    initializationOptions: { settings: { rules: { FL001: "warning" } } },
  });
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);

  assert.equal(configurationRequests(client).length, 1);
  assert.deepEqual(publish.diagnostics, [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)]);
  await client.shutdown();
});

test("push client changes settings", async (t) => {
  const client = await startServer(t, { capabilities: {} });
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  await client.changeConfiguration({ focalLoss: { rules: { FL001: "off" } } });
  const cleared = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 0);

  assert.deepEqual(cleared, { uri, version: 1, diagnostics: [] });

  // Settings of other extensions leave ours as they were.
  await client.changeConfiguration({ python: { analysis: {} } });
  await client.changeConfiguration({ focalLoss: { enable: true } });
  const restored = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 1);

  assert.deepEqual(restored.diagnostics, [REPORTED_FINDING]);
  assert.equal(configurationRequests(client).length, 0);
  await client.shutdown();
});

test("pushed settings accept both shapes", async (t) => {
  // The section's own object and the object wrapping it under focalLoss, in both places a
  // client pushes settings.
  const shapes = {
    flat: { rules: { FL001: "warning" } },
    wrapped: { focalLoss: { rules: { FL001: "warning" } } },
  };
  for (const [shape, pushed] of Object.entries(shapes)) {
    const uri = `file:///workspace/${shape}.py`;
    const atStart = await startServer(t, {
      capabilities: {},
      initializationOptions: { settings: pushed },
    });
    await atStart.openDocument(uri, REPORTED_CASE);
    const initial = await atStart.waitForDiagnostics(uri);

    assert.deepEqual(
      initial.diagnostics,
      [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)],
      `${shape} initializationOptions.settings`,
    );
    await atStart.shutdown();

    const onChange = await startServer(t, { capabilities: {} });
    await onChange.openDocument(uri, REPORTED_CASE);
    await onChange.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);
    await onChange.changeConfiguration(pushed);
    const changed = await onChange.waitForDiagnostics(uri, (publish) =>
      publish.diagnostics.some((item) => item.severity === DiagnosticSeverity.Warning),
    );

    assert.deepEqual(
      changed.diagnostics,
      [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)],
      `${shape} didChangeConfiguration`,
    );
    await onChange.shutdown();
  }
});

test("unanswered settings request falls back", async (t) => {
  // The client declares workspace/configuration but never responds to it.
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  client.handleRequest("workspace/configuration", () => new Promise(() => {}));
  await client.initialize({
    initializationOptions: { settings: { rules: { FL001: "warning" } } },
  });
  const first = "file:///workspace/first.py";
  const second = "file:///workspace/second.py";

  await client.openDocument(first, REPORTED_CASE);
  await client.openDocument(second, REPORTED_CASE);
  const publishes = [
    await client.waitForDiagnostics(first),
    await client.waitForDiagnostics(second),
  ];

  for (const publish of publishes) {
    assert.deepEqual(publish.diagnostics, [fl001At(range(3, 15, 24), DiagnosticSeverity.Warning)]);
  }
  assert.equal(configurationRequests(client).length, 2);
  const warnings = client.logMessages.filter((message) =>
    message.message.includes("did not respond to workspace/configuration"),
  );
  assert.equal(warnings.length, 1, client.describeServer());
  assert.equal(warnings[0].type, MessageType.Warning);
  const hover = await client.hover(first, { line: 3, character: 18 });
  assert.ok(hover !== null, "no hover after the fallback publish");
  await client.shutdown();
});

test("late settings reply republishes", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  client.handleRequest(
    "workspace/configuration",
    () =>
      new Promise((resolve) => setTimeout(() => resolve([{ rules: { FL001: "hint" } }]), 5_000)),
  );
  await client.initialize();
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const fallback = await client.waitForDiagnostics(uri);
  const late = await client.waitForDiagnostics(uri, (publish) =>
    publish.diagnostics.some((item) => item.severity === DiagnosticSeverity.Hint),
  );

  assert.deepEqual(fallback.diagnostics, [REPORTED_FINDING]);
  assert.deepEqual(late.diagnostics, [fl001At(range(3, 15, 24), DiagnosticSeverity.Hint)]);
  assert.equal(configurationRequests(client).length, 1);
  await client.shutdown();
});

test("noqa silences only listed codes", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/noqa.py";
  const text = [
    "import torch.nn as nn",
    "",
    "a = nn.FocalLoss()  # noqa",
    "b = nn.FocalLoss()  # noqa: FL001",
    "c = nn.FocalLoss()  # noqa: FL002",
    "d = nn.FocalLoss()  # NOQA:fl002,fl001",
    'e = nn.FocalLoss("# noqa")',
    "",
  ].join("\n");

  await client.openDocument(uri, text);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish.diagnostics, [fl001At(range(4, 7, 16)), fl001At(range(6, 7, 16))]);
  await client.shutdown();
});

test("typing noqa clears the line", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, hasVersion(1));

  await client.changeDocument(uri, 2, [{ range: range(3, 35, 35), text: "  # noqa: FL002" }]);
  const otherCode = await client.waitForDiagnostics(uri, hasVersion(2));

  assert.deepEqual(otherCode.diagnostics, [REPORTED_FINDING]);

  await client.changeDocument(uri, 3, [{ range: range(3, 45, 50), text: "FL001" }]);
  const silenced = await client.waitForDiagnostics(uri, hasVersion(3));

  assert.deepEqual(silenced.diagnostics, []);
  await client.shutdown();
});

test("didClose clears diagnostics", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  await client.closeDocument(uri);
  const cleared = await client.waitForDiagnostics(uri, (item) => item.diagnostics.length === 0);

  assert.deepEqual(cleared, { uri, diagnostics: [] });
  assert.equal(await client.hover(uri, { line: 3, character: 16 }), null);

  await client.changeDocument(uri, 2, [{ range: range(0, 0, 0), text: "#" }]);
  const warning = await client.waitForLogMessage((message) =>
    message.message.includes(`Ignored a change to ${uri}`),
  );

  assert.equal(warning.type, MessageType.Warning);
  await client.shutdown();
});

test("unknown language id falls back to extension", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE, "py");

  const publish = await client.waitForDiagnostics(uri, hasVersion(1));

  assert.deepEqual(publish.diagnostics, [REPORTED_FINDING]);
  await client.shutdown();
});

test("reopen after close publishes again", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);
  await client.closeDocument(uri);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 0);

  await client.openDocument(uri, REPORTED_CASE, "python", 7);
  const reopened = await client.waitForDiagnostics(uri, hasVersion(7));

  assert.deepEqual(reopened.diagnostics, [REPORTED_FINDING]);
  await client.shutdown();
});

test("code action request passes through", async (t) => {
  const client = await startServer(t);
  const uri = "file:///workspace/train.py";
  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri, hasVersion(1));

  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });

  const preferred = actions.filter((action) => action.isPreferred === true);
  assert.equal(preferred.length, 1);
  assert.equal(preferred[0].kind, "quickfix");
  assert.deepEqual(preferred[0].diagnostics, publish.diagnostics);
  await client.shutdown();
});

test("exit without shutdown exits 1", async (t) => {
  const client = await startServer(t);

  await client.notify("exit");
  const exit = await client.waitForExit();

  assert.deepEqual(exit, { code: 1, signal: null });
});

test("node-ipc transport publishes diagnostics", async (t) => {
  const client = await startServer(t, { transport: "node-ipc" });
  const uri = "file:///workspace/train.py";

  await client.openDocument(uri, REPORTED_CASE);
  const publish = await client.waitForDiagnostics(uri);

  assert.deepEqual(publish, { uri, version: 1, diagnostics: [REPORTED_FINDING] });
  await client.shutdown();
});
