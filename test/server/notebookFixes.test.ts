import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import type {
  CodeAction,
  PublishDiagnosticsParams,
  TextDocumentEdit,
  TextEdit,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LspClient } from "../helpers/lspClient";
import { requireBuild } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

const SERVER_PATH = requireBuild("server.js");
const NOTEBOOK = "file:///workspace/experiment.ipynb";

function cellUri(index: number): string {
  return `vscode-notebook-cell:/workspace/experiment.ipynb#W${index}sZmlsZQ%3D%3D`;
}

/** Opens a notebook whose code cells have the given texts, and waits for the last cell's findings. */
async function openNotebook(t: TestContext, cells: readonly string[]): Promise<LspClient> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();
  await client.notify("notebookDocument/didOpen", {
    notebookDocument: {
      uri: NOTEBOOK,
      notebookType: "jupyter-notebook",
      version: 1,
      cells: cells.map((_, index) => ({ kind: 2, document: cellUri(index) })),
    },
    cellTextDocuments: cells.map((text, index) => ({
      uri: cellUri(index),
      languageId: "python",
      version: 1,
      text,
    })),
  });
  await client.waitForDiagnostics(cellUri(cells.length - 1));
  return client;
}

/** Applies a code action's edit to a cell's text, as an editor would. */
function applyToCell(index: number, text: string, action: CodeAction): string {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes?.length === 1, `${action.title} has no document edit`);
  assert.equal(changes[0].textDocument.uri, cellUri(index));
  const document = TextDocument.create(cellUri(index), "python", 1, text);
  return TextDocument.applyEdits(document, changes[0].edits as TextEdit[]);
}

/** Requests the quick fixes for a cell's first finding. */
async function quickFixes(
  client: LspClient,
  index: number,
  publish: PublishDiagnosticsParams,
): Promise<CodeAction[]> {
  return client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: cellUri(index) },
    range: publish.diagnostics[0].range,
    context: { diagnostics: publish.diagnostics, only: ["quickfix"] },
  });
}

/** Returns the cell's text after its first finding's preferred quick fix. */
async function applyPreferredFix(
  client: LspClient,
  index: number,
  text: string,
  publish: PublishDiagnosticsParams,
): Promise<string> {
  const actions = await quickFixes(client, index, publish);
  const preferred = actions.find((action) => action.isPreferred === true);
  assert.ok(preferred !== undefined, actions.map((action) => action.title).join(", "));
  return applyToCell(index, text, preferred);
}

/** Returns the cell's text after the `source.fixAll.focalLoss` action. */
async function applyFixAll(client: LspClient, index: number, text: string): Promise<string> {
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
    textDocument: { uri: cellUri(index) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll.focalLoss"] },
  });
  assert.equal(actions.length, 1, "no fix-all action");
  return applyToCell(index, text, actions[0]);
}

const SETUP_CELL = [
  "import torch",
  "import torch.nn as nn",
  "import torch.nn.functional as F",
  "torch.manual_seed(0)",
  "logits = torch.randn(8, 5)",
  "labels = torch.randint(0, 5, (8,))",
  "targets = F.one_hot(labels, 5).float()",
  "",
].join("\n");
const CLASS_CELL = "crit = nn.FocalLoss()\nprint(repr(float(crit(logits, labels))))\n";
const SECOND_CLASS_CELL = "print(repr(float(nn.FocalLoss(gamma=2.0)(logits, labels))))\n";
const FUNCTION_CELL =
  'print(repr(float(F.sigmoid_focal_loss(logits, targets, reduction="mean"))))\n';

