// Times focal loss forward + backward for the runtime's implementations and for PyTorch.
//
// Usage: node --import tsx bench/lossRuntime.bench.ts [rounds] [runs per round]
//
// Cases: RetinaNet-sized sigmoid (100,000 anchors x 80 classes, 1% positives, reduction "sum")
// and segmentation softmax (8 x 21 x 128 x 128, index targets, 5% ignored, reduction "mean").
// Implementations: composed tfjs ops and the fused kernels, each on the cpu and wasm backends, and
// PyTorch 1.13 through /usr/bin/python3 with torch.set_num_threads(1), because the tfjs
// cpu backend and the wasm backend in Node (no SharedArrayBuffer threads) use one thread.
// Rounds alternate PyTorch and tfjs, so that a change in machine load affects both alike.
import * as tf from "@tensorflow/tfjs";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import {
  composedSigmoidFocalLoss,
  composedSoftmaxFocalLoss,
  fusedSigmoidFocalLoss,
  fusedSoftmaxFocalLoss,
  selectBackend,
  setWasmDirectory,
  type BackendName,
} from "../src/lossRuntime";
import { findNodeWasmDirectory } from "../src/lossRuntime/nodeWasmDirectory";
import { median, renderSection, type BenchSection } from "./stats";

const ROUNDS = Number(process.argv[2] ?? 3);
const RUNS_PER_ROUND = Number(process.argv[3] ?? 5);
// The composed ops take seconds per run on the sigmoid case, so they run in the first round only.
const COMPOSED_RUNS = 3;
const THREADS = 1;

type LossFunction = (input: tf.Tensor, target: tf.Tensor) => tf.Tensor;

interface Implementation {
  name: string;
  backend: BackendName;
  loss: LossFunction;
  firstRoundOnly?: boolean;
}

interface Case {
  name: "sigmoid" | "softmax";
  makeInputs: () => { input: tf.Tensor; target: tf.Tensor };
  implementations: Implementation[];
}

const CASES: Case[] = [
  {
    name: "sigmoid",
    makeInputs: () => ({
      input: tf.randomNormal([100_000, 80], 0, 1, "float32", 1),
      target: tf.cast(
        tf.less(tf.randomUniform([100_000, 80], 0, 1, "float32", 2), 0.01),
        "float32",
      ),
    }),
    implementations: [
      {
        name: "composed-cpu",
        backend: "cpu",
        loss: (x, t) => composedSigmoidFocalLoss(x, t, { reduction: "sum" }),
        firstRoundOnly: true,
      },
      {
        name: "fused-cpu",
        backend: "cpu",
        loss: (x, t) => fusedSigmoidFocalLoss(x, t, { reduction: "sum" }),
      },
      {
        name: "composed-wasm",
        backend: "wasm",
        loss: (x, t) => composedSigmoidFocalLoss(x, t, { reduction: "sum" }),
      },
      {
        name: "fused-wasm",
        backend: "wasm",
        loss: (x, t) => fusedSigmoidFocalLoss(x, t, { reduction: "sum" }),
      },
    ],
  },
  {
    name: "softmax",
    makeInputs: () => {
      const labels = tf.randomUniform([8, 128, 128], 0, 21, "int32", 4);
      const ignored = tf.less(tf.randomUniform([8, 128, 128], 0, 1, "float32", 5), 0.05);
      return {
        input: tf.randomNormal([8, 21, 128, 128], 0, 1, "float32", 3),
        target: tf.where(ignored, tf.fill([8, 128, 128], 255, "int32"), labels),
      };
    },
    implementations: [
      {
        name: "composed-cpu",
        backend: "cpu",
        loss: (x, t) => composedSoftmaxFocalLoss(x, t, { ignoreIndex: 255 }),
        firstRoundOnly: true,
      },
      {
        name: "fused-cpu",
        backend: "cpu",
        loss: (x, t) => fusedSoftmaxFocalLoss(x, t, { ignoreIndex: 255 }),
      },
      {
        name: "composed-wasm",
        backend: "wasm",
        loss: (x, t) => composedSoftmaxFocalLoss(x, t, { ignoreIndex: 255 }),
      },
      {
        name: "fused-wasm",
        backend: "wasm",
        loss: (x, t) => fusedSoftmaxFocalLoss(x, t, { ignoreIndex: 255 }),
      },
    ],
  },
];

