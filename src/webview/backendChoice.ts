import * as tf from "@tensorflow/tfjs";
// Registers the wasm backend and its flags now, so that disableWasmThreads can set one.
import "@tensorflow/tfjs-backend-wasm";
import { selectBackend, type BackendName } from "../lossRuntime";

/** WebGL first, because it is the fastest where a GPU serves it; wasm and then cpu. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ["webgl", "wasm", "cpu"];

export const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: "WebGL",
  wasm: "wasm",
  cpu: "cpu",
};

export interface BackendChoice {
  backend: BackendName;
  /** The backends tried before it, each with the reason it did not start. */
  unavailable: { backend: BackendName; reason: string }[];
}

/**
 * Selects the first backend of `order` that starts here. Throws when none does, which happens
 * only if even the cpu backend fails, such as in a page without the tfjs bundle.
 */
export async function chooseBackend(
  order: readonly BackendName[] = BACKEND_PREFERENCE,
): Promise<BackendChoice> {
  const unavailable: BackendChoice["unavailable"] = [];
  for (const backend of order) {
    try {
      await selectBackend(backend);
      return { backend, unavailable };
    } catch (error) {
      unavailable.push({ backend, reason: (error as Error).message });
    }
  }
  const reasons = unavailable.map((item) => `${item.backend}: ${item.reason}`).join(" ");
  throw new Error(`No tfjs backend started. ${reasons}`);
}

/**
 * Keeps the wasm backend on its single-threaded builds. tfjs 4.22 picks the threaded build
 * wherever SharedArrayBuffer is available (cross-origin isolated pages), and that build starts
 * Workers from blob: URLs, which the page's CSP blocks (worker-src falls back to default-src
 * 'none'). It also lets the extension ship only the two single-threaded .wasm files.
 */
export function disableWasmThreads(): void {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
}

/** Returns the number of tensors tfjs holds, which is 0 after every evaluation has finished. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
