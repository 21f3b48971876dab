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
