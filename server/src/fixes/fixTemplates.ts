import type { Parser } from "web-tree-sitter";
import { ImplementationTemplate } from "./python/implementationTemplate";
import type { FunctionTemplates } from "./typescript/functionTemplate";

/** The code the quick fixes insert: the Python module and the TypeScript/JavaScript function. */
export interface FixTemplates {
  python: ImplementationTemplate;
  functions: FunctionTemplates;
}

/** The templates' source texts, as the build bundles them or the tests read them. */
export interface FixTemplateSources {
  python: string;
  functions: FunctionTemplates;
}

export function parseFixTemplates(sources: FixTemplateSources, pythonParser: Parser): FixTemplates {
  return {
    python: ImplementationTemplate.parse(sources.python, pythonParser),
    functions: sources.functions,
  };
}
