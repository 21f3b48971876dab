/**
 * Fragments that the fuzzer inserts into documents. They are the focal-loss spellings the rules
 * look for, the syntax that breaks parsers (brackets, quotes, indentation), and text that breaks
 * position arithmetic (line breaks of every kind, NUL, byte order marks, surrogates).
 */

/** Characters that LSP positions and tree-sitter count differently or that split badly. */
export const AWKWARD_TEXT = [
  "\n",
  "\r\n",
  "\r",
  "\0",
  "\uFEFF",
  "\uD83D", // a high surrogate without its low half
  "\uDE00", // a low surrogate without its high half
  "\uD83D\uDE00", // 😀, two UTF-16 code units
  "\u{1D5D4}", // 𝗔, a non-BMP letter
  "é",
  "\u2028",
  "\t",
];

const PYTHON_FRAGMENTS = [
  "\nimport torch.nn as nn\ncriterion = nn.FocalLoss(gamma=2.0)\n",
  "\nfrom torch.nn import FocalLoss\nloss = FocalLoss()\n",
  "\nimport torch.nn.functional as F\nvalue = F.focal_loss(logits, targets)\n",
  "\nfrom tensorflow import keras\nloss = keras.losses.FocalLoss(gamma=2.0)\n",
  "import torch.nn as nn\n",
  "import torch\n",
  "from torch import nn\n",
  "from torch.nn import FocalLoss\n",
  "from torch.nn import *\n",
  "import torch.nn.functional as F\n",
  "from tensorflow import keras\n",
  "import tensorflow as tf\n",
  "nn.FocalLoss(",
  "nn.FocalLoss(gamma=2.0)",
  "torch.nn.FocalLoss()",
  "FocalLoss()",
  "F.focal_loss(x, y)",
  "F.sigmoid_focal_loss(",
  "keras.losses.FocalLoss()",
  "tf.keras.losses.SigmoidFocalCrossEntropy()",
  "  # noqa: FL001",
  "# noqa",
  "def f(nn):\n    ",
  "class FocalLoss:\n    pass\n",
  "nn = None\n",
  "if True:\n    ",
  "    ",
  "lambda: ",
  "async def g():\n    await ",
  "yield ",
  "return ",
  '"""',
  "'''",
  '"',
  "'",
  'f"{',
  "\\",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ":",
  ",",
  ".",
  "=",
  "@",
  "#",
];

const SCRIPT_FRAGMENTS = [
  '\nimport * as tf from "@tensorflow/tfjs";\nconst loss = tf.losses.focalLoss(labels, predictions);\n',
  '\nmodel.compile({ optimizer: "sgd", loss: "focal_loss" });\n',
  'import * as tf from "@tensorflow/tfjs";\n',
  'const tf = require("@tensorflow/tfjs");\n',
  'import { losses } from "@tensorflow/tfjs";\n',
  'import { torch } from "js-pytorch";\n',
  "tf.losses.focalLoss(",
  "tf.losses.sigmoidFocalCrossEntropy(yTrue, yPred)",
  "losses.focalLoss",
  "new torch.nn.FocalLoss()",
  'model.compile({ optimizer: "adam", loss: "focalLoss" });\n',
  'model.compile({ loss: "mse" })',
  'loss: "binaryFocalCrossentropy"',
  "// focal-loss-ignore FL004",
  "// focal-loss-ignore",
  "function focalLoss(yTrue, yPred) {\n",
  "const tf = null;\n",
  "(tf) => ",
  "<div>{",
  "</div>",
  "`${",
  "`",
  "/*",
  "*/",
  "//",
  '"',
  "'",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ";",
  ",",
  ".",
  "=>",
  "?.",
  "as any",
];

const PYTHON_WORDS = ["def", "class", "if", "else", "for", "in", "with", "x", "y", "loss", "self"];
const SCRIPT_WORDS = ["const", "let", "function", "class", "if", "return", "x", "loss", "await"];

/** Returns the fragments that the fuzzer inserts into documents of `languageId`. */
export function fragmentsFor(languageId: string): readonly string[] {
  return languageId === "python" ? PYTHON_FRAGMENTS : SCRIPT_FRAGMENTS;
}

/** Returns plain words of the language, which keep mutated text close to real code. */
export function wordsFor(languageId: string): readonly string[] {
  return languageId === "python" ? PYTHON_WORDS : SCRIPT_WORDS;
}
