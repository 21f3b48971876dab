import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeDocument, mayHaveFindings } from "../analysis/analyzeDocument";
import { grammarForLanguageId, type Grammars } from "../parsing/languages";
import { ParserPool } from "../parsing/parserPool";
import { parseOrThrow } from "../documents/parsedDocument";

/** One finding as the CLI prints it, with 1-based lines and UTF-16 columns as in LSP. */
export interface CliFinding {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: string;
  message: string;
}

/** Lints source text with the server's analysis, re-using one parser per grammar. */
export class TextLinter {
  private readonly parsers: ParserPool;

  constructor(grammars: Grammars) {
    this.parsers = new ParserPool(grammars);
  }

  lint(displayPath: string, languageId: string, text: string): CliFinding[] {
    const grammar = grammarForLanguageId(languageId);
    // Most files never mention a focal-loss name, and those need no parse at all.
    if (grammar === undefined || !mayHaveFindings(grammar, text)) {
      return [];
    }
    const tree = parseOrThrow(this.parsers.get(grammar), text);
    try {
      const document = TextDocument.create(displayPath, languageId, 0, text);
      return analyzeDocument(grammar, tree, text).map((finding) => {
        const start = document.positionAt(finding.startOffset);
        const end = document.positionAt(finding.endOffset);
        return {
          path: displayPath,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
          code: finding.code,
          severity: finding.severity,
          message: finding.message,
        };
      });
    } finally {
      tree.delete();
    }
  }
}
