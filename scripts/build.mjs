// Bundles the client, the language server and the CLI into dist/ with esbuild, and copies the
// tree-sitter wasm files beside them, because the server loads grammars from its own folder.
import * as esbuild from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTypeScriptTemplates } from "./typescriptTemplates.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, "dist");
const watch = process.argv.includes("--watch");
const release = process.argv.includes("--release");

const wasmFiles = [
  ["node_modules/web-tree-sitter/tree-sitter.wasm", "tree-sitter.wasm"],
  ["node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm", "tree-sitter-python.wasm"],
  [
    "node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm",
    "tree-sitter-typescript.wasm",
  ],
  ["node_modules/@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm", "tree-sitter-tsx.wasm"],
  [
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm",
    "tfjs-backend-wasm.wasm",
  ],
  [
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm",
    "tfjs-backend-wasm-simd.wasm",
  ],
  [
    "node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm",
    "tfjs-backend-wasm-threaded-simd.wasm",
  ],
];

/** @type {import("esbuild").BuildOptions} */
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: release ? false : "linked",
  minify: release,
  logLevel: "info",
  // The Python implementation that quick fixes insert is bundled as text, and so is the
  // TypeScript one with its JavaScript version.
  loader: { ".py": "text" },
  define: { __FUNCTION_TEMPLATES__: JSON.stringify(loadTypeScriptTemplates(root)) },
  // The ESM build of web-tree-sitter reads import.meta.url, which a CommonJS bundle lacks.
  alias: { "web-tree-sitter": "./node_modules/web-tree-sitter/tree-sitter.cjs" },
};

const builds = [
  { entryPoints: { client: "client/src/extension.ts" }, external: ["vscode"] },
  { entryPoints: { server: "server/src/server.ts" } },
  { entryPoints: { cli: "server/src/cli.ts" }, banner: { js: "#!/usr/bin/env node" } },
  { entryPoints: { evaluate: "src/lossRuntime/evaluateCli.ts" } },
  // The webview's page script with tfjs, for the browser. It writes webview.js and webview.css.
  {
    entryPoints: { "webview/webview": "src/webview/main.ts" },
    platform: "browser",
    target: "es2022",
    format: "iife",
  },
];

// The "Evaluate Sample" webview loads the tfjs wasm backend's files from dist/webview/, the only
// folder its localResourceRoots allow. It turns the threaded build off (see
// src/webview/backendChoice.ts), so only the single-threaded builds are copied.
const webviewWasmFiles = wasmFiles
  .filter(([, to]) => to.startsWith("tfjs-backend-wasm") && !to.includes("threaded"))
  .map(([from, to]) => [from, path.join("webview", to)]);

async function copyWasm() {
  await mkdir(path.join(dist, "webview"), { recursive: true });
  for (const [from, to] of [...wasmFiles, ...webviewWasmFiles]) {
    await copyFile(path.join(root, from), path.join(dist, to));
  }
}

await copyWasm();
const contexts = await Promise.all(
  builds.map((options) => esbuild.context({ ...common, ...options, outdir: dist })),
);
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
