import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { sigmoidFocalLoss, softmaxFocalLoss } from "../../src/lossRuntime";
import { languageIdForPath } from "../../server/src/parsing/languages";
import { fixAllScript } from "../helpers/applyFixes";
import { fixPairs } from "../helpers/fixPairs";
import { REPO_ROOT } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

function languageOf(file: string): string {
  return languageIdForPath(file) ?? "typescript";
}

// Each `<name>.in.<ext>` must fix into `<name>.out.<ext>`. After a deliberate change, run
// "npm run fixtures:update" and review the diff. Names ending in "_not_fixed" expect no fix.
for (const { name, input, output } of fixPairs("typescript")) {
  test(`typescript fix ${name}`, async () => {
    const before = readFileSync(input, "utf8");
    const expected = readFileSync(output, "utf8");
    const after = await fixAllScript(before, languageOf(input));

    if (name.endsWith("_not_fixed")) {
      assert.equal(after, undefined, "an unsafe fix was offered");
      assert.equal(expected, before);
      return;
    }
    assert.equal(after, expected);
    assert.equal(
      await fixAllScript(expected, languageOf(input)),
      undefined,
      "fixing twice changed it",
    );
  });
}

test("fixed TypeScript compiles under strict", () => {
  // Outputs left unfixed still call the missing tf.losses functions, which tsc rejects.
  const files = fixPairs("typescript")
    .filter((pair) => !pair.name.endsWith("_not_fixed"))
    .map((pair) => pair.output)
    .filter((file) => file.endsWith(".ts"));
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    baseUrl: REPO_ROOT,
    // Only @tensorflow/tfjs is installed here; tfjs-node has the same API and types.
    paths: { "@tensorflow/tfjs-node": ["node_modules/@tensorflow/tfjs"] },
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map(
      (item) =>
        `${item.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(item.messageText, "\n")}`,
    );
  assert.deepEqual(errors, []);
});

test("fixed JavaScript model trains", () => {
  const fixed = readFileSync(
    fixPairs("typescript").find((pair) => pair.name === "commonjs")!.output,
    "utf8",
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "focal-js-"));
  const script = path.join(dir, "train.js");
  const training = [
    "tf.setBackend('cpu');",
    "const xs = tf.randomNormal([16, 4], 0, 1, 'float32', 1);",
    "const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 1, 0, 2, 1, 0, 0, 1, 2, 2, 1, 0, 1, 2], 'int32'), 3);",
    "model.fit(xs, ys, { epochs: 2, verbose: 0 }).then((history) => {",
    "  console.log(JSON.stringify(history.history.loss));",
    "});",
  ].join("\n");
  writeFileSync(script, `${fixed}\n${training}\n`);
  const result = spawnSync(process.execPath, [script], {
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") },
  });
  assert.equal(result.status, 0, result.stderr);
  const losses = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "[]") as number[];
  assert.equal(losses.length, 2);
  assert.ok(
    losses.every((loss) => Number.isFinite(loss) && loss > 0),
    result.stdout,
  );
});

type LossFunction = (labels: tf.Tensor, predictions: tf.Tensor) => tf.Tensor;

/** Transpiles a fixed TS fixture to CommonJS and runs it with this process's tfjs. */
function loadFixedModule(name: string): Record<string, LossFunction> {
  const pair = fixPairs("typescript").find((item) => item.name === name)!;
  const { outputText } = ts.transpileModule(readFileSync(pair.output, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exports: Record<string, LossFunction> = {};
  const requireFromRepo = createRequire(path.join(REPO_ROOT, "package.json"));
  new Function("require", "exports", outputText)(requireFromRepo, exports);
  return exports;
}

function assertClose(actual: number, expected: number, label: string, rtol = 1e-4): void {
  assert.ok(
    Math.abs(actual - expected) <= rtol * Math.abs(expected) + 1e-7,
    `${label}: ${actual} != ${expected}`,
  );
}

test("fixed tf.losses calls return the runtime's mean", async () => {
  await tf.setBackend("cpu");
  const { categoricalLossOf, binaryLossOf } = loadFixedModule("losses_member");
  const options = { fromLogits: false, gamma: 2, alpha: null, reduction: "mean" } as const;

  const probabilities = tf.softmax(tf.randomNormal([6, 4], 0, 3, "float32", 5));
  const oneHot = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1, 2], "int32"), 4).toFloat();
  const categorical = categoricalLossOf(oneHot, probabilities);
  const categoricalReference = softmaxFocalLoss(probabilities, oneHot, options);
  assert.equal(categorical.rank, 0, "the categorical call is not a scalar");
  assertClose(categorical.dataSync()[0], categoricalReference.dataSync()[0], "categorical");

  const logits = tf.randomNormal([5, 3], 0, 3, "float32", 9);
  const targets = tf.tensor2d([1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0], [5, 3]);
  const binary = binaryLossOf(targets, logits);
  const binaryReference = sigmoidFocalLoss(logits, targets, { ...options, fromLogits: true });
  assert.equal(binary.rank, 0, "the binary call is not a scalar");
  assertClose(binary.dataSync()[0], binaryReference.dataSync()[0], "binary");

  tf.dispose([probabilities, oneHot, categorical, categoricalReference]);
  tf.dispose([logits, targets, binary, binaryReference]);
});

