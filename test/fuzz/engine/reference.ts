import type { Diagnostic } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Tree } from "web-tree-sitter";
import { DEFAULT_SETTINGS } from "../../../src/common/settings";
import { analyzeDocument } from "../../../server/src/analysis/analyzeDocument";
import { MAX_PARSED_LENGTH, parseOrThrow } from "../../../server/src/documents/parsedDocument";
import { applySettings, toDiagnostic } from "../../../server/src/features/diagnostics";
import { grammarForLanguageId, loadGrammars } from "../../../server/src/parsing/languages";
import { ParserPool } from "../../../server/src/parsing/parserPool";
import { DIST, requireBuild } from "../../helpers/paths";

export interface FreshAnalysis {
  diagnostics: Diagnostic[];
  hasError: boolean;
}

/** The syntax errors of a tree: counts of visible ERROR and MISSING nodes, and any error. */
export interface SyntaxErrors {
  error: number;
  missing: number;
  /**
   * tree-sitter's own flag, which also covers a MISSING hidden token such as Python's `_newline`,
   * one that no cursor visits.
   */
  hasError: boolean;
}

/**
 * The oracle of the fuzzer: a fresh parse and analysis of a whole text in this process, with the
 * same grammars and rules as the bundled server and its default settings.
 */
export class Reference {
  private constructor(private readonly parsers: ParserPool) {}

  static async load(): Promise<Reference> {
    requireBuild("tree-sitter-python.wasm");
    return new Reference(new ParserPool(await loadGrammars(DIST)));
  }

  private parse<T>(languageId: string, text: string, use: (tree: Tree) => T): T {
    const grammar = grammarForLanguageId(languageId);
    if (grammar === undefined) {
      throw new Error(`${languageId} is not a language the server parses.`);
    }
    const tree = parseOrThrow(this.parsers.get(grammar), text);
    try {
      return use(tree);
    } finally {
      tree.delete();
    }
  }

  /**
   * Returns the diagnostics that a server publishes for `text` opened in one didOpen (none for a
   * text over MAX_PARSED_LENGTH, which the server does not analyse), and whether the text has
   * syntax errors.
   */
  analyze(uri: string, languageId: string, text: string): FreshAnalysis {
    const grammar = grammarForLanguageId(languageId);
    if (grammar === undefined || text.length > MAX_PARSED_LENGTH) {
      return { diagnostics: [], hasError: false };
    }
    const document = TextDocument.create(uri, languageId, 0, text);
    return this.parse(languageId, text, (tree) => {
      const findings = analyzeDocument(grammar, tree, text);
      const diagnostics = applySettings(findings, DEFAULT_SETTINGS).map((finding) =>
        toDiagnostic(finding, document),
      );
      return { diagnostics, hasError: tree.rootNode.hasError };
    });
  }

  /** Returns the diagnostics of `analyze` alone. */
  diagnostics(uri: string, languageId: string, text: string): Diagnostic[] {
    return this.analyze(uri, languageId, text).diagnostics;
  }

  /** Counts ERROR and MISSING nodes, walking with a cursor so deep nesting cannot overflow. */
  syntaxErrors(languageId: string, text: string): SyntaxErrors {
    return this.parse(languageId, text, (tree) => {
      const counts: SyntaxErrors = { error: 0, missing: 0, hasError: tree.rootNode.hasError };
      const cursor = tree.walk();
      try {
        for (;;) {
          if (cursor.nodeType === "ERROR") {
            counts.error++;
          }
          if (cursor.nodeIsMissing) {
            counts.missing++;
          }
          if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) {
            continue;
          }
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent()) {
              return counts;
            }
          }
        }
      } finally {
        cursor.delete();
      }
    });
  }
}
