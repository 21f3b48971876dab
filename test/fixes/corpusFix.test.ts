import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { collectFiles } from "../../server/src/cli/collectFiles";
import { analyzeDocument } from "../../server/src/analysis/analyzeDocument";
import { findHeaderEnd } from "../../server/src/fixes/python/moduleLayout";
import { fixAllPython, parsePython } from "../helpers/applyFixes";
import { runPython } from "../helpers/python";

const CORPUS = [
  "/usr/lib/python3/dist-packages/torch",
  "/usr/lib/python3/dist-packages/torchvision",
];
const missing = CORPUS.filter((dir) => !existsSync(dir));
const skip =
  missing.length > 0 && !process.env.CI
    ? `${missing.join(", ")} not installed; install python3-torch and python3-torchvision`
    : false;

const INJECTED = ["import torch.nn as nn", "_focal_probe = nn.FocalLoss(gamma=2.0)", ""].join("\n");

/** A small deterministic generator, so a failure can be reproduced from the file name. */
function seededIndex(seed: string, count: number): number {
  let hash = 2166136261;
  for (const char of seed) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return hash % count;
}

/** Inserts the probe before a top-level statement that follows the module header. */
async function inject(file: string, text: string): Promise<string> {
  const tree = await parsePython(text);
  try {
    const header = findHeaderEnd(tree);
    const afterHeader = header.statements.length;
    const statements = tree.rootNode.namedChildren.filter(
      (node) => node !== null && node.type !== "comment",
    );
    const candidates = statements.slice(afterHeader);
    if (candidates.length === 0) {
      return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${INJECTED}`;
    }
    const target = candidates[seededIndex(file, candidates.length)]!;
    const start = text.lastIndexOf("\n", target.startIndex - 1) + 1;
    return text.slice(0, start) + INJECTED + text.slice(start);
  } finally {
    tree.delete();
  }
}

test("fixing injected references keeps torch compiling", { skip, timeout: 600_000 }, async () => {
  assert.deepEqual(missing, [], `CI must install ${missing.join(", ")}`);
  const out = mkdtempSync(path.join(os.tmpdir(), "focal-corpus-"));
  const files = collectFiles(CORPUS).filter((file) => file.endsWith(".py"));
  let fixed = 0;
  let notOffered = 0;
  const written: string[] = [];

  for (const [index, file] of files.entries()) {
    const original = readFileSync(file, "utf8");
    const injected = await inject(file, original);
    const result = await fixAllPython(injected);
    if (result === undefined) {
      notOffered++;
      continue;
    }
    const tree = await parsePython(result);
    const remaining = analyzeDocument("python", tree, result).filter(
      (item) => item.code === "FL001",
    );
    tree.delete();
    assert.deepEqual(remaining, [], `${file}: FL001 remains after the fix`);

    const target = path.join(out, `${index}.py`);
    writeFileSync(target, result);
    written.push(target);
    fixed++;
  }

  const script = [
    "import json, sys",
    "failures = []",
    "for path in sys.argv[1:]:",
    "    try:",
    "        with open(path, encoding='utf-8') as source:",
    "            compile(source.read(), path, 'exec')",
    "    except SyntaxError as error:",
    "        failures.append(f'{path}: {error}')",
    "print(json.dumps(failures))",
  ].join("\n");
  const failures = JSON.parse(runPython(script, written)) as string[];
  console.log(`corpus fix: ${files.length} files, ${fixed} fixed, ${notOffered} without a fix`);
  assert.deepEqual(failures, []);
  assert.ok(fixed > files.length * 0.9, `only ${fixed} of ${files.length} files were fixed`);
});