test("notebook fix reuses earlier template", { skip: skipWithoutTorch() }, async (t) => {
  const cells = [SETUP_CELL, CLASS_CELL, SECOND_CLASS_CELL, FUNCTION_CELL];
  const client = await openNotebook(t, cells);

  // The first fix inserts the class and its helpers into cell 1, as in a lone file.
  const classFindings = await client.waitForDiagnostics(cellUri(1));
  cells[1] = await applyPreferredFix(client, 1, CLASS_CELL, classFindings);
  assert.match(cells[1], /^class FocalLoss\(nn\.Module\):$/m);
  await client.notify("notebookDocument/didChange", {
    notebookDocument: { uri: NOTEBOOK, version: 2 },
    change: {
      cells: {
        textContent: [{ document: { uri: cellUri(1), version: 2 }, changes: [{ text: cells[1] }] }],
      },
    },
  });
  await client.waitForDiagnostics(cellUri(1), (publish) => publish.version === 2);

  // A later cell calls the class cell 1 defines, with no copy of its own.
  const secondFindings = await client.waitForDiagnostics(cellUri(2));
  cells[2] = await applyPreferredFix(client, 2, SECOND_CLASS_CELL, secondFindings);
  assert.equal(cells[2], "print(repr(float(FocalLoss(gamma=2.0)(logits, labels))))\n");
  assert.equal(await applyFixAll(client, 2, SECOND_CLASS_CELL), cells[2]);

  // The function is new, but the helpers it shares with the class are already defined.
  const functionFindings = await client.waitForDiagnostics(cellUri(3));
  cells[3] = await applyPreferredFix(client, 3, FUNCTION_CELL, functionFindings);
  assert.match(cells[3], /^def sigmoid_focal_loss\(/m);
  assert.doesNotMatch(cells[3], /^def _/m, "a helper of cell 1 was inserted again");
  assert.doesNotMatch(cells[3], /^import /m, "an import of cell 0 was inserted again");
  assert.equal(await applyFixAll(client, 3, FUNCTION_CELL), cells[3]);
  await client.shutdown();

  // Run as a kernel runs the cells: one after another in one namespace.
  const printed = runPython(cells.join("")).trim().split("\n").map(Number);
  assert.equal(printed.length, 3, `the cells printed ${printed.join(", ")}`);
  assert.ok(printed.every(Number.isFinite), `the cells printed ${printed.join(", ")}`);
  assert.equal(printed[1], printed[0], "gamma=2.0 is the default, so the losses must match");
});

test("cell magic cells get no findings", async (t) => {
  const cells = [
    "import torch.nn as nn\n",
    "%%bash\necho nn.FocalLoss()\n",
    "%%writefile loss.py\ncrit = nn.FocalLoss()\n",
    "crit = nn.FocalLoss()\n",
  ];
  const client = await openNotebook(t, cells);

  for (const index of [1, 2]) {
    const publish = await client.waitForDiagnostics(cellUri(index));
    assert.deepEqual(publish.diagnostics, [], `cell ${index} got findings`);
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: cellUri(index) },
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, [], `cell ${index} got code actions`);
  }
  const python = await client.waitForDiagnostics(cellUri(3));
  assert.equal(python.diagnostics[0]?.code, "FL001");
  await client.shutdown();
});

test("time cell magic is linted as Python", async (t) => {
  const cells = ["%%time\nimport torch.nn as nn\n", "%%capture\ncrit = nn.FocalLoss()\n"];
  const client = await openNotebook(t, cells);

  const publish = await client.waitForDiagnostics(cellUri(1));
  assert.deepEqual(
    publish.diagnostics.map((item) => [item.code, item.range.start.line]),
    [["FL001", 1]],
  );
  await client.shutdown();
});

test("stacked cell magics stay first", async (t) => {
  // %%capture runs its body as a cell, so %%time must stay that body's first line.
  const cell = "%%capture\n%%time\ncrit = nn.FocalLoss(gamma=2.0)\n";
  const client = await openNotebook(t, [
    "import torch.nn as nn\n",
    cell,
    "%%capture\n%%bash\nls\n",
  ]);

  const publish = await client.waitForDiagnostics(cellUri(1));
  const fixed = await applyPreferredFix(client, 1, cell, publish);
  assert.ok(fixed.startsWith("%%capture\n%%time\n"), fixed.split("\n").slice(0, 3).join(" | "));
  assert.equal(fixed.match(/^%%/gm)?.length, 2, "a cell magic moved below inserted code");
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);

  // A shell body under %%capture is still not Python.
  const shell = await client.waitForDiagnostics(cellUri(2));
  assert.deepEqual(shell.diagnostics, []);
  await client.shutdown();
});

