import {
  functionText,
  type FunctionTemplates,
} from "../../server/src/fixes/typescript/functionTemplate";
import { choice, escapeSnippetText, placeholder, type Snippet } from "./snippetSyntax";

const GAMMAS = ["2", "0.5", "1", "5", "0"];

/** The template's function as snippet lines, with its `gamma` and `alpha` defaults as tab stops. */
function functionLines(
  templates: FunctionTemplates,
  javascript: boolean,
  name: string,
  alphas: string[],
): string[] {
  const text = escapeSnippetText(functionText(templates, javascript, "tf", "  ", "\n", name));
  return text
    .replace("gamma = 2,", `gamma = ${choice(1, GAMMAS)},`)
    .replace(/(alpha(?:: [^=]+)?) = null/, (_, head: string) => `${head} = ${choice(2, alphas)}`)
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
  const categorical = functionLines(templates, javascript, "focalLoss", ["null", "0.25"]);
  const typed = (declaration: string) => (javascript ? "" : declaration);
  return {
    "Focal loss function": {
      prefix: ["focalloss", "focalLoss"],
      description:
        "A categorical focal loss for model.compile({ loss: focalLoss }), on softmax outputs.",
      body: [...categorical, "$0"],
    },
    "Binary focal loss function": {
      prefix: ["sigmoidfocal", "binaryFocalLoss"],
      description: "A binary focal loss for sigmoid outputs: binary and multi-label targets.",
      body: [...functionLines(templates, javascript, "binaryFocalLoss", ["null", "0.25"]), "$0"],
    },
    "Focal loss training": {
      prefix: ["focaltrain"],
      description: "A tfjs model compiled and trained with the focal loss function.",
      body: [
        'import * as tf from "@tensorflow/tfjs";',
        "",
        ...categorical,
        "",
        `async function train(xs${typed(": tf.Tensor")}, ys${typed(": tf.Tensor")})` +
          `${typed(": Promise<tf.Sequential>")} {`,
        "  const model = tf.sequential();",
        "  model.add(",
        `    tf.layers.dense({ units: ${placeholder(3, "3")}, inputShape: [${placeholder(4, "4")}], ` +
          'activation: "softmax" }),',
        "  );",
        `  model.compile({ optimizer: "${choice(5, ["adam", "sgd", "rmsprop"])}", loss: focalLoss });`,
        `  await model.fit(xs, ys, { epochs: ${placeholder(6, "10")} });`,
        "  return model;",
        "}$0",
      ],
    },
  };
}
