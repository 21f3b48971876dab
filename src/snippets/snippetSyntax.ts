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
 * Lists the options of each choice tab stop in a snippet body, keyed by the tab stop's number,
 * with the escapes removed.
 */
export function choiceOptions(body: readonly string[]): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const match of body.join("\n").matchAll(/\$\{(\d+)\|((?:\\.|[^|\\])*)\|\}/g)) {
    const items = match[2].match(/(?:\\.|[^,\\])+/g) ?? [];
    options.set(match[1], items.map(unescapeSnippetText));
  }
  return options;
}

function unescapeSnippetText(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

/**
 * Expands a snippet body the way an editor does when every tab stop keeps its default: the first
 * choice, the placeholder text, a bare `$1` mirroring the default of `${1:…}`, and nothing for
 * `$0`. Tests compile the result.
 */
export function expandDefaults(body: readonly string[]): string {
  return expandChoosing(body, new Map());
}

/**
 * Expands a snippet body as expandDefaults does, but with the text in `picks` for the tab stops
 * it names, as when the user picks another choice.
 */
export function expandChoosing(
  body: readonly string[],
  picks: ReadonlyMap<string, string>,
): string {
  const text = body.join("\n");
  const defaults = new Map<string, string>();
  for (const match of text.matchAll(/\$\{(\d+):((?:\\.|[^}\\])*)\}/g)) {
    defaults.set(match[1], unescapeSnippetText(match[2]));
  }
  for (const [tabStop, options] of choiceOptions(body)) {
    defaults.set(tabStop, options[0] ?? "");
  }
  for (const [tabStop, pick] of picks) {
    defaults.set(tabStop, pick);
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