test("timeit cell names stay local", async (t) => {
  // %%timeit runs its body in a namespace of its own: neither its rebinding of nn nor the class
  // a fix inserted there reaches the cells after it.
  const cells = [
    "import torch.nn as nn\n",
    "%%timeit\nnn = None\n",
    "%%timeit\nclass FocalLoss:\n    pass\n",
    "crit = nn.FocalLoss()\n",
  ];
  const client = await openNotebook(t, cells);

  const publish = await client.waitForDiagnostics(cellUri(3));
  assert.deepEqual(
    publish.diagnostics.map((item) => item.code),
    ["FL001"],
  );
  const fixed = await applyPreferredFix(client, 3, cells[3], publish);
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);
  await client.shutdown();
});

test("line magics leave the cell fixable", async (t) => {
  const cell = [
    "%matplotlib inline",
    "!pip install --quiet torchvision",
    "import torch",
    "import torch.nn as nn",
    "    %time x = 1",
    "crit = nn.FocalLoss(gamma=2.0)",
    "nn.FocalLoss?",
    "",
  ].join("\n");
  const client = await openNotebook(t, [cell]);
  const publish = await client.waitForDiagnostics(
    cellUri(0),
    (item) => item.diagnostics.length > 0,
  );
  assert.deepEqual(
    publish.diagnostics.map((item) => [item.code, item.range.start.line]),
    [["FL001", 5]],
  );

  const fixed = await applyPreferredFix(client, 0, cell, publish);

  assert.match(fixed, /^%matplotlib inline\n!pip install --quiet torchvision\n/);
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);
  assert.match(fixed, /^crit = FocalLoss\(gamma=2\.0\)$/m);
  // Python compiles the cell once its IPython lines are gone, as IPython turns them into calls.
  const python = fixed
    .split("\n")
    .filter((line) => !/^\s*[!%]|\?$/.test(line))
    .join("\n");
  assert.equal(runPython(`compile(${JSON.stringify(python)}, "cell", "exec")`), "");
  await client.shutdown();
});

test("line magic arguments are linted in place", async (t) => {
  const cell = [
    "%time crit = nn.FocalLoss(gamma=2.0)",
    "%timeit -n 10 nn.FocalLoss()",
    "x = nn.FocalLoss?",
    "",
  ].join("\n");
  const client = await openNotebook(t, ["import torch.nn as nn\n", cell]);
  const publish = await client.waitForDiagnostics(
    cellUri(1),
    (item) => item.diagnostics.length > 0,
  );

  // IPython runs the argument of %time and %timeit as Python, and `x = nn.FocalLoss?` as %pinfo.
  assert.deepEqual(
    publish.diagnostics.map((item) => [
      item.code,
      item.range.start.line,
      item.range.start.character,
    ]),
    [
      ["FL001", 0, 16],
      ["FL001", 1, 17],
    ],
  );

  const fixed = await applyPreferredFix(client, 1, cell, publish);
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);
  assert.match(fixed, /^%time crit = FocalLoss\(gamma=2\.0\)$/m);
  assert.match(fixed, /^%timeit -n 10 FocalLoss\(\)$/m);
  await client.shutdown();
});

