/**
 * Cell magics whose body IPython runs as Python: `%%time` and `%%timeit` time it, `%%capture`
 * captures its output, `%%prun` profiles it and `%%debug` steps through it.
 */
const PYTHON_BODY_CELL_MAGICS = new Set(["time", "timeit", "capture", "prun", "debug"]);

/**
 * Returns whether a notebook cell starts with an IPython cell magic that makes its body something
 * other than Python: `%%bash` runs it as shell and `%%writefile` writes it to a file, so such a
 * cell is not linted. A cell under `%%time` and the other magics above is linted as Python, with
 * the magic's line blanked (see maskLineMagics).
 */
export function startsWithNonPythonCellMagic(text: string): boolean {
  const name = /^%%(\w*)/.exec(text)?.[1];
  return name !== undefined && !PYTHON_BODY_CELL_MAGICS.has(name);
}

/**
 * Returns the offset just past the cell-magic line that starts `text`, such as `%%time\n`, or 0
 * when the text starts with no cell magic. IPython reads a cell magic only on a cell's first line,
 * so code inserted at the top of such a cell must go after this offset.
 */
export function cellMagicEnd(text: string): number {
  if (!text.startsWith("%%")) {
    return 0;
  }
  const lineEnd = text.indexOf("\n");
  return lineEnd === -1 ? text.length : lineEnd + 1;
}
