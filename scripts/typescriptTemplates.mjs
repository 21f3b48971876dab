// Reads templates/typescript/focalLoss.ts and derives its JavaScript version with TypeScript's
// own transpiler, so the TS and JS quick fixes and snippets come from one source. The build
// bundles both texts into the server; tests and the snippet generator call this directly.
import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export function loadTypeScriptTemplates(root) {
  const file = path.join(root, "templates", "typescript", "focalLoss.ts");
  const typescript = readFileSync(file, "utf8");
  const { outputText } = ts.transpileModule(typescript, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      removeComments: false,
    },
    fileName: file,
  });
  // TypeScript's emitter indents by four spaces; the template's own unit is two.
  const javascript = outputText.replace(/^(?: {4})+/gm, (indent) => " ".repeat(indent.length / 2));
  return { typescript, javascript };
}
