import path from "node:path";
import { bindsNamesLocally, startsWithNonPythonCellMagic } from "../documents/cellMagic";
import { maskLineMagics } from "../documents/lineMagics";

/** One Python code cell of a notebook, with its IPython lines blanked (see maskLineMagics). */
export interface NotebookCell {
  /** The cell's 1-based position among all the notebook's cells, as Jupyter lists them. */
  cell: number;
  /** The source with IPython lines blanked. */
  text: string;
  /** Whether the names the cell binds stay out of the kernel's namespace, as under %%timeit. */
  bindsNamesLocally: boolean;
}

export function isNotebookPath(file: string): boolean {
  return path.extname(file).toLowerCase() === ".ipynb";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns a cell's source, which nbformat stores as a string or as a list of lines. */
function cellSource(source: unknown, cell: number): string {
  if (typeof source === "string") {
    return source;
  }
  if (Array.isArray(source) && source.every((line) => typeof line === "string")) {
    return source.join("");
  }
  throw new Error(`cell ${cell} has a "source" that is neither a string nor a list of strings.`);
}

/**
 * Parses a Jupyter notebook (nbformat 4) and returns its Python code cells in order, as a kernel
 * runs them. A cell under a cell magic such as `%%bash` is not Python, so it is left out. Throws
 * with the reason when the JSON is not a notebook.
 */
export function readNotebook(json: string): NotebookCell[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new Error(`invalid notebook JSON: ${(error as Error).message}`);
  }
  const cells = isRecord(data) ? data.cells : undefined;
  if (!Array.isArray(cells)) {
    throw new Error('no "cells" list, so it is not a Jupyter notebook in nbformat 4.');
  }

  const codeCells: NotebookCell[] = [];
  cells.forEach((cell: unknown, index) => {
    if (!isRecord(cell) || cell.cell_type !== "code") {
      return;
    }
    const source = cellSource(cell.source, index + 1);
    if (!startsWithNonPythonCellMagic(source)) {
      codeCells.push({
        cell: index + 1,
        text: maskLineMagics(source),
        bindsNamesLocally: bindsNamesLocally(source),
      });
    }
  });
  return codeCells;
}
