import assert from "node:assert/strict";
import { rmSync, statSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { packageVsixInCopy, type PackagedVsix } from "./packageVsix";
import { listVsixEntries, readVsixEntry, type VsixEntry } from "./vsixArchive";

/** Every file the VSIX may contain. vsce adds the first two and renames LICENSE and the docs. */
const ALLOWED_ENTRIES: readonly RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/dist\/(client|server|cli|evaluate)\.js$/,
  /^extension\/dist\/[\w.-]+\.wasm$/,
  /^extension\/dist\/webview\/(webview\.(js|css)|tfjs-backend-wasm[\w-]*\.wasm)$/,
  /^extension\/snippets\/[\w.-]+\.json$/,
];

/** Files the installed extension cannot work without. */
const REQUIRED_ENTRIES = [
  "extension/package.json",
  "extension/readme.md",
  "extension/changelog.md",
  "extension/LICENSE.txt",
  "extension/images/icon.png",
  "extension/dist/client.js",
  "extension/dist/server.js",
  "extension/dist/cli.js",
  "extension/dist/tree-sitter.wasm",
  "extension/dist/tree-sitter-python.wasm",
  "extension/dist/webview/webview.js",
  "extension/dist/webview/webview.css",
  "extension/dist/webview/tfjs-backend-wasm.wasm",
];

/** A size budget, not a Marketplace limit: it catches a bundle or folder added by mistake. */
const MAX_VSIX_BYTES = 6_000_000;

describe("VSIX package", () => {
  let packaged: PackagedVsix;
  let entries: VsixEntry[];

  before(async () => {
    packaged = packageVsixInCopy();
    entries = await listVsixEntries(packaged.vsixPath);
  });

  after(() => {
    if (packaged !== undefined) {
      rmSync(packaged.copyRoot, { recursive: true, force: true });
    }
  });

  test("contains only allow-listed files", (t) => {
    for (const entry of entries) {
      t.diagnostic(`${entry.fileName} (${entry.uncompressedSize} bytes)`);
    }

    const unexpected = entries
      .map((entry) => entry.fileName)
      .filter((name) => !name.endsWith("/"))
      .filter((name) => !ALLOWED_ENTRIES.some((pattern) => pattern.test(name)));
    assert.deepEqual(unexpected, [], "files outside the allow-list; fix .vscodeignore");
  });

  test("contains every required file", () => {
    const names = new Set(entries.map((entry) => entry.fileName));
    for (const required of REQUIRED_ENTRIES) {
      assert.ok(names.has(required), `${required} is missing from the VSIX`);
    }
  });

  test("has no source maps", async () => {
    const maps = entries.filter((entry) => entry.fileName.endsWith(".map"));
    assert.deepEqual(maps, []);

    for (const bundle of ["client", "server", "cli"]) {
      const text = (
        await readVsixEntry(packaged.vsixPath, `extension/dist/${bundle}.js`)
      ).toString();
      assert.doesNotMatch(text, /sourceMappingURL=/, `${bundle}.js links a source map`);
    }
  });

  test("is at most 6 MB", (t) => {
    const bytes = statSync(packaged.vsixPath).size;
    t.diagnostic(`VSIX size: ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB)`);
    assert.ok(bytes <= MAX_VSIX_BYTES, `the VSIX has ${bytes} bytes, over ${MAX_VSIX_BYTES}`);
  });

  test("manifest names the icon and bundle", async () => {
    const manifest = JSON.parse(
      (await readVsixEntry(packaged.vsixPath, "extension/package.json")).toString(),
    );
    assert.equal(manifest.icon, "images/icon.png");
    assert.equal(manifest.main, "./dist/client.js");
  });

  test("icon is a 128x128 PNG", async () => {
    const png = await readVsixEntry(packaged.vsixPath, "extension/images/icon.png");
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.deepEqual(png.subarray(0, 8), signature, "icon.png lacks the PNG signature");
    // The IHDR chunk, always first, contains the width and height as big-endian 32-bit integers.
    assert.equal(png.readUInt32BE(16), 128, "icon width");
    assert.equal(png.readUInt32BE(20), 128, "icon height");
  });
});
