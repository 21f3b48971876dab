import { TextDocument } from "vscode-languageserver-textdocument";
import type { Range, TextDocumentContentChangeEvent } from "vscode-languageserver";
import type { Parser, Point, Tree } from "web-tree-sitter";
import type { GrammarName } from "../parsing/languages";
import { maskLineMagics } from "./lineMagics";

/**
 * Documents longer than this many UTF-16 code units (5 MiB) are neither parsed nor analysed. The
 * server runs on one thread, and tree-sitter takes about a second to parse 5 MiB of Python on a
 * 2-core Xeon, so a larger document would hold up every other document's diagnostics.
 */
export const MAX_PARSED_LENGTH = 5 * 1024 * 1024;

/**
 * Up to this many UTF-16 code units (256 KiB), a document whose incremental re-parse has syntax
 * errors is parsed again from scratch. When tree-sitter reuses subtrees of the old tree, its error
 * recovery can group the erroneous text differently from a fresh parse, so the findings would
 * depend on the order of the edits. Parsing 256 KiB of Python takes about 70 ms on a 2-core Xeon.
 */
export const MAX_REPARSED_LENGTH = 256 * 1024;

function pointAt(document: TextDocument, offset: number): Point {
  const position = document.positionAt(offset);
  return { row: position.line, column: position.character };
}

/**
 * An open document with its syntax tree. Each content change edits the old tree and the document
 * is then re-parsed incrementally from it, so a keystroke costs a small re-parse, not a full one.
 * While the text is longer than MAX_PARSED_LENGTH, the tree is that of an empty document.
 */
export class ParsedDocument {
  private constructor(
    readonly document: TextDocument,
    readonly grammar: GrammarName,
    private readonly parser: Parser,
    private currentTree: Tree,
    private readonly isNotebookCell: boolean,
  ) {}

  /**
   * Parses a new document. A notebook cell is parsed with its IPython line magics blanked out
   * (see maskLineMagics), while `text` and every offset stay those of the cell as written.
   */
  static open(
    uri: string,
    languageId: string,
    version: number,
    text: string,
    grammar: GrammarName,
    parser: Parser,
    isNotebookCell = false,
  ): ParsedDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    const source = isNotebookCell ? maskLineMagics(text) : text;
    const tree = parseWithinLimit(parser, source);
    return new ParsedDocument(document, grammar, parser, tree, isNotebookCell);
  }

  /** The text to parse: the document's, with line magics blanked in a notebook cell. */
  private parsedText(): string {
    return this.isNotebookCell ? maskLineMagics(this.text) : this.text;
  }

  /** Whether the text is too long to parse, so that the tree is that of an empty document. */
  get isTooLarge(): boolean {
    return this.text.length > MAX_PARSED_LENGTH;
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get text(): string {
    return this.document.getText();
  }

  /**
   * Applies LSP content changes in order, then re-parses once with the edited tree. Throws before
   * changing anything when one of the changes is malformed.
   */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    changes.forEach(checkChange);
    const wasParsed = !this.isTooLarge;
    // A blanked magic line differs from the text that an edit describes, so a cell that had or
    // has one is parsed from scratch. Cells are small, so that stays cheap.
    const hadMagics = this.isNotebookCell && this.parsedText() !== this.text;
    let reuseTree = wasParsed && !hadMagics;
    for (const change of changes) {
      if (!("range" in change)) {
        TextDocument.update(this.document, [change], version);
        reuseTree = false;
        continue;
      }

      // Positions past the end of a line or of the document are clamped, as the text update
      // does, so that the tree edit and the new text agree.
      const startOffset = this.document.offsetAt(change.range.start);
      const oldEndOffset = Math.max(startOffset, this.document.offsetAt(change.range.end));
      const startPosition = pointAt(this.document, startOffset);
      const oldEndPosition = pointAt(this.document, oldEndOffset);
      const clamped = {
        range: {
          start: this.document.positionAt(startOffset),
          end: this.document.positionAt(oldEndOffset),
        },
        text: change.text,
      };
      TextDocument.update(this.document, [clamped], version);
      if (!wasParsed) {
        continue;
      }
      const newEndIndex = startOffset + change.text.length;
      this.currentTree.edit({
        startIndex: startOffset,
        oldEndIndex: oldEndOffset,
        newEndIndex,
        startPosition,
        oldEndPosition,
        newEndPosition: pointAt(this.document, newEndIndex),
      });
    }

    const source = this.parsedText();
    if (source !== this.text) {
      reuseTree = false;
    }
    const oldTree = this.currentTree;
    this.currentTree = parseWithinLimit(this.parser, source, reuseTree ? oldTree : undefined);
    oldTree.delete();
    if (
      reuseTree &&
      this.currentTree.rootNode.hasError &&
      this.text.length <= MAX_REPARSED_LENGTH
    ) {
      this.currentTree.delete();
      this.currentTree = parseOrThrow(this.parser, source);
    }
  }

  /** Frees the tree, which lives in WebAssembly memory that JavaScript's collector never frees. */
  dispose(): void {
    this.currentTree.delete();
  }
}

/**
 * Throws when a content change is not one that LSP defines: text that is not a string, or a
 * position whose line or character is not an integer. Out-of-range integers are valid, because
 * LSP clamps them to the document.
 */
function checkChange(change: TextDocumentContentChangeEvent): void {
  // The type describes valid messages, so the fields are read as what JSON could have sent.
  const range = (change as { range?: Partial<Range> | null }).range;
  const positions = "range" in change ? [range?.start, range?.end] : [];
  const valid =
    typeof change.text === "string" &&
    positions.every(
      (position) => Number.isInteger(position?.line) && Number.isInteger(position?.character),
    );
  if (!valid) {
    throw new Error(
      `Invalid content change with range ${JSON.stringify(range)} and text of type ` +
        `${typeof change.text}: a range needs integer lines and characters and the text must ` +
        "be a string. No change of this notification was applied, so the client should send " +
        "the whole document again.",
    );
  }
}

/** Parses `text`, or an empty document when `text` is longer than MAX_PARSED_LENGTH. */
function parseWithinLimit(parser: Parser, text: string, oldTree?: Tree): Tree {
  return text.length > MAX_PARSED_LENGTH
    ? parseOrThrow(parser, "")
    : parseOrThrow(parser, text, oldTree);
}

export function parseOrThrow(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree);
  if (tree === null) {
    throw new Error(`tree-sitter returned no tree for a document of ${text.length} characters.`);
  }
  return tree;
}
