/** Returns whether `char` can be part of an identifier in Python, TypeScript or JavaScript. */
export function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{ID_Continue}$]/u.test(char);
}

/**
 * Finds every whole-word occurrence of `word` in `text`, as UTF-16 offsets. A plain `indexOf`
 * scan keeps this cheap enough to run over a large document on every keystroke.
 */
export function findWord(text: string, word: string, from = 0, to = text.length): number[] {
  const offsets: number[] = [];
  let index = text.indexOf(word, from);
  while (index !== -1 && index + word.length <= to) {
    const end = index + word.length;
    if (!isIdentifierChar(text[index - 1]) && !isIdentifierChar(text[end])) {
      offsets.push(index);
    }
    index = text.indexOf(word, end);
  }
  return offsets;
}

/** Returns the nearest character before `offset` that is not a space or tab. */
export function previousNonBlank(text: string, offset: number): string | undefined {
  let index = offset - 1;
  while (index >= 0 && (text[index] === " " || text[index] === "\t")) {
    index--;
  }
  return index >= 0 ? text[index] : undefined;
}

/** Returns the nearest character at or after `offset` that is not a space or tab. */
export function nextNonBlank(text: string, offset: number): string | undefined {
  let index = offset;
  while (index < text.length && (text[index] === " " || text[index] === "\t")) {
    index++;
  }
  return index < text.length ? text[index] : undefined;
}
