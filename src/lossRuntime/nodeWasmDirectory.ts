import { existsSync } from "node:fs";
import path from "node:path";

const WASM_FILE = "tfjs-backend-wasm.wasm";

/**
 * Finds the folder that contains the wasm backend's .wasm files in Node. Bundles in dist/ look
 * beside themselves, where scripts/build.mjs copies the files. Code run from source (tests,
 * tsx) falls back to the installed package. Throws when neither folder contains the files.
 */
export function findNodeWasmDirectory(): string {
  const candidates = [__dirname];
  try {
    const packageJson = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
    candidates.push(path.join(path.dirname(packageJson), "dist"));
  } catch {
    // Not installed, as in a packaged extension: only the bundle's folder is left to try.
  }

  const found = candidates.find((directory) => existsSync(path.join(directory, WASM_FILE)));
  if (found === undefined) {
    throw new Error(
      `${WASM_FILE} was not found in ${candidates.join(" or ")}. ` +
        "Run `node scripts/build.mjs`, which copies it into dist/.",
    );
  }
  return found;
}
