/** A replacement of the text between two UTF-16 offsets of a document. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Sorts edits and merges insertions at one offset, in the order given, so the result is a set of
 * non-overlapping edits as LSP requires. Returns undefined when two edits overlap.
 */
export function normaliseEdits(edits: readonly OffsetEdit[]): OffsetEdit[] | undefined {
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index)
    .map(({ edit }) => edit);

  const merged: OffsetEdit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && edit.start < previous.end) {
      if (
        edit.start === previous.start &&
        edit.end === previous.end &&
        edit.newText === previous.newText
      ) {
        continue;
      }
      return undefined;
    }
    if (
      previous !== undefined &&
      previous.start === previous.end &&
      edit.start === previous.start
    ) {
      merged[merged.length - 1] = { ...edit, newText: previous.newText + edit.newText };
      continue;
    }
    merged.push(edit);
  }
  return merged;
}

/** Applies non-overlapping edits to `text`, as an editor would. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let result = "";
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}
