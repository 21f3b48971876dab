import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeDocument, mayHaveFindings } from "../analysis/analyzeDocument";
import type { Finding } from "../analysis/finding";
import { earlierCellsScope } from "../analysis/python/earlierCellsScope";
import type { CellSource } from "../fixes/python/earlierCells";
import { planSafeFixes } from "../fixes/fixDocument";
import {
  parseFixTemplates,
  type FixTemplates,
  type FixTemplateSources,
} from "../fixes/fixTemplates";
import { applyEdits } from "../fixes/textEdits";
import { grammarForLanguageId, type Grammars } from "../parsing/languages";
import { ParserPool } from "../parsing/parserPool";
import { parseOrThrow } from "../documents/parsedDocument";
import type { NotebookCell } from "./notebook";

/** One finding as the CLI prints it, with 1-based lines and UTF-16 columns as in LSP. */
export interface CliFinding {
  path: string;
  /** In a notebook, the 1-based cell; `line` and `endLine` then count within that cell. */
  cell?: number;
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
  private templates: FixTemplates | undefined;

  constructor(
    grammars: Grammars,
    private readonly templateSources?: FixTemplateSources,
  ) {
    this.parsers = new ParserPool(grammars);
  }

  /**
   * Applies every safe fix to source text, as the editor's fix-all action does. Returns the new
   * text and how many findings the fix addressed, or undefined when nothing can be fixed.
   */
  fix(languageId: string, text: string): { text: string; fixed: number } | undefined {
    const grammar = grammarForLanguageId(languageId);
    if (grammar === undefined || !mayHaveFindings(grammar, text)) {
      return undefined;
    }
    if (this.templateSources === undefined) {
      throw new Error(
        "TextLinter was created without the implementation template, so it cannot fix.",
      );
    }
    this.templates ??= parseFixTemplates(this.templateSources, this.parsers.get("python"));

    const tree = parseOrThrow(this.parsers.get(grammar), text);
    try {
      const findings = analyzeDocument(grammar, tree, text);
      const plan = planSafeFixes(grammar, languageId, tree, text, findings, this.templates);
      if (plan === undefined) {
        return undefined;
      }
      return { text: applyEdits(text, plan.edits), fixed: plan.fixed.length };
    } finally {
      tree.delete();
    }
  }

  lint(displayPath: string, languageId: string, text: string): CliFinding[] {
    const grammar = grammarForLanguageId(languageId);
    // Most files never mention a focal-loss name, and those need no parse at all.
    if (grammar === undefined || !mayHaveFindings(grammar, text)) {
      return [];
    }
    const tree = parseOrThrow(this.parsers.get(grammar), text);
    try {
      return toCliFindings(displayPath, languageId, text, analyzeDocument(grammar, tree, text));
    } finally {
      tree.delete();
    }
  }

  /**
   * Lints a notebook's Python code cells in order. Each cell's names resolve through the cells
   * above it, as the kernel runs them and as the server does, so a later cell that rebinds a name
   * does not hide findings in the cells before it.
   */
  lintNotebook(displayPath: string, cells: readonly NotebookCell[]): CliFinding[] {
    if (!cells.some((cell) => mayHaveFindings("python", cell.text))) {
      return [];
    }
    // Every parsed cell, for clean-up, and the cells whose names later cells see.
    const parsed: CellSource[] = [];
    const visible: CellSource[] = [];
    try {
      const findings: CliFinding[] = [];
      for (const cell of cells) {
        const tree = parseOrThrow(this.parsers.get("python"), cell.text);
        parsed.push({ tree, text: cell.text });
        const outerScope = earlierCellsScope([...visible].reverse());
        // A %%timeit cell's names stay in its own namespace, so later cells cannot use them.
        if (!cell.bindsNamesLocally) {
          visible.push({ tree, text: cell.text });
        }

        const found = analyzeDocument("python", tree, cell.text, outerScope);
        for (const finding of toCliFindings(displayPath, "python", cell.text, found)) {
          findings.push({ ...finding, cell: cell.cell });
        }
      }
      return findings;
    } finally {
      for (const cell of parsed) {
        cell.tree.delete();
      }
    }
  }
}

/** Converts offsets to 1-based lines and UTF-16 columns, as the CLI prints findings. */
function toCliFindings(
  displayPath: string,
  languageId: string,
  text: string,
  findings: Finding[],
): CliFinding[] {
  // Editors hide a leading byte order mark, so columns are counted without it, as they show.
  const bom = text.startsWith("\uFEFF") ? 1 : 0;
  const document = TextDocument.create(displayPath, languageId, 0, text.slice(bom));
  return findings.map((finding) => {
    const start = document.positionAt(finding.startOffset - bom);
    const end = document.positionAt(finding.endOffset - bom);
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
}
