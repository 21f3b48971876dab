import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { grammarForLanguageId } from "../parsing/languages";
import type { ParserPool } from "../parsing/parserPool";
import { ParsedDocument } from "./parsedDocument";

/** The open documents the server analyses, keyed by URI, each with its own syntax tree. */
export class DocumentStore {
  private readonly documents = new Map<string, ParsedDocument>();
  constructor(private readonly parsers: ParserPool) {}

  /**
   * Opens a document, or returns undefined when its language is not one the server parses.
   *
   * TODO: notebook cells are parsed as plain Python, so an IPython line such as
   * `%matplotlib inline` or `!pip install x` is a syntax error that blocks the cell's quick fixes.
   * Blanking such lines to spaces of the same length before parsing would keep offsets, but a
   * `%%` cell magic such as `%%bash` makes the whole cell non-Python and must stay first.
   */
  open(uri: string, languageId: string, version: number, text: string): ParsedDocument | undefined {
    this.close(uri);
    const grammar = grammarForLanguageId(languageId);
    if (grammar === undefined) {
      return undefined;
    }
    const document = ParsedDocument.open(
      uri,
      languageId,
      version,
      text,
      grammar,
      this.parsers.get(grammar),
    );
    this.documents.set(uri, document);
    return document;
  }

  change(
    uri: string,
    version: number,
    changes: readonly TextDocumentContentChangeEvent[],
  ): ParsedDocument | undefined {
    const document = this.documents.get(uri);
    document?.applyChanges(changes, version);
    return document;
  }

  get(uri: string): ParsedDocument | undefined {
    return this.documents.get(uri);
  }

  all(): ParsedDocument[] {
    return [...this.documents.values()];
  }

  close(uri: string): void {
    this.documents.get(uri)?.dispose();
    this.documents.delete(uri);
  }
}
