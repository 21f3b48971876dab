import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TextLinter } from "../../server/src/cli/lintText";
import { languageIdForPath, loadGrammars } from "../../server/src/parsing/languages";
import { FIXTURES, requireBuild } from "./paths";

/** Source files under test/fixtures/<language>/ that have a sidecar of expected findings. */
export function fixtureFiles(language: string): string[] {
  const dir = path.join(FIXTURES, language);
  return readdirSync(dir)
    .filter((name) => languageIdForPath(name) !== undefined && !/\.(in|out)\.\w+$/.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

export function sidecarPath(file: string): string {
  return `${file}.expected`;
}

/**
 * Lints one fixture with the analysis the server runs, as sidecar lines `line:col CODE`
 * (1-based line, 1-based UTF-16 column).
 */
export async function fixtureFindings(file: string): Promise<string[]> {
  const linter = new TextLinter(await loadGrammars(path.dirname(requireBuild("tree-sitter.wasm"))));
  const languageId = languageIdForPath(file) ?? "python";
  return linter
    .lint(path.basename(file), languageId, readFileSync(file, "utf8"))
    .map((finding) => `${finding.line}:${finding.column} ${finding.code}`);
}

export function readSidecar(file: string): string[] {
  return readFileSync(sidecarPath(file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
}
