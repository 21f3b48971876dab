const SPACE = 32;
const TAB = 9;

/** Returns whether a UTF-16 code unit can be part of an identifier in Python or JavaScript. */
export function isIdentifierCode(code: number): boolean {
  if (code < 128) {
    // ASCII fast path: letters, digits, `_` and `$`.
    return (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 36
    );
  }
  return /[\p{ID_Continue}]/u.test(String.fromCharCode(code));
}

/** Returns whether the code unit at `index` can be part of an identifier; false out of range. */
function identifierAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isIdentifierCode(text.charCodeAt(index));
}

/**
 * Finds every whole-word occurrence of `word` in `text`, as UTF-16 offsets. A plain `indexOf`
 * scan keeps this cheap enough to run over a large document on every keystroke. An empty word,
 * such as the text of a MISSING identifier that tree-sitter inserts, occurs nowhere.
 */
export function findWord(text: string, word: string, from = 0, to = text.length): number[] {
  if (word === "") {
    // indexOf("") would return the same offset forever.
    return [];
  }
  const offsets: number[] = [];
  let index = text.indexOf(word, from);
  while (index !== -1 && index + word.length <= to) {
    const end = index + word.length;
    if (!identifierAt(text, index - 1) && !identifierAt(text, end)) {
      offsets.push(index);
    }
    index = text.indexOf(word, end);
  }
  return offsets;
}

/** Returns the code unit of the nearest character before `offset` that is not a space or tab. */
export function previousNonBlank(text: string, offset: number): number {
  let index = offset - 1;
  while (index >= 0) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB) {
      return code;
    }
    index--;
  }
  return -1;
}

/** Returns the code unit of the nearest character at or after `offset` that is not blank. */
export function nextNonBlank(text: string, offset: number): number {
  let index = offset;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB) {
      return code;
    }
    index++;
  }
  return -1;
}

/**
 * Finds every whole identifier of `text` that is one of `names`, as `[offset, name]` pairs in
 * text order. Every name must contain `anchor`: one `indexOf` pass over the anchor replaces a
 * pass per name, which matters on large documents re-analysed at every keystroke. `visitWord`
 * receives every identifier-like word that contains the anchor, candidate or not.
 */
export function findIdentifiers(
  text: string,
  names: ReadonlySet<string>,
  anchor: string,
  visitWord?: (start: number, word: string) => void,
): [number, string][] {
  const found: [number, string][] = [];
  let index = text.indexOf(anchor);
  while (index !== -1) {
    let start = index;
    while (identifierAt(text, start - 1)) {
      start--;
    }
    let end = index + anchor.length;
    while (identifierAt(text, end)) {
      end++;
    }
    const word = text.slice(start, end);
    visitWord?.(start, word);
    if (names.has(word)) {
      found.push([start, word]);
    }
    index = text.indexOf(anchor, end);
  }
  return found;
}
