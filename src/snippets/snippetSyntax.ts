/** One entry of a VS Code snippets file. */
export interface Snippet {
  prefix: string | string[];
  description: string;
  body: string[];
}

/** Escapes text so that a snippet inserts it literally: `$`, `}` and `\` are special there. */
export function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (char) => `\\${char}`);
}

/** A tab stop with a fixed list of choices, the first being the default. */
export function choice(index: number, options: readonly string[]): string {
  return `\${${index}|${options.map((option) => option.replace(/[,|\\]/g, (c) => `\\${c}`)).join(",")}|}`;
}

/** A tab stop with editable default text. */
export function placeholder(index: number, text: string): string {
  return `\${${index}:${escapeSnippetText(text)}}`;
}

/**
 * Expands a snippet body the way an editor does when every tab stop keeps its default: the first
 * choice, the placeholder text, a bare `$1` mirroring the default of `${1:…}`, and nothing for
 * `$0`. Tests compile the result.
 */
export function expandDefaults(body: readonly string[]): string {
  const text = body.join("\n");
  const defaults = new Map<string, string>();
  const unescape = (value: string) => value.replace(/\\(.)/g, "$1");
  for (const match of text.matchAll(/\$\{(\d+):((?:\\.|[^}\\])*)\}/g)) {
    defaults.set(match[1], unescape(match[2]));
  }
  for (const match of text.matchAll(/\$\{(\d+)\|((?:\\.|[^|\\])*)\|\}/g)) {
    defaults.set(match[1], unescape(match[2].match(/(?:\\.|[^,\\])+/)?.[0] ?? ""));
  }

  let result = "";
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "\\" && index + 1 < text.length) {
      result += text[++index];
      continue;
    }
    const tabStop =
      char === "$"
        ? /^\$(?:(\d+)|\{(\d+)(?::(?:\\.|[^}\\])*|\|(?:\\.|[^|\\])*\|)\})/.exec(text.slice(index))
        : null;
    if (tabStop === null) {
      result += char;
      continue;
    }
    result += defaults.get(tabStop[1] ?? tabStop[2]) ?? "";
    index += tabStop[0].length - 1;
  }
  return result;
}
