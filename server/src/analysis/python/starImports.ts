import type { Tree } from "web-tree-sitter";
import { fromImportModule } from "./bindings";

/**
 * Modules whose public names are known not to include any focal-loss name the rules look for,
 * so a star import of them cannot supply one. A star import of any other module can, and then
 * bare names are left alone.
 */
const MODULES_WITHOUT_FOCAL_LOSS = new Set([
  "torch",
  "torch.nn",
  "torch.nn.modules",
  "torch.nn.modules.loss",
  "torch.nn.functional",
  "torch.optim",
  "keras.losses",
  "tensorflow.keras.losses",
  "math",
  "numpy",
  "os",
  "typing",
]);

/** The modules imported with `from module import *` at the top level of a Python file. */
export interface StarImports {
  modules: string[];
  /** False when some star-imported module might define a focal-loss name of its own. */
  allKnown: boolean;
}

export function findStarImports(tree: Tree, text: string): StarImports {
  const modules: string[] = [];
  let allKnown = true;
  const pattern = /\bimport\s*\*/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    // The smallest node at the asterisk is the `*` token, inside its wildcard_import node.
    const token = tree.rootNode.descendantForIndex(match.index + match[0].length - 1);
    const star = token?.type === "wildcard_import" ? token : token?.parent;
    const statement = star?.parent;
    if (star?.type !== "wildcard_import" || statement?.type !== "import_from_statement") {
      continue;
    }
    const module = fromImportModule(statement);
    if (module === undefined || !MODULES_WITHOUT_FOCAL_LOSS.has(module)) {
      allKnown = false;
    }
    if (module !== undefined) {
      modules.push(module);
    }
  }
  return { modules, allKnown };
}
