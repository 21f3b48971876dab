import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, type TestContext } from "node:test";
import type {
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  Range,
  TextDocumentEdit,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "../helpers/lspClient";
import { FIXTURES, requireBuild } from "../helpers/paths";

const SERVER_PATH = requireBuild("server.js");
const URI = "file:///workspace/train.py";

const REPORTED_CASE = readFileSync(
  path.join(FIXTURES, "python-fixes", "reported_attribute_error.in.py"),
  "utf8",
);
const REPORTED_FIXED = readFileSync(
  path.join(FIXTURES, "python-fixes", "reported_attribute_error.out.py"),
  "utf8",
);

/** The quick fixes offered on the reported case's one FL001, in menu order. */
const FL001_MENU = [
  "Insert a tested FocalLoss module and use it",
  "Use torchvision.ops.sigmoid_focal_loss instead (binary and multi-label targets)",
  "Suppress FL001 on this line",
  "Show documentation for FL001",
];

async function openWithFindings(
  t: TestContext,
  text: string,
): Promise<{
  client: LspClient;
  publish: PublishDiagnosticsParams;
}> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  await client.openDocument(URI, text);
  const publish = await client.waitForDiagnostics(URI, (item) => item.version === 1);
  return { client, publish };
}

function requestActions(client: LspClient, publish: PublishDiagnosticsParams, only?: string[]) {
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    range: publish.diagnostics[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    },
    context: { diagnostics: publish.diagnostics, ...(only ? { only } : {}) },
  });
}

/** Applies a code action's workspace edit to `text`, as an editor would. */
function applyAction(text: string, action: CodeAction): string {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes !== undefined && changes.length === 1, `${action.title} has no document edit`);
  assert.equal(changes[0].textDocument.uri, URI);
  const document = TextDocument.create(URI, "python", 1, text);
  return TextDocument.applyEdits(document, changes[0].edits as TextEdit[]);
}

test("quick fix menu lists every action", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const actions = await requestActions(client, publish, ["quickfix"]);

  assert.deepEqual(
    actions.map((action) => action.title),
    FL001_MENU,
  );
  assert.deepEqual(
    actions.map((action) => action.isPreferred === true),
    [true, false, false, false],
  );
  await client.shutdown();
});

test("preferred quick fix gives the fixture", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const actions = await requestActions(client, publish, ["quickfix"]);

  const fixed = applyAction(REPORTED_CASE, actions[0]);
  assert.equal(fixed, REPORTED_FIXED);

  // The editor sends the edit back as a change, and the finding goes away.
  await client.changeDocument(URI, 2, [{ text: fixed }]);
  const after = await client.waitForDiagnostics(URI, (item) => item.version === 2);
  assert.deepEqual(after.diagnostics, []);
  await client.shutdown();
});

test("fix-all source action matches fixture", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);

  const actions = await requestActions(client, { ...publish, diagnostics: [] }, [
    "source.fixAll.focalLoss",
  ]);

  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, "source.fixAll.focalLoss");
  assert.equal(applyAction(REPORTED_CASE, actions[0]), REPORTED_FIXED);
  await client.shutdown();
});

test("fix-all is not in the light bulb", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const actions = await requestActions(client, publish);

  assert.ok(actions.every((action) => action.kind === "quickfix"));
  await client.shutdown();
});

test("suppress action silences the line", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const actions = await requestActions(client, publish, ["quickfix"]);
  const suppress = actions.find((action) => action.title === "Suppress FL001 on this line");
  assert.ok(suppress !== undefined);

  const suppressed = applyAction(REPORTED_CASE, suppress);
  assert.match(suppressed, /^criterion = nn\.FocalLoss\(gamma=2\.0\) {2}# noqa: FL001$/m);
  await client.changeDocument(URI, 2, [{ text: suppressed }]);
  const after = await client.waitForDiagnostics(URI, (item) => item.version === 2);
  assert.deepEqual(after.diagnostics, []);
  await client.shutdown();
});

test("documentation command shows the page", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  client.handleRequest("window/showDocument", () => ({ success: true }));
  const actions = await requestActions(client, publish, ["quickfix"]);
  const command = actions.find(
    (action) => action.title === "Show documentation for FL001",
  )?.command;
  assert.ok(command !== undefined);

  await client.request("workspace/executeCommand", {
    command: command.command,
    arguments: command.arguments,
  });

  const request = await client.waitForServerRequest("window/showDocument");
  assert.deepEqual(request.params, {
    uri: "https://github.com/focal-loss-tools/vscode-focal-loss/blob/main/docs/rules/FL001.md",
    external: true,
  });
  await client.shutdown();
});

