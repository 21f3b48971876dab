import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { generateSnippets } from "../../scripts/generate-snippets";
import { expandDefaults, type Snippet } from "../../src/snippets/snippetSyntax";
import { REPO_ROOT } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const contributed: { language: string; path: string }[] = manifest.contributes.snippets;

function readSnippets(language: string): Record<string, Snippet> {
  const entry = contributed.find((item) => item.language === language);
  assert.ok(entry !== undefined, `package.json contributes no ${language} snippets`);
  return JSON.parse(readFileSync(path.join(REPO_ROOT, entry.path), "utf8"));
}

test("committed snippets match the templates", async () => {
  for (const [file, text] of await generateSnippets()) {
    assert.equal(readFileSync(file, "utf8"), text, `${file} is stale: run "npm run build"`);
  }
});

test("contributed snippet files exist", () => {
  for (const entry of contributed) {
    assert.ok(existsSync(path.join(REPO_ROOT, entry.path)), `${entry.path} is missing`);
  }
});

test("snippet prefixes are unique", () => {
  const prefixes = Object.values(readSnippets("python")).flatMap((snippet) =>
    Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix],
  );
  assert.equal(new Set(prefixes).size, prefixes.length);
  assert.ok(prefixes.includes("focalloss"));
  assert.ok(prefixes.includes("sigmoidfocal"));
  assert.ok(prefixes.includes("focaltrain"));
});

test("expandDefaults takes first choices", () => {
  assert.equal(expandDefaults(["f(${1|a,b|}, ${2:x}, $2, \\$3)$0"]), "f(a, x, x, $3)");
});

test("python snippet bodies compile", () => {
  const bodies = Object.entries(readSnippets("python")).map(([name, snippet]) => ({
    name,
    source: expandDefaults(snippet.body),
  }));
  const script = [
    "import json, sys",
    "for item in json.load(sys.stdin):",
    "    compile(item['source'], item['name'], 'exec')",
  ].join("\n");
  runPython(script, [], JSON.stringify(bodies));
});

test("focal loss snippet runs", { skip: skipWithoutTorch() }, () => {
  const source = expandDefaults(readSnippets("python")["Focal loss module"].body);
  const script = [
    source,
    "torch.manual_seed(0)",
    "value = criterion(torch.randn(4, 3), torch.tensor([0, 1, 2, 1]))",
    "print(float(value))",
  ].join("\n");
  const printed = Number(runPython(script).trim());
  assert.ok(Number.isFinite(printed) && printed > 0, `the snippet printed ${printed}`);
});

/** Writes each snippet's expanded body to a file, adding the tfjs import where it has none. */
function writeScriptSnippets(language: string, extension: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), `focal-snippets-${language}-`));
  return Object.values(readSnippets(language)).map((snippet, index) => {
    const source = expandDefaults(snippet.body);
    const file = path.join(dir, `snippet${index}.${extension}`);
    const header = source.includes("@tensorflow/tfjs")
      ? ""
      : 'import * as tf from "@tensorflow/tfjs";\n';
    writeFileSync(file, `${header}${source}\nexport {};\n`);
    return file;
  });
}

test("typescript snippet bodies compile", () => {
  const files = writeScriptSnippets("typescript", "ts");
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noUnusedLocals: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    baseUrl: REPO_ROOT,
    paths: { "@tensorflow/tfjs": ["node_modules/@tensorflow/tfjs"] },
  });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .map((item) => ts.flattenDiagnosticMessageText(item.messageText, "\n"));
  assert.deepEqual(errors, []);
});

test("javascript snippet bodies parse", () => {
  for (const file of writeScriptSnippets("javascript", "mjs")) {
    const result = spawnSync(process.execPath, ["--check", file], { encoding: "utf8" });
    assert.equal(result.status, 0, `${file}: ${result.stderr}`);
  }
});

test("typescript and javascript prefixes match", () => {
  const prefixes = (language: string) =>
    Object.values(readSnippets(language)).map((snippet) => snippet.prefix);
  assert.deepEqual(prefixes("typescript"), prefixes("javascript"));
});
