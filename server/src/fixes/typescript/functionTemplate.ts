/** The TypeScript focal loss the FL004 quick fix inserts, with its JavaScript version. */
export interface FunctionTemplates {
  typescript: string;
  javascript: string;
}

import type { FocalLossKind } from "../../rules/tfjsLossNames";

/** The name the inserted function has, and what rewritten references call. */
export const FUNCTION_NAME = "focalLoss";

/** The template's function for each kind of focal loss. */
export const TEMPLATE_FUNCTIONS: Readonly<Record<FocalLossKind, string>> = {
  categorical: FUNCTION_NAME,
  binary: "binaryFocalLoss",
};

/**
 * Returns one function of the template, with its doc comment and without `export`, with its
 * `tf.` namespace renamed to the file's own and its two-space indentation changed to the file's
 * unit. `insertedName` renames the function, in its error messages and doc comment too. The
 * template's functions each end with a `}` in the first column, which the formatter guarantees.
 */
export function functionText(
  templates: FunctionTemplates,
  javascript: boolean,
  namespace: string,
  indent: string,
  eol: string,
  name = FUNCTION_NAME,
  insertedName = name,
): string {
  const source = (javascript ? templates.javascript : templates.typescript).replace(/\r\n/g, "\n");
  const start = source.indexOf(`export function ${name}(`);
  if (start === -1) {
    throw new Error(
      `The TypeScript template has no exported function ${name}; rebuild the server.`,
    );
  }
  const docStart = source.lastIndexOf("/**", start);
  const between = docStart === -1 ? "" : source.slice(source.indexOf("*/", docStart) + 2, start);
  const from = docStart !== -1 && between.trim() === "" ? docStart : start;
  const end = source.indexOf("\n}", start) + 2;

  return source
    .slice(from, end)
    .replace(`export function ${name}(`, `function ${name}(`)
    .replace(new RegExp(`\\b${name}\\b`, "g"), insertedName)
    .replace(/\btf\./g, `${namespace}.`)
    .split("\n")
    .map((line) => {
      const leading = /^( {2})*/.exec(line)?.[0] ?? "";
      return indent.repeat(leading.length / 2) + line.slice(leading.length);
    })
    .join(eol);
}
