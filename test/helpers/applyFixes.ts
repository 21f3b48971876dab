import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzeDocument } from "../../server/src/analysis/analyzeDocument";
import { parseOrThrow } from "../../server/src/documents/parsedDocument";
import { planSafeFixes } from "../../server/src/fixes/fixDocument";
import { ImplementationTemplate } from "../../server/src/fixes/python/implementationTemplate";
import { applyEdits } from "../../server/src/fixes/textEdits";
import { grammarForLanguageId, loadGrammars } from "../../server/src/parsing/languages";
import { ParserPool } from "../../server/src/parsing/parserPool";
import { loadFunctionTemplates } from "./functionTemplates";
import { DIST, REPO_ROOT, requireBuild } from "./paths";

export const TEMPLATE_PATH = path.join(REPO_ROOT, "templates", "python", "focal_loss.py");

let pool: Promise<{ parsers: ParserPool; template: ImplementationTemplate }> | undefined;

async function setup() {
  pool ??= (async () => {
    requireBuild("tree-sitter-python.wasm");
    const parsers = new ParserPool(await loadGrammars(DIST));
    const template = ImplementationTemplate.parse(
      readFileSync(TEMPLATE_PATH, "utf8"),
      parsers.get("python"),
    );
    return { parsers, template };
  })();
  return pool;
}

/**
 * Applies every safe fix to Python source, as the server's `source.fixAll.focalLoss` action and
 * the CLI's `--fix` do. Returns undefined when no fix is offered.
 */
export async function parsePython(text: string) {
  const { parsers } = await setup();
  return parseOrThrow(parsers.get("python"), text);
}

export async function fixAllPython(text: string): Promise<string | undefined> {
  const { parsers, template } = await setup();
  const tree = parseOrThrow(parsers.get("python"), text);
  try {
    const findings = analyzeDocument("python", tree, text);
    const plan = planSafeFixes("python", "python", tree, text, findings, {
      python: template,
      functions: loadFunctionTemplates(),
    });
    return plan === undefined ? undefined : applyEdits(text, plan.edits);
  } finally {
    tree.delete();
  }
}

/** Applies every safe fix to TypeScript or JavaScript source, as the server's fix-all does. */
export async function fixAllScript(text: string, languageId: string): Promise<string | undefined> {
  const { parsers, template } = await setup();
  const grammar = grammarForLanguageId(languageId);
  if (grammar === undefined) {
    throw new Error(`${languageId} is not a language the server parses.`);
  }
  const tree = parseOrThrow(parsers.get(grammar), text);
  try {
    const findings = analyzeDocument(grammar, tree, text);
    const plan = planSafeFixes(grammar, languageId, tree, text, findings, {
      python: template,
      functions: loadFunctionTemplates(),
    });
    return plan === undefined ? undefined : applyEdits(text, plan.edits);
  } finally {
    tree.delete();
  }
}