test("no fix offered under a syntax error", async (t) => {
  const text = ["import torch.nn as nn", "import = 3", "", "x = nn.FocalLoss()", ""].join("\n");
  const { client, publish } = await openWithFindings(t, text);
  assert.equal(publish.diagnostics.length, 1);

  const actions = await requestActions(client, publish, ["quickfix"]);
  assert.ok(actions.every((action) => action.isPreferred !== true));
  assert.ok(actions.every((action) => !action.title.startsWith("Insert")));
  await client.shutdown();
});

test("ambiguous Keras name offers both", async (t) => {
  const text = "import tensorflow as tf\nloss = tf.keras.losses.FocalLoss(gamma=2.0)\n";
  const { client, publish } = await openWithFindings(t, text);
  const actions = await requestActions(client, publish, ["quickfix"]);

  const renames = actions.filter((action) => action.title.startsWith("Use "));
  assert.deepEqual(
    renames.map((action) => action.title),
    [
      "Use BinaryFocalCrossentropy (binary or multi-label targets)",
      "Use CategoricalFocalCrossentropy (one-hot targets)",
    ],
  );
  assert.ok(renames.every((action) => action.isPreferred !== true));
  assert.match(applyAction(text, renames[1]), /tf\.keras\.losses\.CategoricalFocalCrossentropy\(/);
  await client.shutdown();
});

test("notebook cell sees earlier imports", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const notebook = "file:///workspace/train.ipynb";
  const cell = (index: number) =>
    `vscode-notebook-cell:/workspace/train.ipynb#W${index}sZmlsZQ%3D%3D`;

  await client.notify("notebookDocument/didOpen", {
    notebookDocument: {
      uri: notebook,
      notebookType: "jupyter-notebook",
      version: 1,
      cells: [0, 1].map((index) => ({ kind: 2, document: cell(index) })),
    },
    cellTextDocuments: [
      { uri: cell(0), languageId: "python", version: 1, text: "import torch.nn as nn\n" },
      { uri: cell(1), languageId: "python", version: 1, text: "loss = nn.FocalLoss()\n" },
    ],
  });
  const flagged = await client.waitForDiagnostics(cell(1), (item) => item.diagnostics.length > 0);
  assert.equal(flagged.diagnostics[0].code, "FL001");
  assert.deepEqual(flagged.diagnostics[0].range, {
    start: { line: 0, character: 10 },
    end: { line: 0, character: 19 },
  });

  // Rebinding nn in the first cell clears the finding in the second.
  await client.notify("notebookDocument/didChange", {
    notebookDocument: { uri: notebook, version: 2 },
    change: {
      cells: {
        textContent: [
          {
            document: { uri: cell(0), version: 2 },
            changes: [{ text: "nn = object()\n" }],
          },
        ],
      },
    },
  });
  const cleared = await client.waitForDiagnostics(cell(1), (item) => item.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);
  await client.shutdown();
});

test("own FocalLoss gets a titled fix", async (t) => {
  const source = readFileSync(
    path.join(FIXTURES, "python-fixes", "own_focal_loss_class_not_fixed.in.py"),
    "utf8",
  );
  const { client, publish } = await openWithFindings(t, source);
  const actions = await requestActions(client, publish, ["quickfix"]);

  assert.deepEqual(
    actions.map((action) => action.title),
    [
      "Use the FocalLoss class defined on line 5",
      "Use torchvision.ops.sigmoid_focal_loss instead (binary and multi-label targets)",
      "Suppress FL001 on this line",
      "Show documentation for FL001",
    ],
  );
  assert.ok(
    actions.every((action) => action.isPreferred !== true),
    "an action is preferred",
  );
  const rewritten = applyAction(source, actions[0]);
  assert.equal(rewritten, source.replace("nn.FocalLoss()", "FocalLoss()"));

  const fixAll = await requestActions(client, publish, ["source.fixAll.focalLoss"]);
  assert.deepEqual(fixAll, []);
  await client.shutdown();
});

