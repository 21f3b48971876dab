import type { TextDocumentContentChangeEvent } from "vscode-languageserver";
import { grammarForLanguageId, languageIdForPath } from "../parsing/languages";
import type { ParserPool } from "../parsing/parserPool";
import { ParsedDocument } from "./parsedDocument";

/** The open documents the server analyses, keyed by URI, each with its own syntax tree. */
export class DocumentStore {
  private readonly documents = new Map<string, ParsedDocument>();
  constructor(private readonly parsers: ParserPool) {}

  /**
   * Opens a document, or returns undefined when its language is not one the server parses. A
   * notebook cell is parsed with its IPython line magics blanked, so that they do not block the
   * cell's quick fixes. A `%%` cell magic is handled by the caller, which skips the whole cell.
   */
  open(
    uri: string,
    languageId: string,
    version: number,
    text: string,
    isNotebookCell = false,
  ): ParsedDocument | undefined {
    this.close(uri);
    // A language id the server does not know, such as "py" or "", falls back to the file's
    // extension, and the document then carries that extension's language id.
    const known = grammarForLanguageId(languageId) !== undefined;
    const resolvedId = known ? languageId : languageIdForPath(uri.replace(/[?#].*$/, ""));
    const grammar = resolvedId === undefined ? undefined : grammarForLanguageId(resolvedId);
    if (grammar === undefined || resolvedId === undefined) {
      return undefined;
    }
    const document = ParsedDocument.open(
      uri,
      resolvedId,
      version,
      text,
      grammar,
      this.parsers.get(grammar),
      isNotebookCell,
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
