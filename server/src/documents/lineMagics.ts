/**
 * A line that IPython runs itself: a line magic or shell escape (`%time f()`, `!ls`), or
 * introspection of a name (`nn.FocalLoss?`, `??torch.nn`), which only shows help.
 */
const LINE_MAGIC = /^([ \t]*)([!%][^\r\n]*|\?{1,2}[\w.]+[ \t]*|[\w.]+\?{1,2}[ \t]*)$/gm;

/**
 * Replaces the IPython lines of a notebook cell, such as `%matplotlib inline`,
 * `!pip install torchvision` or `nn.FocalLoss?`, with spaces of the same length. The rest of
 * the cell then parses as Python, with every offset unchanged, so its findings get quick fixes.
 * Returns the text itself when it has no such line.
 *
 * NOTE: a continuation line inside brackets that starts with `%`, the modulo operator, is blanked
 * too. Such a cell then has a syntax error and gets no fixes, as before this masking.
 */
export function maskLineMagics(text: string): string {
  if (!text.includes("%") && !text.includes("!") && !text.includes("?")) {
    return text;
  }
  return text.replace(LINE_MAGIC, (_line, indent: string, magic: string) => {
    return indent + " ".repeat(magic.length);
  });
}