test("notebook fix reuses earlier imports", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  const notebook = "file:///workspace/model.ipynb";
  const cell = (index: number) =>
    `vscode-notebook-cell:/workspace/model.ipynb#W${index}sZmlsZQ%3D%3D`;
  // The second cell reads `nn` beyond the finding, which only the first cell binds.
  const usingCell = "layer = nn.Linear(4, 3)\ncrit = nn.FocalLoss(gamma=2.0)\n";
  await client.notify("notebookDocument/didOpen", {
    notebookDocument: {
      uri: notebook,
      notebookType: "jupyter-notebook",
      version: 1,
      cells: [0, 1].map((index) => ({ kind: 2, document: cell(index) })),
    },
    cellTextDocuments: [
      {
        uri: cell(0),
        languageId: "python",
        version: 1,
        text: "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n",
      },
      { uri: cell(1), languageId: "python", version: 1, text: usingCell },
    ],
  });
  const flagged = await client.waitForDiagnostics(cell(1), (item) => item.diagnostics.length > 0);
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: cell(1) },
    range: flagged.diagnostics[0].range,
    context: { diagnostics: flagged.diagnostics, only: ["quickfix"] },
  });

  const insert = actions.find((action) => action.title.startsWith("Insert a tested FocalLoss"));
  assert.ok(insert !== undefined, actions.map((action) => action.title).join(", "));
  assert.equal(insert.isPreferred, true);
  const changes = insert.edit?.documentChanges as TextDocumentEdit[];
  const document = TextDocument.create(cell(1), "python", 1, usingCell);
  const fixed = TextDocument.applyEdits(document, changes[0].edits as TextEdit[]);
  assert.doesNotMatch(fixed, /^import /m, "the fix imported again what the first cell imports");
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);
  assert.match(fixed, /^crit = FocalLoss\(gamma=2\.0\)$/m);
  await client.shutdown();
});

/** Requests code actions for `range`, by default with empty `context.diagnostics` as Neovim sends. */
function requestAtRange(client: LspClient, range: Range, diagnostics: Diagnostic[] = []) {
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: URI },
    range,
    context: { diagnostics },
  });
}

test("actions with empty context diagnostics", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const actions = await requestAtRange(client, publish.diagnostics[0].range);

  assert.equal(actions[0]?.title, "Insert a tested FocalLoss module and use it");
  assert.equal(actions[0]?.isPreferred, true);
  assert.deepEqual(actions[0]?.diagnostics, [publish.diagnostics[0]]);
  assert.equal(applyAction(REPORTED_CASE, actions[0]), REPORTED_FIXED);
  await client.shutdown();
});

test("actions at a cursor inside the name", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const { start } = publish.diagnostics[0].range;
  const cursor = { line: start.line, character: start.character + 3 };
  const actions = await requestAtRange(client, { start: cursor, end: cursor });

  assert.deepEqual(
    actions.map((action) => action.title),
    FL001_MENU,
  );
  await client.shutdown();
});

test("actions ignore a stale context range", async (t) => {
  const { client, publish } = await openWithFindings(t, REPORTED_CASE);
  const { start, end } = publish.diagnostics[0].range;
  // A client that counts bytes sends columns that do not match the published range.
  const shifted = { ...publish.diagnostics[0], range: { start, end: { ...end, character: 99 } } };
  const actions = await requestAtRange(client, { start, end: start }, [shifted]);

  assert.equal(actions[0]?.title, "Insert a tested FocalLoss module and use it");
  assert.deepEqual(actions[0]?.diagnostics, [publish.diagnostics[0]]);
  await client.shutdown();
});

test("range over two findings shows docs once", async (t) => {
  const text = "import torch.nn as nn\na = nn.FocalLoss()\nb = nn.FocalLoss()\n";
  const { client, publish } = await openWithFindings(t, text);
  assert.equal(publish.diagnostics.length, 2);
  const actions = await requestAtRange(client, {
    start: publish.diagnostics[0].range.start,
    end: publish.diagnostics[1].range.end,
  });

  const titles = actions.map((action) => action.title);
  assert.equal(titles.filter((title) => title === "Show documentation for FL001").length, 1);
  await client.shutdown();
});

test("no actions away from findings", async (t) => {
  const { client } = await openWithFindings(t, REPORTED_CASE);
  const origin = { line: 0, character: 0 };
  const actions = await requestAtRange(client, { start: origin, end: origin });

  assert.deepEqual(actions, []);
  await client.shutdown();
});

