// focalLoss/parametersAtCursor over LSP: the server reads the focal-loss call under the cursor in
// Python, TypeScript and JavaScript, fills in each API's defaults and notes what it cannot read.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { ErrorCodes, ResponseError } from "vscode-languageserver-protocol/node";
import {
  PARAMETERS_AT_CURSOR_METHOD,
  type CursorParameters,
} from "../../src/webview/cursorParameters";
import {
  EVALUATE_SAMPLE_COMMAND,
  type InitializationOptions,
} from "../../src/common/initializationOptions";
import { LspClient } from "../helpers/lspClient";
import { requireBuild } from "../helpers/paths";

const SERVER_PATH = requireBuild("server.js");
const CURSOR = "‸";

interface Case {
  name: string;
  languageId: string;
  /** The document, with CURSOR where the cursor is. */
  text: string;
  expected: Partial<CursorParameters> | null;
  /** Patterns that the notes must contain, one each. */
  notes?: RegExp[];
}

const CASES: Case[] = [
  {
    name: "nn.FocalLoss keywords",
    languageId: "python",
    text: "import torch.nn as nn\ncrit‸erion = nn.FocalLoss(alpha=0.25, gamma=2, reduction='sum')\n",
    expected: {
      loss: "softmax",
      alpha: 0.25,
      gamma: 2,
      reduction: "sum",
      ignoreIndex: -100,
      callee: "nn.FocalLoss",
      source: "nn.FocalLoss(alpha=0.25, gamma=2, reduction='sum')",
      line: 1,
      notes: [],
    },
  },
  {
    name: "inserted FocalLoss positional",
    languageId: "python",
    text: 'loss_fn = FocalLoss(torch.tensor([0.25, 0.75]), 0.5, "none", 3‸)\n',
    expected: {
      loss: "softmax",
      alpha: [0.25, 0.75],
      gamma: 0.5,
      reduction: "none",
      ignoreIndex: 3,
      callee: "FocalLoss",
    },
  },
  {
    name: "cursor inside a nested call",
    languageId: "python",
    text: "crit = FocalLoss(alpha=torch.ten‸sor([1.0, 2.0, 0.5]))\n",
    expected: { loss: "softmax", alpha: [1, 2, 0.5], gamma: 2, reduction: "mean" },
  },
  {
    name: "cursor just past the call",
    languageId: "python",
    text: "crit = FocalLoss(gamma=1)‸\n",
    expected: { loss: "softmax", gamma: 1 },
  },
  {
    name: "sigmoid_focal_loss defaults",
    languageId: "python",
    text: "from torchvision.ops import sigmoid_focal_loss\nl = sigmoid_focal_loss(x, y, alpha=-1, ga‸mma=0.5)\n",
    expected: { loss: "sigmoid", alpha: -1, gamma: 0.5, reduction: "none", line: 1 },
  },
  {
    name: "torchvision positional arguments",
    languageId: "python",
    text: "l = torchvision.ops.sigmoid_focal_loss(x, y, 0.3, 1.5, 'mean')‸\n",
    expected: {
      loss: "sigmoid",
      alpha: 0.3,
      gamma: 1.5,
      reduction: "mean",
      callee: "torchvision.ops.sigmoid_focal_loss",
    },
  },
  {
    name: "keras binary with class balancing",
    languageId: "python",
    text: "‸loss = keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3, gamma=3, reduction='sum')\n",
    expected: { loss: "sigmoid", alpha: 0.3, gamma: 3, reduction: "sum" },
    notes: [/averages BinaryFocalCrossentropy over the class axis/],
  },
  {
    name: "keras binary without balancing",
    languageId: "python",
    text: "loss = BinaryFocalCrossentropy(alpha=0.3, from_logits=True)‸\n",
    expected: { loss: "sigmoid", alpha: null, gamma: 2, reduction: "mean", notes: [] },
  },
  {
    name: "keras categorical per-class alpha",
    languageId: "python",
    text: "loss = tf.keras.losses.CategoricalFocalCrossentropy(alpha=[0.2, 0.3, 0.5], gamma=1.5)‸\n",
    expected: { loss: "softmax", alpha: [0.2, 0.3, 0.5], gamma: 1.5, reduction: "mean" },
  },
  {
    name: "non-literal gamma uses default",
    languageId: "python",
    text: "crit = FocalLoss(alpha=None, gamma=g, reduction=f'{r}')‸\n",
    expected: { loss: "softmax", alpha: null, gamma: 2, reduction: "mean" },
    notes: [/cannot evaluate gamma=g, so it uses the default 2/, /reduction=f'\{r\}'/],
  },
  {
    name: "no call under cursor",
    languageId: "python",
    text: "x = 1‸\ncrit = FocalLoss()\n",
    expected: null,
  },
  {
    name: "def line ignores the body",
    languageId: "python",
    text: "def tr‸ain():\n    crit = FocalLoss(gamma=3)\n",
    expected: null,
  },
  {
    name: "typescript sigmoidFocalLoss options",
    languageId: "typescript",
    text: 'const loss = sigmoidFocalLoss(logits, labels, { alpha: -1, gamma: 0.5, reduction: "sum" });‸\n',
    expected: {
      loss: "sigmoid",
      alpha: -1,
      gamma: 0.5,
      reduction: "sum",
      callee: "sigmoidFocalLoss",
      notes: [],
    },
  },
  {
    name: "typescript softmax member call",
    languageId: "typescript",
    text: "const l = fl.softmaxFocalL‸oss(x, y, { alpha: [0.2, 0.8], ignoreIndex: 255, alpha2: 1 });\n",
    expected: {
      loss: "softmax",
      alpha: [0.2, 0.8],
      gamma: 2,
      reduction: "mean",
      ignoreIndex: 255,
      callee: "fl.softmaxFocalLoss",
    },
  },
  {
    name: "typescript undefined means default",
    languageId: "typescript",
    text: "sigmoidFocalLoss(x, y, { alpha: undefined, gamma: 1 })‸;\n",
    expected: { loss: "sigmoid", alpha: 0.25, gamma: 1, reduction: "none", notes: [] },
  },
  {
    name: "javascript focalLoss shorthand",
    languageId: "javascript",
    text: "const value = focalLoss(yTrue, yPred, { alpha: 0.25, gamma });‸\n",
    expected: { loss: "softmax", alpha: 0.25, gamma: 2, reduction: "mean" },
    notes: [/cannot evaluate gamma=gamma/, /categorical focal loss that the FL004 quick fix/],
  },
  {
    name: "inserted focalLoss positional",
    languageId: "typescript",
    text: "const l = (yTrue: tf.Tensor, yPred: tf.Tensor) => focalLoss(yTrue, yPred, 1.5, [0.2, 0.8])‸;\n",
    expected: { loss: "softmax", alpha: [0.2, 0.8], gamma: 1.5, reduction: "mean" },
  },
  {
    name: "typescript other call",
    languageId: "typescript",
    text: "const l = tf.losses.sigmoidCrossEntropy(y, x);‸\n",
    expected: null,
  },
];

