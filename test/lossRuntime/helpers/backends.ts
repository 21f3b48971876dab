import * as tf from "@tensorflow/tfjs";
import path from "node:path";
import { selectBackend, setWasmDirectory, type BackendName } from "../../../src/lossRuntime";

/** The backends that every runtime suite runs on in Node. */
export const TEST_BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

// Tests load the .wasm files from the installed package, not from dist/, so they need no build.
const WASM_DIRECTORY = path.resolve(
  __dirname,
  "../../../node_modules/@tensorflow/tfjs-backend-wasm/dist",
);

let configured = false;

/** Selects `name` as the tfjs backend for the tests that follow. */
export async function useTestBackend(name: BackendName): Promise<void> {
  if (!configured) {
    // Keeps tfjs from printing its "install tfjs-node" notice into the test output.
    tf.enableProdMode();
    setWasmDirectory(WASM_DIRECTORY);
    configured = true;
  }
  await selectBackend(name);
}
