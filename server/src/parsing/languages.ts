import path from "node:path";
import { Language, Parser } from "web-tree-sitter";

/** The grammars the server parses with, one per tree-sitter language. */
export type GrammarName = "python" | "typescript" | "tsx";

export interface Grammars {
  python: Language;
  typescript: Language;
  tsx: Language;
}

const GRAMMAR_FILES: Record<GrammarName, string> = {
  python: "tree-sitter-python.wasm",
  typescript: "tree-sitter-typescript.wasm",
  tsx: "tree-sitter-tsx.wasm",
};

let loading: Promise<Grammars> | undefined;

/**
 * Loads the tree-sitter runtime and the grammars from `wasmDir`, once per process. The build
 * copies the wasm files next to the bundles, so nothing is fetched at run time.
 */
export function loadGrammars(wasmDir: string): Promise<Grammars> {
  loading ??= (async () => {
    await Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
    const load = (name: GrammarName) => Language.load(path.join(wasmDir, GRAMMAR_FILES[name]));
    const [python, typescript, tsx] = await Promise.all([
      load("python"),
      load("typescript"),
      load("tsx"),
    ]);
    return { python, typescript, tsx };
  })();
  return loading;
}

/** Maps an LSP language id to its grammar, or undefined for languages the server ignores. */
export function grammarForLanguageId(languageId: string): GrammarName | undefined {
  switch (languageId) {
    case "python":
      return "python";
    case "typescript":
      return "typescript";
    // Plain JavaScript files often contain JSX, which only the tsx grammar accepts.
    case "javascript":
    case "typescriptreact":
    case "javascriptreact":
      return "tsx";
    default:
      return undefined;
  }
}

/** Maps a file name to the LSP language id the server would receive for it. */
export function languageIdForPath(filePath: string): string | undefined {
  const extension = path.extname(filePath).toLowerCase();
  switch (extension) {
    case ".py":
    case ".pyw":
    case ".pyi":
      return "python";
    case ".ts":
    case ".mts":
    case ".cts":
      return "typescript";
    case ".js":
    case ".mjs":
    case ".cjs":
      return "javascript";
    case ".tsx":
      return "typescriptreact";
    case ".jsx":
      return "javascriptreact";
    default:
      return undefined;
  }
}
