import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeDocument } from "../../server/src/analysis/analyzeDocument";
import { useTorchvisionInstead } from "../../server/src/fixes/python/torchvisionAlternative";
import { applyEdits } from "../../server/src/fixes/textEdits";
import { parsePython } from "../helpers/applyFixes";
import { runPython, skipWithoutTorch } from "../helpers/python";

async function alternative(text: string): Promise<string | undefined> {
  const tree = await parsePython(text);
  try {
    const [finding] = analyzeDocument("python", tree, text);
    assert.equal(finding?.code, "FL001");
    const edits = useTorchvisionInstead(finding, tree, text);
    return edits === undefined ? undefined : applyEdits(text, edits);
  } finally {
    tree.delete();
  }
}

test("torchvision alternative rewrites a construction", async () => {
  const fixed = await alternative(
    ["import torch.nn as nn", "", "criterion = nn.FocalLoss(alpha=0.5, gamma=1)", ""].join("\n"),
  );
  assert.equal(
    fixed,
    [
      "import torch.nn as nn",
      "import functools",
      "import torchvision",
      "",
      "# torchvision.ops.sigmoid_focal_loss is one-vs-all: it takes float",
      "# targets of the logits' shape (one-hot or multi-label), not class",
      "# indices.",
      "# alpha=0.5 weights positive targets by 0.5 and negative targets by",
      "# 1 - 0.5.",
      "criterion = functools.partial(torchvision.ops.sigmoid_focal_loss, alpha=0.5, gamma=1, " +
        'reduction="mean")',
      "",
    ].join("\n"),
  );
});

test("torchvision alternative maps positional arguments", async () => {
  const fixed = await alternative(
    ["import torchvision", "import torch.nn as nn", "f = nn.FocalLoss(None, 2.0, 'sum')"].join(
      "\n",
    ),
  );
  assert.match(fixed ?? "", /sigmoid_focal_loss, alpha=-1, gamma=2\.0, reduction='sum'\)/);
  assert.doesNotMatch(fixed ?? "", /^import torchvision\n.*import torchvision/s);
});

test("torchvision alternative rejects ignore_index", async () => {
  const text = "import torch.nn as nn\nf = nn.FocalLoss(gamma=2, ignore_index=255)\n";
  assert.equal(await alternative(text), undefined);
});

test("torchvision alternative rejects per-class alpha", async () => {
  const text = "import torch.nn as nn\nf = nn.FocalLoss(alpha=[0.25, 0.75])\n";
  assert.equal(await alternative(text), undefined);
});

test("torchvision alternative rejects alpha outside [0, 1]", async () => {
  for (const alpha of ["-0.25", "1.5", "alpha_value"]) {
    const text = `import torch.nn as nn\nf = nn.FocalLoss(alpha=${alpha})\n`;
    assert.equal(await alternative(text), undefined, `alpha=${alpha} was carried over`);
  }
});

test("torchvision alternative turns off default alpha", async () => {
  const fixed = await alternative("import torch.nn as nn\nf = nn.FocalLoss(gamma=2)\n");
  assert.match(fixed ?? "", /sigmoid_focal_loss, alpha=-1, gamma=2, reduction="mean"\)/);
  assert.match(
    fixed ?? "",
    /^# alpha=-1 turns off torchvision's default weighting \(alpha=0\.25\)/m,
  );
});

test("torchvision alternative needs a call", async () => {
  const text = "import torch.nn as nn\nLoss = nn.FocalLoss\n";
  assert.equal(await alternative(text), undefined);
});

test("torchvision alternative runs like torchvision", { skip: skipWithoutTorch() }, async () => {
  const fixed = await alternative(
    "import torch\nimport torch.nn as nn\ncriterion = nn.FocalLoss(alpha=0.25, gamma=2)\n",
  );
  assert.ok(fixed !== undefined);
  const script = [
    fixed,
    "from torchvision.ops import sigmoid_focal_loss",
    "torch.manual_seed(0)",
    "x = torch.randn(6, 4)",
    "t = torch.randint(0, 2, (6, 4)).float()",
    "print(float(criterion(x, t)), float(sigmoid_focal_loss(x, t, 0.25, 2, 'mean')))",
  ].join("\n");
  const [ours, reference] = runPython(script).trim().split(" ").map(Number);
  assert.equal(ours, reference);
});

test("torchvision alternative keeps no weighting", { skip: skipWithoutTorch() }, async () => {
  const fixed = await alternative(
    "import torch\nimport torch.nn as nn\ncriterion = nn.FocalLoss(gamma=2)\n",
  );
  assert.ok(fixed !== undefined);
  const script = [
    fixed,
    "torch.manual_seed(0)",
    "x = torch.randn(6, 4, dtype=torch.float64)",
    "t = torch.randint(0, 2, (6, 4)).double()",
    "p = torch.sigmoid(x)",
    "p_t = p * t + (1 - p) * (1 - t)",
    "unweighted = (-(1 - p_t) ** 2 * torch.log(p_t)).mean()",
    "print(float(criterion(x, t)), float(unweighted))",
  ].join("\n");
  const [ours, reference] = runPython(script).trim().split(" ").map(Number);
  assert.ok(Math.abs(ours - reference) <= 1e-12 * reference, `${ours} != ${reference}`);
});
