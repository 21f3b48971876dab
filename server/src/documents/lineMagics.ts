import { codeOfLineMagic } from "./codeLineMagics";

/**
 * A line that IPython runs itself: a line magic or shell escape (`%time f()`, `!ls`), or
 * introspection of a name (`nn.FocalLoss?`, `??torch.nn`), which only shows help. A line that
 * ends in `name?` outside a comment or string, such as `x = nn.FocalLoss?`, is introspection too:
 * IPython 8 runs it as `%pinfo nn.FocalLoss` and drops the rest of the line.
 */
const LINE_MAGIC = /^([ \t]*)([!%][^\r\n]*|\?{1,2}[\w.]+[ \t]*|[^\r\n#'"]*?[\w.]+\?{1,2}[ \t]*)$/gm;

/**
 * Replaces the IPython lines of a notebook cell, such as `%matplotlib inline`,
 * `!pip install torchvision` or `nn.FocalLoss?`, with spaces of the same length. The rest of
 * the cell then parses as Python, with every offset unchanged, so its findings get quick fixes.
 * A line magic that runs its argument as Python, such as `%time crit = nn.FocalLoss()`, keeps
 * that argument in place (see codeOfLineMagic), so it is linted too. Returns the text itself when
 * it has no such line.
 *
 * NOTE: a continuation line inside brackets that starts with `%`, the modulo operator, is blanked
 * too. Such a cell then has a syntax error and gets no fixes, as before this masking.
 */
export function maskLineMagics(text: string): string {
  if (!text.includes("%") && !text.includes("!") && !text.includes("?")) {
    return text;
  }
  return text.replace(LINE_MAGIC, (_line, indent: string, magic: string) => {
    return indent + (codeOfLineMagic(magic) ?? " ".repeat(magic.length));
  });
}