test("fix keeps cell magic first", { skip: skipWithoutTorch() }, async (t) => {
  // IPython reads a cell magic only on the cell's first line, so `%%time` below inserted code
  // makes the cell raise UsageError. Neither cell imports anything, so both fixes insert at the
  // top of the cell, and the class also needs `torch.nn.functional`, which cell 0 lacks.
  const setup = [
    "import torch",
    "import torch.nn as nn",
    "from torch.nn import functional",
    "torch.manual_seed(0)",
    "logits = torch.randn(8, 5)",
    "labels = torch.randint(0, 5, (8,))",
    "targets = functional.one_hot(labels, 5).float()",
    "",
  ].join("\n");
  const classCell =
    "%%time\ncrit = nn.FocalLoss(gamma=2.0)\nprint(repr(float(crit(logits, labels))))\n";
  const functionCell =
    '%%capture --no-stdout\nprint(repr(float(functional.sigmoid_focal_loss(logits, targets, reduction="mean"))))\n';
  const cells = [setup, classCell, functionCell];
  const client = await openNotebook(t, cells);

  const classFindings = await client.waitForDiagnostics(cellUri(1));
  cells[1] = await applyPreferredFix(client, 1, classCell, classFindings);
  assert.ok(cells[1].startsWith("%%time\n"), `cell 1 starts with ${cells[1].split("\n")[0]}`);
  assert.match(cells[1], /^import torch\.nn\.functional as F$/m);
  assert.match(cells[1], /^class FocalLoss\(nn\.Module\):$/m);
  assert.equal(cells[1].match(/^%%/gm)?.length, 1, "cell 1 has more than one cell magic");

  const functionFindings = await client.waitForDiagnostics(cellUri(2));
  cells[2] = await applyPreferredFix(client, 2, functionCell, functionFindings);
  assert.ok(cells[2].startsWith("%%capture --no-stdout\n"), cells[2].split("\n")[0]);
  assert.match(cells[2], /^def sigmoid_focal_loss\(/m);

  // The torchvision alternative imports what it needs, and those imports go below the magic too.
  const actions = await quickFixes(client, 1, classFindings);
  const torchvision = actions.find((action) => action.title.includes("torchvision"));
  assert.ok(torchvision !== undefined, actions.map((action) => action.title).join(", "));
  const alternative = applyToCell(1, classCell, torchvision);
  assert.ok(alternative.startsWith("%%time\nimport functools\nimport torchvision\n"), alternative);
  await client.shutdown();

  // The kernel runs each cell's body below its magic line as Python, one cell after another.
  const bodies = cells.map((cell) => cell.replace(/^%%[^\n]*\n/, ""));
  const printed = runPython(bodies.join("")).trim().split("\n").map(Number);
  assert.equal(printed.length, 2, `the cells printed ${printed.join(", ")}`);
  assert.ok(printed.every(Number.isFinite), `the cells printed ${printed.join(", ")}`);
});

test("earlier cell alias is read and fixed", { skip: skipWithoutTorch() }, async (t) => {
  // Cell 1 aliases the torch that cell 0 imported, so cell 2 raises AttributeError until fixed.
  const cells = [
    "import torch\ntorch.manual_seed(0)\nlogits = torch.randn(8, 5)\nlabels = torch.randint(0, 5, (8,))\n",
    "nn = torch.nn\n",
    "crit = nn.FocalLoss(gamma=2.0)\nprint(repr(float(crit(logits, labels))))\n",
  ];
  const client = await openNotebook(t, cells);

  const publish = await client.waitForDiagnostics(cellUri(2));
  assert.deepEqual(
    publish.diagnostics.map((item) => [item.code, item.range.start.line]),
    [["FL001", 0]],
  );
  cells[2] = await applyPreferredFix(client, 2, cells[2], publish);
  assert.match(cells[2], /^class FocalLoss\(nn\.Module\):$/m);
  await client.shutdown();

  const printed = runPython(cells.join("")).trim().split("\n").map(Number);
  assert.equal(printed.length, 1, `the cells printed ${printed.join(", ")}`);
  assert.ok(Number.isFinite(printed[0]), `the cells printed ${printed.join(", ")}`);
});

test("earlier cell store hides findings", async (t) => {
  // Cell 1 assigns nn.FocalLoss when it is missing, so cell 2 runs, as in a single file.
  const cells = [
    "import torch.nn as nn\n",
    "if not hasattr(nn, 'FocalLoss'):\n    nn.FocalLoss = object\n",
    "crit = nn.FocalLoss()\n",
  ];
  const client = await openNotebook(t, cells);

  const publish = await client.waitForDiagnostics(cellUri(2));
  assert.deepEqual(publish.diagnostics, []);
  await client.shutdown();
});
