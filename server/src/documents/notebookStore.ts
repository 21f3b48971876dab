import type { NotebookCell, NotebookCellArrayChange } from "vscode-languageserver";

/**
 * The cell order of each open notebook. The cells' text lives in the DocumentStore like any
 * document; this only records which cells come before which, because a name a cell uses is often
 * imported by an earlier one.
 */
export class NotebookStore {
  private readonly cellsByNotebook = new Map<string, string[]>();
  private readonly notebookByCell = new Map<string, string>();

  open(notebookUri: string, cells: readonly NotebookCell[]): void {
    this.cellsByNotebook.set(notebookUri, []);
    this.splice(notebookUri, { start: 0, deleteCount: 0, cells: [...cells] });
  }

  /** Applies a structural change: cells inserted, deleted or moved. */
  splice(notebookUri: string, change: NotebookCellArrayChange): void {
    const cells = this.cellsByNotebook.get(notebookUri);
    if (cells === undefined) {
      return;
    }
    const inserted = (change.cells ?? []).map((cell) => cell.document);
    const removed = cells.splice(change.start, change.deleteCount, ...inserted);
    for (const uri of removed) {
      this.notebookByCell.delete(uri);
    }
    for (const uri of inserted) {
      this.notebookByCell.set(uri, notebookUri);
    }
  }

  /** Forgets a notebook and returns the URIs of its cells. */
  close(notebookUri: string): string[] {
    const cells = this.cellsByNotebook.get(notebookUri) ?? [];
    for (const uri of cells) {
      this.notebookByCell.delete(uri);
    }
    this.cellsByNotebook.delete(notebookUri);
    return cells;
  }

  cells(notebookUri: string): readonly string[] {
    return this.cellsByNotebook.get(notebookUri) ?? [];
  }

  /** Returns whether `uri` is a cell of an open notebook. */
  isCell(uri: string): boolean {
    return this.notebookByCell.has(uri);
  }

  /** Returns the cells before `cellUri` in its notebook, nearest first. */
  cellsBefore(cellUri: string): string[] {
    const notebookUri = this.notebookByCell.get(cellUri);
    const cells = notebookUri === undefined ? [] : this.cells(notebookUri);
    const index = cells.indexOf(cellUri);
    return index <= 0 ? [] : cells.slice(0, index).reverse();
  }
}
