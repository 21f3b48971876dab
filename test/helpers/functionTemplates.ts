import { spawnSync } from "node:child_process";
import type { FunctionTemplates } from "../../server/src/fixes/typescript/functionTemplate";
import { REPO_ROOT } from "./paths";

let loaded: FunctionTemplates | undefined;

/**
 * Reads the TypeScript template and derives its JavaScript version, as the build does. The result
 * is kept, since the corpus tests ask for it once per file and each read starts a Node process.
 */
export function loadFunctionTemplates(): FunctionTemplates {
  loaded ??= readFunctionTemplates();
  return loaded;
}

function readFunctionTemplates(): FunctionTemplates {
  const script = [
    'import { loadTypeScriptTemplates } from "./scripts/typescriptTemplates.mjs";',
    "process.stdout.write(JSON.stringify(loadTypeScriptTemplates(process.cwd())));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`Reading the TypeScript template failed:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as FunctionTemplates;
}