test("Keras loss string gets renamed", async (t) => {
  const text = [
    "import keras",
    "model = keras.Sequential([keras.layers.Dense(1, activation='sigmoid')])",
    'model.compile(optimizer="adam", loss="focal_loss")',
    "",
  ].join("\n");
  const { client, publish } = await openWithFindings(t, text);
  assert.equal(publish.diagnostics.length, 1);
  assert.equal(publish.diagnostics[0].code, "FL003");
  assert.deepEqual(publish.diagnostics[0].range, {
    start: { line: 2, character: 38 },
    end: { line: 2, character: 48 },
  });

  const cursor = { line: 2, character: 40 };
  const actions = await requestAtRange(client, { start: cursor, end: cursor });
  assert.equal(
    actions[0]?.title,
    'Use "binary_focal_crossentropy" (binary or multi-label targets)',
  );
  assert.equal(actions[0]?.isPreferred, true);
  assert.match(applyAction(text, actions[0]), /loss="binary_focal_crossentropy"\)/);

  const hover = await client.hover(URI, cursor);
  const markdown = (hover?.contents as { value: string } | undefined)?.value ?? "";
  assert.match(markdown, /"focal_loss"` is not a Keras loss name/);
  await client.shutdown();
});

test("FL002 fix titles name the insertion", async (t) => {
  const softmaxCall = "c = F.softmax_focal_loss(torch.randn(4, 3), torch.tensor([0, 1, 2, 1]))";
  const sigmoidCall = "d = F.sigmoid_focal_loss(torch.randn(4, 3), torch.rand(4, 3))";
  const header = "import torch\nimport torch.nn.functional as F\n";
  const cases = [
    {
      text: `${header}${softmaxCall}\n`,
      title: "Insert a tested softmax FocalLoss module and use it",
      inserts: [/^class FocalLoss\(/m],
      omits: [/^def sigmoid_focal_loss\(/m],
    },
    {
      text: `${header}${sigmoidCall}\n`,
      title: "Insert a sigmoid_focal_loss function with finite gradients and use it",
      inserts: [/^def sigmoid_focal_loss\(/m],
      omits: [/^class FocalLoss\(/m],
    },
    {
      text: `${header}${softmaxCall}\n${sigmoidCall}\n`,
      title:
        "Insert a tested softmax FocalLoss module and a sigmoid_focal_loss function and use them",
      inserts: [/^class FocalLoss\(/m, /^def sigmoid_focal_loss\(/m],
      omits: [],
    },
  ];
  for (const { text, title, inserts, omits } of cases) {
    const { client, publish } = await openWithFindings(t, text);
    const actions = await requestActions(client, publish, ["quickfix"]);
    const preferred = actions.find((action) => action.isPreferred === true);

    assert.equal(preferred?.title, title);
    const fixed = applyAction(text, preferred!);
    for (const pattern of inserts) {
      assert.match(fixed, pattern);
    }
    for (const pattern of omits) {
      assert.doesNotMatch(fixed, pattern);
    }
    await client.shutdown();
  }
});

test("FL002 softmax message names the class", async (t) => {
  const text = "import torch.nn.functional as F\nc = F.softmax_focal_loss\n";
  const { client, publish } = await openWithFindings(t, text);

  assert.equal(publish.diagnostics.length, 1);
  const { message } = publish.diagnostics[0];
  assert.equal(typeof message, "string");
  assert.match(message as string, /insert a softmax FocalLoss module\.$/);
  assert.doesNotMatch(message as string, /sigmoid/);
  await client.shutdown();
});

test("torchvision comments wrap to file width", async (t) => {
  const longLine = (length: number) => `names = "${"x".repeat(length - 11)}"`;
  // The width follows the file's longest line, between 72 and 100 characters.
  const cases = [
    { extra: "", width: 72 },
    { extra: longLine(88), width: 88 },
    { extra: longLine(150), width: 100 },
  ];
  for (const { extra, width } of cases) {
    const text = [
      "import torch.nn as nn",
      extra,
      "",
      "def build():",
      "    return nn.FocalLoss(alpha=0.25, gamma=2)",
      "",
    ].join("\n");
    const { client, publish } = await openWithFindings(t, text);
    const actions = await requestActions(client, publish, ["quickfix"]);
    const torchvision = actions.find((action) => action.title === FL001_MENU[1]);
    assert.ok(torchvision !== undefined, actions.map((action) => action.title).join(", "));
    const fixed = applyAction(text, torchvision);
    await client.shutdown();

    const comments = fixed.split("\n").filter((line) => line.trimStart().startsWith("#"));
    assert.ok(comments.length >= 3, `width ${width}: comments ${comments.join(" | ")}`);
    for (const line of comments) {
      assert.ok(line.startsWith("    # "), `width ${width}: not indented: ${line}`);
      assert.ok(line.length <= width, `width ${width}: ${line.length} characters: ${line}`);
    }
    const prose = comments.map((line) => line.replace(/^ *# /, "")).join(" ");
    assert.ok(
      prose.startsWith(
        "torchvision.ops.sigmoid_focal_loss is one-vs-all: it takes float targets of the " +
          "logits' shape (one-hot or multi-label), not class indices. alpha=0.25 weights",
      ),
      `width ${width}: ${prose}`,
    );
  }
});
