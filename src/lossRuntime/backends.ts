import * as tf from "@tensorflow/tfjs";

/*
 * Backend selection, kept apart from the loss code and free of Node imports so that the webview
 * bundle can use it. In Node, tfjs 4.22 does not register webgl, so requesting it fails with an
 * error that names the alternatives.
 */

export type BackendName = "cpu" | "wasm" | "webgl";
export const BACKEND_NAMES: readonly BackendName[] = ["cpu", "wasm", "webgl"];

let wasmDirectory: string | null = null;
let wasmLoaded = false;

/**
 * Sets the directory (or URL prefix) from which the wasm backend loads its .wasm files. It must be
 * called before the wasm backend is first selected, because tfjs reads the path only once.
 * Without it, selecting wasm fails instead of letting tfjs guess a location.
 */
export function setWasmDirectory(directory: string): void {
  // tfjs joins the prefix and the file name without a separator.
  const prefix = directory.endsWith("/") ? directory : `${directory}/`;
  if (wasmLoaded && prefix !== wasmDirectory) {
    throw new Error(
      `The wasm backend was already loaded from ${wasmDirectory}, so it cannot switch to ` +
        `${prefix}. Call setWasmDirectory before the first use of the wasm backend.`,
    );
  }
  wasmDirectory = prefix;
}

/**
 * Makes `name` the active tfjs backend, loading the wasm module on first use.
 * Throws when the backend cannot start in this environment.
 */
export async function selectBackend(name: BackendName): Promise<void> {
  if (name === "wasm") {
    await loadWasmBackend();
  }
  if (tf.getBackend() === name) {
    return;
  }

  // wasm registers itself only once loaded, so it counts as available before that.
  const others = BACKEND_NAMES.filter(
    (other) => other !== name && (other === "wasm" || tf.findBackendFactory(other) !== null),
  ).join(" or ");
  if (tf.findBackendFactory(name) === null) {
    throw new Error(
      `The ${name} backend is not registered in this environment (tfjs 4.22 registers webgl ` +
        `only in browsers). Use ${others} instead.`,
    );
  }
  const started = await tf.setBackend(name);
  if (!started) {
    const wasmHint =
      name === "wasm" ? ` Check that ${wasmDirectory} contains tfjs-backend-wasm*.wasm.` : "";
    throw new Error(
      `The ${name} backend failed to start in this environment.${wasmHint} Use ${others} instead.`,
    );
  }
  await tf.ready();
}

async function loadWasmBackend(): Promise<void> {
  if (wasmLoaded) {
    return;
  }
  if (wasmDirectory === null) {
    throw new Error(
      "The wasm backend needs the directory that contains tfjs-backend-wasm*.wasm. " +
        "Call setWasmDirectory(directory) first, for example with the folder of the bundle.",
    );
  }

  // Imported on demand: importing it registers "wasm" with a higher priority than "cpu", which
  // would change the default backend for everyone who only uses cpu.
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  wasm.setWasmPaths(wasmDirectory);
  wasmLoaded = true;
}