/** Times tf.grad of the loss, reading the gradient back; one warm-up run is not counted. */
async function timeImplementation(
  benchCase: Case,
  implementation: Implementation,
  runs: number,
): Promise<number[]> {
  await selectBackend(implementation.backend);
  const { input, target } = tf.tidy(benchCase.makeInputs);
  const timings: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    tf.tidy(() => {
      const gradient = tf.grad((x: tf.Tensor) => implementation.loss(x, target))(input);
      gradient.dataSync();
    });
    if (run > 0) {
      timings.push(performance.now() - start);
    }
  }
  tf.dispose([input, target]);
  return timings;
}

interface TorchTimings {
  torch: string;
  threads: number;
  sigmoid: number[];
  softmax: number[];
}

function timePyTorch(runs: number): TorchTimings {
  const script = path.join(__dirname, "lossRuntime_torch.py");
  const run = spawnSync("/usr/bin/python3", [script, String(THREADS), String(runs)], {
    encoding: "utf8",
  });
  if (run.status !== 0) {
    throw new Error(`${script} failed with status ${run.status}:\n${run.stderr}`);
  }
  return JSON.parse(run.stdout) as TorchTimings;
}

/** Runs every case side by side with PyTorch and returns the medians and ratios. */
export async function benchLossRuntime(
  rounds = ROUNDS,
  runsPerRound = RUNS_PER_ROUND,
): Promise<BenchSection> {
  tf.enableProdMode();
  setWasmDirectory(findNodeWasmDirectory());
  const timings = new Map<string, number[]>();
  const record = (key: string, values: number[]) => {
    timings.set(key, [...(timings.get(key) ?? []), ...values]);
  };
  const loadBefore = os.loadavg()[0];
  let torchVersion = "";

  for (let round = 0; round < rounds; round++) {
    const torch = timePyTorch(runsPerRound);
    torchVersion = torch.torch;
    for (const benchCase of CASES) {
      record(`${benchCase.name}/pytorch`, torch[benchCase.name]);
      for (const implementation of benchCase.implementations) {
        if (implementation.firstRoundOnly && round > 0) {
          continue;
        }
        const runs = implementation.firstRoundOnly ? COMPOSED_RUNS : runsPerRound;
        record(
          `${benchCase.name}/${implementation.name}`,
          await timeImplementation(benchCase, implementation, runs),
        );
      }
    }
  }

  const rows: string[][] = [];
  for (const benchCase of CASES) {
    const torchMedian = median(timings.get(`${benchCase.name}/pytorch`) ?? []);
    rows.push([benchCase.name, "PyTorch (eager)", `${torchMedian.toFixed(1)} ms`, "1.00×"]);
    for (const implementation of benchCase.implementations) {
      const value = median(timings.get(`${benchCase.name}/${implementation.name}`) ?? []);
      rows.push([
        benchCase.name,
        implementation.name,
        `${value.toFixed(1)} ms`,
        `${(value / torchMedian).toFixed(2)}×`,
      ]);
    }
  }
  return {
    title: "Focal loss forward and backward: TensorFlow.js runtime against PyTorch",
    command: "npm run bench",
    header: ["case", "implementation", "median time", "ratio to PyTorch"],
    rows,
    notes: [
      "sigmoid: 100,000 anchors × 80 classes, 1% positives, reduction sum. softmax: 8 × 21 × " +
        "128 × 128 logits, index targets, 5% ignored, reduction mean. Target: the fused cpu " +
        "sigmoid at most 1.0× PyTorch.",
      `tfjs ${tf.version_core}, torch ${torchVersion} with ${THREADS} thread (tfjs's cpu and ` +
        `wasm backends use one thread in Node). ${rounds} rounds of ${runsPerRound} runs that ` +
        `alternate PyTorch and tfjs (composed ops: ${COMPOSED_RUNS} runs). 1-minute load ` +
        `average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after.`,
    ],
  };
}

if (require.main === module) {
  void benchLossRuntime().then((section) => process.stdout.write(renderSection(section)));
}
