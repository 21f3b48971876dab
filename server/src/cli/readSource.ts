import { readFileSync } from "node:fs";
import { isNotebookPath, readNotebook, type NotebookCell } from "./notebook";

/** A source's text, and why the CLI must not write a fixed version of it back, if it must not. */
export interface SourceText {
  text: string;
  /** Set when writing the text back would change the file in ways other than the fixes. */
  notFixable?: string;
  /** Set for a notebook, whose cells are linted one by one instead of `text`. */
  notebookCells?: NotebookCell[];
}

// ignoreBOM keeps a byte order mark in the text, so that a fixed file is written back with it.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes a file as UTF-8. Bytes that are not UTF-8, such as Latin-1 under a `# -*- coding:
 * latin-1 -*-` cookie, are linted through replacement characters, but the file is marked as not
 * fixable, because writing the decoded text back would lose those bytes.
 */
export function decode(bytes: Buffer, shownPath: string): SourceText {
  try {
    return { text: STRICT_UTF8.decode(bytes) };
  } catch {
    return {
      text: bytes.toString("utf8"),
      notFixable:
        `Skipped fixing ${shownPath}: it is not valid UTF-8 (a Latin-1 coding cookie, for ` +
        "example), and rewriting it would change its bytes. Convert it to UTF-8 to fix it.",
    };
  }
}

/**
 * Reads a file as UTF-8 text. Most files decode without a replacement character, and only those
 * that contain one are read again as bytes to tell invalid UTF-8 from a real U+FFFD, so the
 * common case allocates no extra buffer.
 */
function readText(file: string, shownPath: string): SourceText {
  const text = readFileSync(file, "utf8");
  return text.includes("\uFFFD") ? decode(readFileSync(file), shownPath) : { text };
}

/** Reads a source file, or the Python code cells of a notebook. */
export function readSource(file: string, shownPath: string): SourceText {
  const source = readText(file, shownPath);
  if (!isNotebookPath(file)) {
    return source;
  }
  const notebookCells = readNotebook(source.text);
  return {
    text: notebookCells.map((cell) => cell.text).join("\n"),
    notebookCells,
    notFixable:
      `Skipped fixing ${shownPath}: --fix and --diff do not rewrite notebooks. Apply the ` +
      "quick fixes in the editor.",
  };
}