// The logits of the reported cases: beyond |logit| = 16 probabilities clipped to
// [1e-7, 1 - 1e-7] would cap each element's loss at 16.1 and give it no gradient.
const SATURATED_BINARY = {
  logits: [
    [30, -2, 0.5],
    [-25, 3, 17],
  ],
  targets: [
    [0, 0, 1],
    [1, 1, 0],
  ],
};
const SATURATED_SOFTMAX = {
  logits: [
    [20, 0, -2],
    [1, 2, 3],
    [30, 0, -30],
  ],
  targets: [
    [0, 0, 1],
    [0, 0, 1],
    [0, 1, 0],
  ],
};

/** torchvision's sigmoid_focal_loss and a softmax focal loss in float64, with their gradients. */
const TORCH_REFERENCE = `
import json, sys, torch, torchvision
samples = json.load(sys.stdin)
out = {}
x = torch.tensor(samples["binary"]["logits"], dtype=torch.float64, requires_grad=True)
t = torch.tensor(samples["binary"]["targets"], dtype=torch.float64)
loss = torchvision.ops.sigmoid_focal_loss(x, t, alpha=-1, gamma=2, reduction="mean")
loss.backward()
out["binary"] = {"loss": loss.item(), "gradient": x.grad.tolist()}
x = torch.tensor(samples["softmax"]["logits"], dtype=torch.float64, requires_grad=True)
t = torch.tensor(samples["softmax"]["targets"], dtype=torch.float64)
log_p = torch.log_softmax(x, -1)
loss = -(t * (-torch.expm1(log_p)) ** 2 * log_p).sum(-1).mean()
loss.backward()
out["softmax"] = {"loss": loss.item(), "gradient": x.grad.tolist()}
print(json.dumps(out))
`;

test("fixed logits calls match torchvision", { skip: skipWithoutTorch() }, async () => {
  await tf.setBackend("cpu");
  const { binaryLossOf, softmaxLossOf } = loadFixedModule("losses_member");
  const reference = JSON.parse(
    runPython(
      TORCH_REFERENCE,
      [],
      JSON.stringify({ binary: SATURATED_BINARY, softmax: SATURATED_SOFTMAX }),
    ),
  ) as Record<"binary" | "softmax", { loss: number; gradient: number[][] }>;

  const cases = [
    ["binary", binaryLossOf, SATURATED_BINARY],
    ["softmax", softmaxLossOf, SATURATED_SOFTMAX],
  ] as const;
  for (const [name, lossOf, sample] of cases) {
    const logits = tf.tensor2d(sample.logits);
    const targets = tf.tensor2d(sample.targets);
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => lossOf(targets, x) as tf.Scalar)(
      logits,
    );
    const runtimeOptions = { fromLogits: true, gamma: 2, alpha: null, reduction: "mean" } as const;
    const runtime =
      name === "binary"
        ? sigmoidFocalLoss(logits, targets, runtimeOptions)
        : softmaxFocalLoss(logits, targets, runtimeOptions);

    assertClose(value.dataSync()[0], reference[name].loss, `${name} loss against torch`, 1e-5);
    assertClose(
      value.dataSync()[0],
      runtime.dataSync()[0],
      `${name} loss against the runtime`,
      1e-5,
    );
    const gradient = grad.arraySync() as number[][];
    gradient.forEach((row, i) =>
      row.forEach((entry, j) =>
        assertClose(entry, reference[name].gradient[i][j], `${name} gradient [${i}][${j}]`, 1e-5),
      ),
    );
    tf.dispose([logits, targets, value, grad, runtime]);
  }
});
