import { TextDocument } from "vscode-languageserver-textdocument";
import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import type { Parser, Point, Tree } from "web-tree-sitter";
import type { GrammarName } from "../parsing/languages";

function pointAt(document: TextDocument, offset: number): Point {
  const position = document.positionAt(offset);
  return { row: position.line, column: position.character };
}

/**
 * An open document with its syntax tree. Each content change edits the old tree and the document
 * is then re-parsed incrementally from it, so a keystroke costs a small re-parse, not a full one.
 */
export class ParsedDocument {
  private constructor(
    readonly document: TextDocument,
    readonly grammar: GrammarName,
    private readonly parser: Parser,
    private currentTree: Tree,
  ) {}

  static open(
    uri: string,
    languageId: string,
    version: number,
    text: string,
    grammar: GrammarName,
    parser: Parser,
  ): ParsedDocument {
    const document = TextDocument.create(uri, languageId, version, text);
    return new ParsedDocument(document, grammar, parser, parseOrThrow(parser, text));
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get text(): string {
    return this.document.getText();
  }

  /** Applies LSP content changes in order, then re-parses once with the edited tree. */
  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let reuseTree = true;
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

    const oldTree = this.currentTree;
    this.currentTree = reuseTree
      ? parseOrThrow(this.parser, this.text, oldTree)
      : parseOrThrow(this.parser, this.text);
    oldTree.delete();
  }

  /** Frees the tree, which lives in WebAssembly memory that JavaScript's collector never frees. */
  dispose(): void {
    this.currentTree.delete();
  }
}

export function parseOrThrow(parser: Parser, text: string, oldTree?: Tree): Tree {
  const tree = parser.parse(text, oldTree);
  if (tree === null) {
    throw new Error(`tree-sitter returned no tree for a document of ${text.length} characters.`);
  }
  return tree;
}
