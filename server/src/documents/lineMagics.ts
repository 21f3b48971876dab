/** A line whose first non-blank character starts an IPython line magic or a shell escape. */
const LINE_MAGIC = /^([ \t]*)([!%][^\r\n]*)/gm;

/**
 * Replaces IPython line magics and shell escapes in a notebook cell, such as
 * `%matplotlib inline` or `!pip install torchvision`, with spaces of the same length. The rest of
 * the cell then parses as Python, with every offset unchanged, so its findings get quick fixes.
 * Returns the text itself when it has no such line.
 *
 * NOTE: a continuation line inside brackets that starts with `%`, the modulo operator, is blanked
 * too. Such a cell then has a syntax error and gets no fixes, as before this masking.
 */
export function maskLineMagics(text: string): string {
  if (!text.includes("%") && !text.includes("!")) {
    return text;
  }
  return text.replace(LINE_MAGIC, (_line, indent: string, magic: string) => {
    return indent + " ".repeat(magic.length);
  });
}
