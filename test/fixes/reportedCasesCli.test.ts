// Runs reported focal-loss mistakes end to end. The command-line `--fix` rewrites a copy of each
// fixture, and Debian's PyTorch runs the fixed file. Its printed numbers must match the reported
// values or a float64 reference computed here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { FIXTURES, requireBuild } from "../helpers/paths";
import { PYTHON, runPython, skipWithoutTorch } from "../helpers/python";

const CLI_PATH = requireBuild("cli.js");

interface ReportedCase {
  name: string;
  fixture: string;
  /** The numbers the fixed file must print, one array per printed line. */
  expected: () => number[][];
}

/** The absolute difference allowed: float32 rounding of losses and gradients below 1. */
const TOLERANCE = 1e-6;

/** Runs a float64 computation in PyTorch and returns the number it prints. */
function float64Reference(lines: string[]): number {
  return Number(runPython(["import torch", ...lines].join("\n")).trim());
}

const SOFTMAX_MEAN_TERMS = [
  "log_p_t = logits.log_softmax(dim=1).gather(1, labels.unsqueeze(1)).squeeze(1)",
  "print(repr(float((-(1 - log_p_t.exp()) ** 2 * log_p_t).mean())))",
];

const CASES: ReportedCase[] = [
  {
    name: "nn.FocalLoss AttributeError",
    fixture: "reported_attribute_error",
    expected: () => [
      [
        float64Reference([
          "torch.manual_seed(0)",
          "logits = torch.randn(8, 5).double()",
          "labels = torch.randint(0, 5, (8,))",
          ...SOFTMAX_MEAN_TERMS,
        ]),
      ],
    ],
  },
  {
    // torchvision 0.14 and `(1 - p_t) ** gamma` give NaN at the saturated entries.
    name: "gamma 0.5 at saturated logits",
    fixture: "reported_saturated_gradient",
    expected: () => [
      [0, -0.0625, 0.1875, 0],
      [0, 0, 0],
    ],
  },
  {
    // Known wrong results: 0.170415 when ignored pixels become class 0, and 0.020696 when they
    // count in the mean.
    name: "ignore_index left out of mean",
    fixture: "reported_ignore_index",
    expected: () => [[0.041393], [0]],
  },
  {
    name: "permuted non-contiguous logits",
    fixture: "reported_permuted_logits",
    expected: () => [
      [
        float64Reference([
          "torch.manual_seed(0)",
          "logits = torch.randn(2, 64, 64, 3).permute(0, 3, 1, 2).double()",
          "labels = torch.randint(0, 3, (2, 64, 64))",
          ...SOFTMAX_MEAN_TERMS,
        ]),
      ],
    ],
  },
  {
    // A bare `sigmoid_focal_loss` returns per-element losses, so `fn = F.focal_loss` must keep
    // the average that the called form gets, or `backward()` raises on a non-scalar loss.
    name: "uncalled functional reference",
    fixture: "functional_uncalled_reference",
    expected: () => {
      const mean = float64Reference([
        "torch.manual_seed(0)",
        "logits = torch.randn(8, 5).double()",
        "labels = torch.randint(0, 5, (8,))",
        "t = torch.nn.functional.one_hot(labels, 5).double()",
        "p = torch.sigmoid(logits)",
        "p_t = p * t + (1 - p) * (1 - t)",
        "terms = -(0.25 * t + 0.75 * (1 - t)) * (1 - p_t) ** 2 * torch.log(p_t)",
        "print(repr(float(terms.mean())))",
      ]);
      return [[mean], [mean], [mean], [mean]];
    },
  },
];

function runCli(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

function runFile(file: string): number[][] {
  const result = spawnSync(PYTHON, [file], { encoding: "utf8" });
  assert.equal(result.status, 0, `${file} failed:\n${result.stderr}`);
  return result.stdout
    .trim()
    .split("\n")
    .map((line) => line.split(" ").map(Number));
}

for (const reported of CASES) {
  test(`cli fix: ${reported.name}`, { skip: skipWithoutTorch() }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "focal-reported-"));
    const file = path.join(dir, `${reported.fixture}.py`);
    copyFileSync(path.join(FIXTURES, "python-fixes", `${reported.fixture}.in.py`), file);

    const first = runCli(["--fix", file]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stderr, /^Fixed [1-9]\d* problems? in 1 file; 0 remain\.$/m);
    const fixed = readFileSync(file, "utf8");

    const printed = runFile(file);
    const expected = reported.expected();
    assert.equal(printed.length, expected.length, `printed ${JSON.stringify(printed)}`);
    expected.forEach((values, line) => {
      assert.equal(printed[line].length, values.length, `line ${line + 1}: ${printed[line]}`);
      values.forEach((value, index) => {
        const actual = printed[line][index];
        assert.ok(Number.isFinite(actual), `line ${line + 1}, value ${index + 1}: ${actual}`);
        assert.ok(
          Math.abs(actual - value) <= TOLERANCE,
          `line ${line + 1}, value ${index + 1}: ${actual} != ${value}`,
        );
      });
    });

    const second = runCli(["--fix", file]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(readFileSync(file, "utf8"), fixed, "a second --fix changed the file");
  });
}
