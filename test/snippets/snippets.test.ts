import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
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
