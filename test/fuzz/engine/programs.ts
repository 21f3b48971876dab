import type { FuzzDocument } from "./documents";
import type { Random } from "./random";

/**
 * Generates syntactically valid programs that use focal-loss APIs in many statement contexts:
 * nested blocks, one-line compound statements, semicolons, backslash continuations, f-strings,
 * lambdas, decorators, JSX and template literals. The fuzzer checks every fix on such documents
 * for new syntax errors, which documents that already have errors cannot show reliably.
 */

const PYTHON_IMPORTS = [
  "import torch",
  "import torch.nn as nn",
  "from torch import nn",
  "from torch.nn import FocalLoss",
  "from torch.nn import FocalLoss, MSELoss",
  "from torch.nn import (\n    MSELoss,\n    FocalLoss,\n)",
  "import torch.nn.functional as F",
  "from torch.nn import functional as F",
  "from tensorflow import keras",
  "import tensorflow as tf",
];

const PYTHON_STATEMENTS = [
  "criterion = nn.FocalLoss(gamma=2.0)",
  "criterion = torch.nn.FocalLoss()",
  "criterion = FocalLoss(alpha=0.25)",
  "loss = F.focal_loss(logits, targets)",
  "loss = F.sigmoid_focal_loss(logits, targets, reduction='mean')",
  "loss = keras.losses.FocalLoss(gamma=2.0)",
  "loss = tf.keras.losses.SigmoidFocalCrossEntropy()",
  "x = 1; criterion = nn.FocalLoss()",
  "total = nn.FocalLoss()(a, b) + \\\n    other",
  "pair = (nn.FocalLoss(),\n        nn.FocalLoss(gamma=1))",
  "if ready: criterion = nn.FocalLoss()",
  "items = [nn.FocalLoss() for _ in range(3)]",
  'text = f"{nn.FocalLoss()}"',
  "make = lambda: nn.FocalLoss()",
  "value = nn.FocalLoss()  # trailing comment",
  "value = nn.FocalLoss()  # noqa: E501",
  "assert isinstance(nn.FocalLoss(), object)",
  "del criterion",
  "pass",
  "# a comment",
  "print(nn.FocalLoss)",
];

const PYTHON_BLOCKS = [
  "def build(self):",
  "async def run():",
  "class Model:",
  "if ready:",
  "for step in range(2):",
  "while False:",
  "with context():",
  "@decorator\ndef wrapped():",
];

const SCRIPT_IMPORTS = [
  'import * as tf from "@tensorflow/tfjs";',
  'import { losses } from "@tensorflow/tfjs";',
  'import * as tf from "@tensorflow/tfjs-node";',
  'const tf = require("@tensorflow/tfjs");',
  'import { torch } from "js-pytorch";',
];

const SCRIPT_STATEMENTS = [
  'model.compile({ optimizer: "adam", loss: "focalLoss" });',
  'model.compile({ optimizer: "sgd", loss: "categoricalFocalCrossentropy" });',
  'model.compile({ loss: "mse" });',
  "const loss = tf.losses.focalLoss(labels, predictions);",
  "const pick = losses.sigmoidFocalCrossEntropy;",
  "const criterion = new torch.nn.FocalLoss();",
  "let a = 1; const b = tf.losses.focalLoss;",
  "const text = `${tf.losses.focalLoss}`;",
  "const make = () => tf.losses.focalLoss;",
  "const value = tf.losses.focalLoss; // trailing comment",
  "// a comment",
  "/* a block comment */",
  "console.log(tf.losses.focalLoss);",
];

const SCRIPT_BLOCKS = ["function build() {", "if (ready) {", "for (const x of xs) {", "{"];

const JSX_STATEMENTS = ["const view = <div title={tf.losses.focalLoss}>{loss}</div>;"];

function pythonProgram(random: Random, depth: number, indent: string, lines: string[]): void {
  const count = random.between(1, 5);
  for (let index = 0; index < count; index++) {
    const roll = random.int(10);
    if (roll < 2) {
      lines.push(
        ...random
          .pick(PYTHON_IMPORTS)
          .split("\n")
          .map((line) => indent + line),
      );
    } else if (roll < 4 && depth < 4) {
      lines.push(
        ...random
          .pick(PYTHON_BLOCKS)
          .split("\n")
          .map((line) => indent + line),
      );
      pythonProgram(random, depth + 1, `${indent}${random.pick(["    ", "  ", "\t"])}`, lines);
    } else {
      lines.push(
        ...random
          .pick(PYTHON_STATEMENTS)
          .split("\n")
          .map((line) => indent + line),
      );
    }
  }
}

function scriptProgram(
  random: Random,
  jsx: boolean,
  depth: number,
  indent: string,
  lines: string[],
): void {
  const count = random.between(1, 5);
  for (let index = 0; index < count; index++) {
    const roll = random.int(10);
    if (roll < 3 && depth < 4) {
      lines.push(indent + random.pick(SCRIPT_BLOCKS));
      scriptProgram(random, jsx, depth + 1, `${indent}  `, lines);
      lines.push(`${indent}}`);
    } else if (roll < 4 && jsx) {
      lines.push(indent + random.pick(JSX_STATEMENTS));
    } else {
      lines.push(indent + random.pick(SCRIPT_STATEMENTS));
    }
  }
}

/** Draws a valid Python, TypeScript or JavaScript program with focal-loss lookups in it. */
export function validProgram(random: Random): FuzzDocument {
  const languageId = random.pick(["python", "python", "typescript", "javascriptreact"]);
  const lines: string[] = [];
  if (languageId === "python") {
    if (random.chance(0.3)) {
      lines.push('"""A module docstring."""');
    }
    if (random.chance(0.3)) {
      lines.push("from __future__ import annotations");
    }
    lines.push(...random.pick(PYTHON_IMPORTS).split("\n"));
    pythonProgram(random, 0, "", lines);
  } else {
    lines.push(random.pick(SCRIPT_IMPORTS));
    scriptProgram(random, languageId === "javascriptreact", 0, "", lines);
  }
  const lineEnding = random.chance(0.2) ? "\r\n" : "\n";
  const text = lines.join(lineEnding) + (random.chance(0.8) ? lineEnding : "");
  return { label: "valid program", languageId, text };
}
