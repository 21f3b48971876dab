import {
  functionText,
  type FunctionTemplates,
} from "../../server/src/fixes/typescript/functionTemplate";
import { choice, escapeSnippetText, placeholder, type Snippet } from "./snippetSyntax";

const GAMMAS = ["2", "0.5", "1", "5", "0"];

/**
 * The options for binding `tf` at the top of the training snippet. The default binds nothing,
 * because a snippet cannot see the file. A second `tf` binding is a syntax error for the whole
 * file, while a missing one fails only the inserted code.
 */
function tfBindings(javascript: boolean): string[] {
  const esm = 'import * as tf from "@tensorflow/tfjs";';
  const commonJs = 'const tf = require("@tensorflow/tfjs");';
  const inScope = "// Uses the tf namespace that this file already imports.";
  return javascript ? [inScope, commonJs, esm] : [inScope, esm];
}

/**
 * The template's function as snippet lines, with its `gamma` and `alpha` defaults as the tab
 * stops `firstTabStop` and the one after it.
 */
function functionLines(
  templates: FunctionTemplates,
  javascript: boolean,
  name: string,
  alphas: string[],
  firstTabStop = 1,
): string[] {
  const text = escapeSnippetText(functionText(templates, javascript, "tf", "  ", "\n", name));
  const alpha = choice(firstTabStop + 1, alphas);
  return text
    .replace("gamma = 2,", `gamma = ${choice(firstTabStop, GAMMAS)},`)
    .replace(/(alpha(?:: [^=]+)?) = null/, (_, head: string) => `${head} = ${alpha}`)
    .split("\n");
}

/**
 * Builds the TypeScript or JavaScript snippets from the template the FL004 quick fix inserts:
 * the categorical focal loss, the binary one, and a model compiled and trained with it.
 */
export function buildScriptSnippets(
  templates: FunctionTemplates,
  javascript: boolean,
): Record<string, Snippet> {
  const alphas = ["null", "0.25"];
  const typed = (declaration: string) => (javascript ? "" : declaration);
  return {
    "Focal loss function": {
      prefix: ["focalloss", "focalLoss"],
      description:
        "A categorical focal loss for model.compile({ loss: focalLoss }), on softmax outputs. " +
        "It uses the tf namespace that the file imports.",
      body: [...functionLines(templates, javascript, "focalLoss", alphas), "$0"],
    },
    "Binary focal loss function": {
      prefix: ["sigmoidfocal", "binaryFocalLoss"],
      description:
        "A binary focal loss for sigmoid outputs: binary and multi-label targets. It uses the " +
        "tf namespace that the file imports.",
      body: [...functionLines(templates, javascript, "binaryFocalLoss", alphas), "$0"],
    },
    "Focal loss training": {
      prefix: ["focaltrain"],
      description:
        "A tfjs model compiled and trained with the focal loss function. The first tab stop " +
        "chooses how tf is bound: by the file's own import (the default) or by a new one.",
      body: [
        choice(1, tfBindings(javascript)),
        "",
        ...functionLines(templates, javascript, "focalLoss", alphas, 2),
        "",
        `async function train(xs${typed(": tf.Tensor")}, ys${typed(": tf.Tensor")})` +
          `${typed(": Promise<tf.Sequential>")} {`,
        "  const model = tf.sequential();",
        "  model.add(",
        `    tf.layers.dense({ units: ${placeholder(4, "3")}, inputShape: [${placeholder(5, "4")}], ` +
          'activation: "softmax" }),',
        "  );",
        `  model.compile({ optimizer: "${choice(6, ["adam", "sgd", "rmsprop"])}", loss: focalLoss });`,
        `  await model.fit(xs, ys, { epochs: ${placeholder(7, "10")} });`,
        "  return model;",
        "}$0",
      ],
    },
  };
}
