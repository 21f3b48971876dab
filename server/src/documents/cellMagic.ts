/**
 * Returns whether a notebook cell starts with an IPython cell magic such as `%%bash`. IPython
 * passes the rest of the cell to the magic, which decides what the text means: `%%bash` runs it
 * as shell and `%%writefile` writes it to a file, so such a cell is not linted as Python.
 *
 * NOTE: magics such as `%%time` and `%%capture` run their body as Python, and it goes unchecked.
 */
export function startsWithCellMagic(text: string): boolean {
  return text.startsWith("%%");
}
