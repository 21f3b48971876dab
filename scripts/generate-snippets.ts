// Writes snippets/*.json from the same templates the quick fixes insert, so there is one source.
// `npm run build` runs it; a test checks that the committed files equal what it writes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ImplementationTemplate } from "../server/src/fixes/python/implementationTemplate";
import { loadGrammars } from "../server/src/parsing/languages";
import { ParserPool } from "../server/src/parsing/parserPool";
import { buildPythonSnippets } from "../src/snippets/pythonSnippets";
import { buildScriptSnippets } from "../src/snippets/scriptSnippets";
import { loadFunctionTemplates } from "../test/helpers/functionTemplates";

const ROOT = path.resolve(__dirname, "..");

/** Returns each snippets file's path and JSON text. */
export async function generateSnippets(): Promise<Map<string, string>> {
  const parsers = new ParserPool(await loadGrammars(path.join(ROOT, "dist")));
  const source = readFileSync(path.join(ROOT, "templates", "python", "focal_loss.py"), "utf8");
  const template = ImplementationTemplate.parse(source, parsers.get("python"));
  const functions = loadFunctionTemplates();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return new Map([
    [path.join(ROOT, "snippets", "python.json"), json(buildPythonSnippets(template))],
    [path.join(ROOT, "snippets", "typescript.json"), json(buildScriptSnippets(functions, false))],
    [path.join(ROOT, "snippets", "javascript.json"), json(buildScriptSnippets(functions, true))],
  ]);
}

if (require.main === module) {
  void generateSnippets().then((files) => {
    for (const [file, text] of files) {
      writeFileSync(file, text);
    }
  });
}
