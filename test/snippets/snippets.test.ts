import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { generateSnippets } from "../../scripts/generate-snippets";
import {
  choiceOptions,
  expandChoosing,
  expandDefaults,
  type Snippet,
} from "../../src/snippets/snippetSyntax";
import { REPO_ROOT } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const contributed: { language: string; path: string }[] = manifest.contributes.snippets;

function readSnippets(language: string): Record<string, Snippet> {
  const entry = contributed.find((item) => item.language === language);
  assert.ok(entry !== undefined, `package.json contributes no ${language} snippets`);
  return JSON.parse(readFileSync(path.join(REPO_ROOT, entry.path), "utf8"));
}

/** Returns the snippet with the `focaltrain` prefix in `language`, asserting there is one. */
function trainingSnippet(language: string): Snippet {
  const training = Object.values(readSnippets(language)).filter((snippet) =>
    [snippet.prefix].flat().includes("focaltrain"),
  );
  assert.equal(training.length, 1, `${language} has ${training.length} focaltrain snippets`);
  return training[0];
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

test("training snippets offer no reduction none", () => {
  // loss.backward() and loss.item() in a training step need a scalar loss.
  for (const language of ["python", "typescript", "javascript"]) {
    for (const [tabStop, options] of choiceOptions(trainingSnippet(language).body)) {
      const none = options.filter((option) => /^["']?none["']?$/.test(option));
      assert.deepEqual(none, [], `${language} focaltrain offers ${none} at tab stop ${tabStop}`);
    }
  }
});

test("python training step runs every choice", { skip: skipWithoutTorch() }, () => {
  const body = trainingSnippet("python").body;
  const variants = [...choiceOptions(body)].flatMap(([tabStop, options]) =>
    options.map((option) => ({
      label: `tab stop ${tabStop} = ${option}`,
      source: expandChoosing(body, new Map([[tabStop, option]])),
    })),
  );
  const script = [
    "import json, math, sys, torch",
    "failures = []",
    "for item in json.load(sys.stdin):",
    "    scope = {}",
    "    try:",
    "        exec(compile(item['source'], item['label'], 'exec'), scope)",
    "        torch.manual_seed(0)",
    "        model = torch.nn.Linear(4, 2)",
    "        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)",
    "        inputs, targets = torch.randn(8, 4), torch.randint(0, 2, (8,))",
    "        loss = scope['train_step'](model, optimizer, inputs, targets)",
    "        if not math.isfinite(loss):",
    "            failures.append(f\"{item['label']}: the loss is {loss}\")",
    "    except Exception as error:",
    "        failures.append(f\"{item['label']}: {type(error).__name__}: {error}\")",
    "print(json.dumps(failures))",
  ].join("\n");

  const failures = JSON.parse(runPython(script, [], JSON.stringify(variants)));

  assert.ok(variants.length >= 10, `only ${variants.length} variants`);
  assert.deepEqual(failures, []);
});

test("javascript training snippet runs in CommonJS", () => {
  // A CommonJS file that binds tf already, where an inserted import would be a syntax error.
  const dir = mkdtempSync(path.join(os.tmpdir(), "focal-snippets-commonjs-"));
  const file = path.join(dir, "train.cjs");
  const source = [
    'const tf = require("@tensorflow/tfjs");',
    expandDefaults(trainingSnippet("javascript").body),
    "const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], \"int32\"), 3);",
    "train(tf.randomNormal([8, 4]), labels).then((model) => {",
    '  console.log(`trained ${model.layers.length} layer`);',
    "});",
  ].join("\n");
  writeFileSync(file, source);

  const result = spawnSync(process.execPath, [file], {
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") },
  });

  assert.equal(result.status, 0, `${file}: ${result.stderr}`);
  assert.match(result.stdout, /trained 1 layer/);
});

/**
 * Expands each snippet's body with its default choices. A snippet with a choice of how `tf` is
 * bound is expanded once per option instead.
 */
function scriptSources(language: string): { name: string; source: string }[] {
  return Object.entries(readSnippets(language)).flatMap(([name, snippet]) => {
    const binding = [...choiceOptions(snippet.body)].find(([, options]) =>
      options.some((option) => option.includes("@tensorflow/tfjs")),
    );
    if (binding === undefined) {
      return [{ name, source: expandDefaults(snippet.body) }];
    }
    const [tabStop, options] = binding;
    return options.map((option) => ({
      name: `${name} with ${option}`,
      source: expandChoosing(snippet.body, new Map([[tabStop, option]])),
    }));
  });
}

/**
 * Writes each source of scriptSources to a file, adding the tfjs import where the source does
 * not bind `tf`. A source that calls require() goes to a CommonJS file.
 */
function writeScriptSnippets(language: string, extension: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), `focal-snippets-${language}-`));
  return scriptSources(language).map(({ source }, index) => {
    const commonJs = /\brequire\(/.test(source);
    const bindsTf = /^(?:import \* as tf from|const tf = require\()/m.test(source);
    const header = bindsTf ? "" : 'import * as tf from "@tensorflow/tfjs";\n';
    const footer = commonJs ? "" : "export {};\n";
    const file = path.join(dir, `snippet${index}.${commonJs ? "cjs" : extension}`);
    writeFileSync(file, `${header}${source}\n${footer}`);
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
