import path from "node:path";
import { startsWithNonPythonCellMagic } from "../documents/cellMagic";
import { maskLineMagics } from "../documents/lineMagics";

/** One code cell's place in the text that joins a notebook's code cells. */
interface CellSpan {
  /** The cell's 1-based position among all the notebook's cells, as Jupyter lists them. */
  cell: number;
  startLine: number;
  lineCount: number;
}

/** The code cells of a notebook joined into one Python text, in order, as a kernel runs them. */
export interface NotebookText {
  text: string;
  spans: CellSpan[];
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
 * Parses a Jupyter notebook (nbformat 4) and joins its code cells, so that a name imported in
 * one cell resolves in the cells after it. Throws with the reason when the JSON is not a
 * notebook.
 */
export function readNotebook(json: string): NotebookText {
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

  const parts: string[] = [];
  const spans: CellSpan[] = [];
  let line = 0;
  cells.forEach((cell: unknown, index) => {
    if (!isRecord(cell) || cell.cell_type !== "code") {
      return;
    }
    let source = cellSource(cell.source, index + 1);
    if (!source.endsWith("\n")) {
      source += "\n";
    }
    const lineCount = source.split("\n").length - 1;
    if (startsWithNonPythonCellMagic(source)) {
      // The cell is not Python, so it is linted as blank lines, which keep the later cells' lines.
      source = "\n".repeat(lineCount);
    } else {
      source = maskLineMagics(source);
    }
    spans.push({ cell: index + 1, startLine: line, lineCount });
    parts.push(source);
    line += lineCount;
  });
  return { text: parts.join(""), spans };
}

/** Maps a 1-based line of the joined text to its cell and its 1-based line in that cell. */
export function cellPosition(notebook: NotebookText, line: number): { cell: number; line: number } {
  const zeroBased = line - 1;
  const span = notebook.spans.find(
    (item) => item.startLine <= zeroBased && zeroBased < item.startLine + item.lineCount,
  );
  if (span === undefined) {
    throw new Error(`line ${line} is outside every code cell of the notebook.`);
  }
  return { cell: span.cell, line: zeroBased - span.startLine + 1 };
}
