// Activation stays small: the client bundle contains no tfjs, which only the webview's bundle
// carries, beside its wasm files.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { DIST, requireBuild } from "../helpers/paths";

// tfjs flag names are string literals, so they survive minification, unlike module paths.
const TFJS_MARKER = /WEBGL_VERSION|WASM_HAS_SIMD_SUPPORT/;

test("client bundle has no tfjs", () => {
  const client = readFileSync(requireBuild("client.js"), "utf8");

  assert.doesNotMatch(client, TFJS_MARKER);
  assert.match(client, /createWebviewPanel/, "the panel's code is missing from the client");
});

test("webview bundle and wasm files built", (t) => {
  const webview = path.join(DIST, "webview");
  for (const file of ["webview.css", "tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"]) {
    assert.ok(
      existsSync(path.join(webview, file)),
      `dist/webview/${file} is missing; run npm run build`,
    );
  }
  const script = requireBuild("webview/webview.js");
  t.diagnostic(`dist/webview/webview.js: ${statSync(script).size} bytes`);
  assert.match(readFileSync(script, "utf8"), TFJS_MARKER);
});
