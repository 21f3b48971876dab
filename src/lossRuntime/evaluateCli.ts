// Entry point of dist/evaluate.js: reads one sample as JSON from stdin, or from the file named by
// the first argument, and prints the result as JSON. Invalid input prints {"error": "..."} and
// exits with status 1.
import * as tf from "@tensorflow/tfjs";
import { readFile } from "node:fs/promises";
import { setWasmDirectory } from "./backends";
import { evaluateSample } from "./evaluateSample";
import { findNodeWasmDirectory } from "./nodeWasmDirectory";
import { ValidationError } from "./validationError";

const USAGE = "Usage: node dist/evaluate.js [sample.json]. Without a file it reads stdin.";

/** A failure that the CLI prints as {"error": message, "field"?: field}. */
class CliError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readSample(args: string[]): Promise<unknown> {
  if (args.length > 1) {
    throw new CliError(`Expected at most one argument, a sample file. ${USAGE}`);
  }

  let text: string;
  try {
    text = args.length === 1 ? await readFile(args[0], "utf8") : await readStdin();
  } catch (error) {
    throw new CliError(`Could not read ${args[0] ?? "stdin"}: ${(error as Error).message}`);
  }
  // Editors on Windows often save JSON with a byte order mark, which JSON.parse rejects.
  if (text.startsWith("\uFEFF")) {
    text = text.slice(1);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`The sample is not valid JSON: ${(error as Error).message}`);
  }
}

async function main(): Promise<number> {
  // Production mode keeps tfjs from printing its "install tfjs-node" notice on every run.
  tf.enableProdMode();

  const args = process.argv.slice(2);
  if (args[0] === "--help" || args[0] === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const sample = await readSample(args);
    if ((sample as { backend?: unknown } | null)?.backend === "wasm") {
      setWasmDirectory(findNodeWasmDirectory());
    }
    const result = await evaluateSample(sample);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    const field =
      error instanceof ValidationError || error instanceof CliError ? error.field : undefined;
    const output =
      field === undefined
        ? { error: (error as Error).message }
        : { error: (error as Error).message, field };
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 1;
  }
}

void main().then((status) => {
  process.exitCode = status;
});