function splitCursor(marked: string): { text: string; line: number; character: number } {
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0, `the case text has no ${CURSOR}`);
  const before = marked.slice(0, offset);
  const line = before.split("\n").length - 1;
  return {
    text: marked.replace(CURSOR, ""),
    line,
    character: offset - (before.lastIndexOf("\n") + 1),
  };
}

test("parameters at cursor cases", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();

  for (const [index, item] of CASES.entries()) {
    await t.test(item.name, async () => {
      const extension = { python: "py", typescript: "ts", javascript: "js" }[item.languageId];
      const uri = `file:///workspace/case${index}.${extension}`;
      const { text, line, character } = splitCursor(item.text);
      await client.openDocument(uri, text, item.languageId);

      const result = await client.request<CursorParameters | null>(PARAMETERS_AT_CURSOR_METHOD, {
        textDocument: { uri },
        position: { line, character },
      });

      if (item.expected === null) {
        assert.equal(result, null);
        return;
      }
      assert.ok(result !== null, "expected parameters, got null");
      for (const [key, value] of Object.entries(item.expected)) {
        assert.deepEqual(result[key as keyof CursorParameters], value, `field ${key}`);
      }
      for (const pattern of item.notes ?? []) {
        assert.ok(
          result.notes.some((note) => pattern.test(note)),
          `no note matches ${pattern}: ${JSON.stringify(result.notes)}`,
        );
      }
      if (item.notes !== undefined) {
        assert.equal(result.notes.length, item.notes.length, JSON.stringify(result.notes));
      }
    });
  }
  await client.shutdown();
});

test("parameters for unopened document", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();

  const result = await client.request(PARAMETERS_AT_CURSOR_METHOD, {
    textDocument: { uri: "file:///workspace/closed.py" },
    position: { line: 0, character: 0 },
  });

  assert.equal(result, null);
  await client.shutdown();
});

test("parameters request rejects bad params", async (t) => {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize();

  for (const params of [{}, { textDocument: { uri: 1 }, position: { line: 0, character: 0 } }]) {
    await assert.rejects(client.request(PARAMETERS_AT_CURSOR_METHOD, params), (error) => {
      assert.ok(error instanceof ResponseError, String(error));
      assert.equal(error.code, ErrorCodes.InvalidParams);
      assert.match(error.message, /needs \{ textDocument: \{ uri \}, position/);
      return true;
    });
  }
  await client.shutdown();
});

const HOVER_TEXT = "import torch.nn as nn\ncrit = nn.FocalLoss(gamma=2)\n";
const EVALUATE_LINK = /\[Evaluate a sample\]\(command:focalLoss\.evaluateSample\?([^)]+)\)/;

/** Returns the markdown of the hover on `nn.FocalLoss` after initializing with `options`. */
async function hoverMarkdown(t: TestContext, options?: InitializationOptions): Promise<string> {
  const client = LspClient.spawn(t, { serverPath: SERVER_PATH });
  await client.initialize({ initializationOptions: options });
  const uri = "file:///workspace/hover.py";
  await client.openDocument(uri, HOVER_TEXT);
  await client.waitForDiagnostics(uri, (publish) => publish.diagnostics.length === 1);

  const hover = await client.hover(uri, { line: 1, character: 12 });
  await client.shutdown();
  return (hover?.contents as { value?: string } | undefined)?.value ?? "";
}

test("hover links the evaluate command", async (t) => {
  const value = await hoverMarkdown(t, { hoverCommands: [EVALUATE_SAMPLE_COMMAND] });

  const link = EVALUATE_LINK.exec(value);
  assert.ok(link, `no command link in the hover:\n${value}`);
  const args: unknown = JSON.parse(decodeURIComponent(link[1]));
  assert.deepEqual(args, [
    { uri: "file:///workspace/hover.py", position: { line: 1, character: 10 } },
  ]);
});

test("hover has no link for other editors", async (t) => {
  const value = await hoverMarkdown(t);

  assert.match(value, /FL001/);
  assert.doesNotMatch(value, /command:/);
});
