/** The TypeScript focal loss the FL004 quick fix inserts, with its JavaScript version. */
export interface FunctionTemplates {
  typescript: string;
  javascript: string;
}

/** The name the inserted function has, and what rewritten references call. */
export const FUNCTION_NAME = "focalLoss";

/**
 * Returns the template's function without its import and `export`, with its `tf.` namespace
 * renamed to the file's own and its two-space indentation changed to the file's unit.
 */
export function functionText(
  templates: FunctionTemplates,
  javascript: boolean,
  namespace: string,
  indent: string,
  eol: string,
): string {
  const source = javascript ? templates.javascript : templates.typescript;
  const body = source
    .replace(/^import [^\n]*\n+/m, "")
    .replace(/^export function /m, "function ")
    .replace(/\btf\./g, `${namespace}.`)
    .trimEnd();
  return body
    .split("\n")
    .map((line) => {
      const leading = /^( {2})*/.exec(line)?.[0] ?? "";
      return indent.repeat(leading.length / 2) + line.slice(leading.length);
    })
    .join(eol);
}
