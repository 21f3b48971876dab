/**
 * Cell magics whose body IPython runs as Python: `%%time` and `%%timeit` time it, `%%capture`
 * captures its output, `%%prun` profiles it and `%%debug` steps through it.
 */
const PYTHON_BODY_CELL_MAGICS = new Set(["time", "timeit", "capture", "prun", "debug"]);

/** The cell magics at the start of a cell and the offset just past their lines. */
interface LeadingCellMagics {
  names: string[];
  end: number;
}

/**
 * Returns the cell magics that start `text`. IPython runs a cell magic's body as a cell of its
 * own, so a body whose first line is another cell magic stacks it: `%%capture\n%%time\n` gives
 * ["capture", "time"].
 */
function leadingCellMagics(text: string): LeadingCellMagics {
  const names: string[] = [];
  let end = 0;
  while (text.startsWith("%%", end)) {
    names.push(/^%%(\w*)/.exec(text.slice(end))?.[1] ?? "");
    const lineEnd = text.indexOf("\n", end);
    end = lineEnd === -1 ? text.length : lineEnd + 1;
  }
  return { names, end };
}

/**
 * Returns whether a notebook cell starts with an IPython cell magic that makes its body something
 * other than Python: `%%bash` runs it as shell and `%%writefile` writes it to a file, so such a
 * cell is not linted, also under another magic such as `%%capture`. A cell under `%%time` and
 * the other magics above is linted as Python, with the magic's line blanked (see maskLineMagics).
 */
export function startsWithNonPythonCellMagic(text: string): boolean {
  return leadingCellMagics(text).names.some((name) => !PYTHON_BODY_CELL_MAGICS.has(name));
}

/**
 * Returns whether the names a cell binds stay out of the kernel's namespace. `%%timeit` runs its
 * body in a namespace of its own, so a class or import defined there is gone in later cells.
 */
export function bindsNamesLocally(text: string): boolean {
  return leadingCellMagics(text).names.includes("timeit");
}

/**
 * Returns the offset just past the cell-magic lines that start `text`, such as `%%time\n`, or 0
 * when the text starts with no cell magic. IPython reads a cell magic only on the first line of a
 * cell or of another magic's body, so code inserted at the top of such a cell must go after all
 * of them.
 */
export function cellMagicEnd(text: string): number {
  return leadingCellMagics(text).end;
}
