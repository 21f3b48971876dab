import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { CodeAction, TextDocumentEdit, TextEdit } from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeDocument } from "../../server/src/analysis/analyzeDocument";
import { collectFiles } from "../../server/src/cli/collectFiles";
import { parseOrThrow } from "../../server/src/documents/parsedDocument";
import { planSafeFixes } from "../../server/src/fixes/fixDocument";
import type { FixTemplates } from "../../server/src/fixes/fixTemplates";
import { ImplementationTemplate } from "../../server/src/fixes/python/implementationTemplate";
import { applyEdits } from "../../server/src/fixes/textEdits";
import { loadGrammars } from "../../server/src/parsing/languages";
import { ParserPool } from "../../server/src/parsing/parserPool";
import { TEMPLATE_PATH } from "../helpers/applyFixes";
import { loadFunctionTemplates } from "../helpers/functionTemplates";
import { DIST } from "../helpers/paths";
import { runPython } from "../helpers/python";
import { injectProbes } from "../fuzz/engine/probes";
import { startServer } from "../fuzz/engine/session";
import { missingCorpus, skipWithoutCorpus, TORCH_CORPUS } from "../helpers/torchCorpus";

/** Files whose fix-all goes through the server, spread evenly over the corpus. */
const SERVER_SAMPLE = 100;
const PROBE_CODES = new Set(["FL001", "FL002"]);

/** Compiles each file with CPython and returns "path: error" for those that do not compile. */
function compileFailures(files: string[]): string[] {
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
  return files.length === 0 ? [] : (JSON.parse(runPython(script, files)) as string[]);
}

/** Applies the edit of the server's `source.fixAll.focalLoss` action, or returns undefined. */
function applyFixAll(text: string, actions: CodeAction[]): string | undefined {
  const change = (actions[0]?.edit?.documentChanges as TextDocumentEdit[] | undefined)?.[0];
  if (change === undefined) {
    return undefined;
  }
  const document = TextDocument.create("file:///corpus.py", "python", 1, text);
  return TextDocument.applyEdits(document, change.edits as TextEdit[]);
}

test(
  "probes fixed through the server compile",
  { skip: skipWithoutCorpus, timeout: 900_000 },
  async (t) => {
    assert.deepEqual(missingCorpus, [], `CI must install ${missingCorpus.join(", ")}`);
    const parser = new ParserPool(await loadGrammars(DIST)).get("python");
    const templates: FixTemplates = {
      python: ImplementationTemplate.parse(readFileSync(TEMPLATE_PATH, "utf8"), parser),
      functions: loadFunctionTemplates(),
    };
    const out = mkdtempSync(path.join(os.tmpdir(), "focal-probes-"));
    const files = collectFiles(TORCH_CORPUS).files.filter((file) => file.endsWith(".py"));
    const every = Math.max(1, Math.floor(files.length / SERVER_SAMPLE));
    const client = await startServer(t);

    const counts = { injected: 0, fixedFiles: 0, fixes: 0, remaining: 0, viaServer: 0 };
    const injectedFiles: string[] = [];
    const fixedFiles: string[] = [];
    const fixedFrom = new Map<string, string>();
    const serverDisagreements: string[] = [];

    for (const [index, file] of files.entries()) {
      const original = readFileSync(file, "utf8");
      const originalTree = parseOrThrow(parser, original);
      const injected = injectProbes(originalTree, original, file);
      originalTree.delete();
      if (injected === undefined) {
        continue;
      }
      counts.injected++;
      const injectedPath = path.join(out, `${index}.in.py`);
      writeFileSync(injectedPath, injected);
      injectedFiles.push(injectedPath);

      // Every file in this process, as the CLI's --fix plans it.
      const tree = parseOrThrow(parser, injected);
      const findings = analyzeDocument("python", tree, injected);
      const plan = planSafeFixes("python", "python", tree, injected, findings, templates);
      tree.delete();
      const fixed = plan === undefined ? undefined : applyEdits(injected, plan.edits);

      // A sample through the server's fix-all code action, which must give the same text.
      if (index % every === 0 && counts.viaServer < SERVER_SAMPLE) {
        counts.viaServer++;
        const uri = `file:///corpus/${index}.py`;
        await client.openDocument(uri, injected);
        await client.waitForDiagnostics(uri, (publish) => publish.version === 1);
        const actions = await client.request<CodeAction[]>("textDocument/codeAction", {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ["source.fixAll.focalLoss"] },
        });
        await client.closeDocument(uri);
        if (applyFixAll(injected, actions) !== fixed) {
          serverDisagreements.push(file);
        }
      }
      if (fixed === undefined) {
        counts.remaining += findings.filter((item) => PROBE_CODES.has(item.code)).length;
        continue;
      }

      const after = parseOrThrow(parser, fixed);
      const remaining = analyzeDocument("python", after, fixed).filter((item) =>
        PROBE_CODES.has(item.code),
      ).length;
      after.delete();
      const before = findings.filter((item) => PROBE_CODES.has(item.code)).length;
      counts.fixes += before - remaining;
      counts.remaining += remaining;
      counts.fixedFiles++;
      const fixedPath = path.join(out, `${index}.out.py`);
      writeFileSync(fixedPath, fixed);
      fixedFiles.push(fixedPath);
      fixedFrom.set(fixedPath, file);
    }
    await client.shutdown();

    const injectionFailures = compileFailures(injectedFiles);
    const failures = compileFailures(fixedFiles).map((failure) => {
      const fixedPath = failure.slice(0, failure.indexOf(".out.py") + ".out.py".length);
      return `${fixedFrom.get(fixedPath)} (fixed copy ${failure})`;
    });
    console.log(
      `corpus fix with probes: ${files.length} files, ${counts.injected} injected, ` +
        `${counts.fixedFiles} fixed, ${counts.fixes} findings fixed, ${counts.remaining} left, ` +
        `${counts.viaServer} through the server, ${serverDisagreements.length} server ` +
        `disagreements, ${failures.length} compile failures`,
    );
    assert.deepEqual(injectionFailures, [], "the probes themselves broke these files");
    assert.deepEqual(
      serverDisagreements,
      [],
      "the server's fix-all differs from the in-process one",
    );
    assert.deepEqual(failures, []);
    assert.equal(counts.viaServer, SERVER_SAMPLE);
    // The fixer declines a whole file when one scope both imports FocalLoss from torch.nn and
    // reads nn.FocalLoss, which the random positions produce in about a fifth of the files.
    assert.ok(
      counts.fixedFiles > counts.injected * 0.75,
      `only ${counts.fixedFiles} of ${counts.injected} files were fixed`,
    );
  },
);
