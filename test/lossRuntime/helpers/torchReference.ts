import { spawnSync } from "node:child_process";
import path from "node:path";
import type { TestContext } from "node:test";

/** Debian's interpreter, which has torch 1.13 and torchvision 0.14; the python3 on PATH may not. */
const PYTHON = "/usr/bin/python3";
const SCRIPT = path.join(__dirname, "..", "torch_reference.py");

export interface ReferenceCase {
  loss: "sigmoid" | "softmax";
  inputShape: number[];
  input: number[];
  targetShape: number[];
  target: number[];
  targetKind: "index" | "soft" | "float";
  alpha: number | number[] | null;
  gamma: number;
  reduction: "none" | "mean" | "sum";
  ignoreIndex: number;
  fromLogits: boolean;
  /** Also evaluate torchvision.ops.sigmoid_focal_loss (sigmoid cases only). */
  torchvision?: boolean;
}

export interface ReferenceValues {
  loss: number[];
  lossShape: number[];
  gradient: number[];
}

export interface ReferenceResult extends ReferenceValues {
  /** d(sum of loss)/d(target) for float targets, null for class indices. */
  targetGradient: number[] | null;
  torchvision?: ReferenceValues;
}

export type ReferenceRun =
  | { available: true; results: ReferenceResult[] }
  | { available: false; reason: string };

/** Evaluates all cases in one Python process, because starting torch takes about a second. */
export function runTorchReference(cases: ReferenceCase[]): ReferenceRun {
  const run = spawnSync(PYTHON, [SCRIPT], {
    input: JSON.stringify({ cases }),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error !== undefined) {
    return { available: false, reason: `${PYTHON} failed to start: ${run.error.message}` };
  }
  if (run.status !== 0) {
    throw new Error(`${SCRIPT} exited with status ${run.status}:\n${run.stderr}`);
  }
  const output = JSON.parse(run.stdout) as { unavailable?: string; results?: ReferenceResult[] };
  if (output.unavailable !== undefined) {
    return { available: false, reason: output.unavailable };
  }
  return { available: true, results: output.results as ReferenceResult[] };
}

/** Skips the test without torch, but fails it when the CI variable is set. */
export function skipOrFailWithoutTorch(t: TestContext, reason: string): void {
  if (process.env.CI) {
    throw new Error(`PyTorch is required when CI is set: ${reason}`);
  }
  t.skip(`PyTorch reference unavailable: ${reason}`);
}
