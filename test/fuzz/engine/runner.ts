import { isDeepStrictEqual } from "node:util";
import {
  LSPErrorCodes,
  ResponseError,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type PublishDiagnosticsParams,
  type TextDocumentEdit,
  type TextEdit,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { MAX_REPARSED_LENGTH } from "../../../server/src/documents/parsedDocument";
import type { LspClient } from "../../helpers/lspClient";
import { applyChanges } from "./edits";
import type { FuzzCase } from "./fuzzCase";
import { linesOf, rangeProblem } from "./positions";
import type { Reference } from "./reference";

/**
 * The maximum time the server may take to publish diagnostics after a change or to respond to
 * a request. Analysis runs on the one thread that also reads messages, so this also bounds how long
 * any one document's analysis may block the others.
 */
export const RESPONSE_BOUND_MS = 5_000;

/** Diagnostics that a code-action request passes, at most, for one document state. */
const CODE_ACTION_DIAGNOSTICS = 4;

export type FailureKind = "crash" | "hang" | "slow" | "diagnostics" | "position" | "fix";

/** A violated invariant, with the batch after which it was seen. */
export class CaseFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly batch: number,
    message: string,
  ) {
    super(message);
  }
}

/** Counters and maxima that the runner adds to while it drives a server. */
export interface RunStats {
  documents: number;
  notifications: number;
  changes: number;
  requests: number;
  /**
   * Document states whose diagnostics were not compared with a fresh analysis: texts over
   * MAX_REPARSED_LENGTH with syntax errors, which the server does not parse again from scratch.
   */
  statesNotCompared: number;
  /** Code actions with an edit, applied and checked for positions and version. */
  codeActions: number;
  /** Those of them on documents without syntax errors, whose results were parsed again. */
  codeActionsParsed: number;
  maxResponseMs: number;
  maxResponseOf: string;
}

export function emptyStats(): RunStats {
  return {
    documents: 0,
    notifications: 0,
    changes: 0,
    requests: 0,
    statesNotCompared: 0,
    codeActions: 0,
    codeActionsParsed: 0,
    maxResponseMs: 0,
    maxResponseOf: "",
  };
}

function extensionOf(languageId: string): string {
  const extensions: Record<string, string> = {
    python: "py",
    typescript: "ts",
    typescriptreact: "tsx",
    javascript: "js",
    javascriptreact: "jsx",
  };
  return extensions[languageId] ?? "txt";
}

/** Drives one server through fuzz cases and checks every invariant after each batch of edits. */
export class CaseRunner {
  /** Requests sent since `initialize`, which vscode-jsonrpc numbered 0. */
  private requestsSent = 0;

  constructor(
    private readonly client: LspClient,
    private readonly reference: Reference,
    readonly stats: RunStats = emptyStats(),
  ) {}

  /** Runs one case on a new URI. Throws a CaseFailure at the first violated invariant. */
  async run(fuzzCase: FuzzCase, name: string): Promise<void> {
    const uri = `file:///fuzz/${name}.${extensionOf(fuzzCase.languageId)}`;
    const state = { uri, languageId: fuzzCase.languageId, text: fuzzCase.text, version: 1 };
    this.stats.documents++;
    await this.client.openDocument(uri, state.text, state.languageId, state.version);
    let diagnostics = await this.checkDiagnostics(state, 0, "didOpen");
    if (diagnostics.length > 0) {
      await this.checkCodeActions(state, diagnostics, 0);
    }

    for (const [batch, notifications] of fuzzCase.batches.entries()) {
      for (const changes of notifications) {
        state.version++;
        state.text = applyChanges(state.text, changes);
        await this.client.changeDocument(uri, state.version, changes);
        this.stats.notifications++;
        this.stats.changes += changes.length;
      }
      diagnostics = await this.checkDiagnostics(state, batch + 1, "didChange");
      await this.checkHover(state, diagnostics, batch + 1);
      if (diagnostics.length > 0) {
        await this.checkCodeActions(state, diagnostics, batch + 1);
      }
    }
    await this.client.closeDocument(uri);
  }

  private record(what: string, started: number, batch: number): void {
    const elapsed = performance.now() - started;
    if (elapsed > this.stats.maxResponseMs) {
      this.stats.maxResponseMs = elapsed;
      this.stats.maxResponseOf = what;
    }
    if (elapsed > RESPONSE_BOUND_MS) {
      throw new CaseFailure(
        "slow",
        batch,
        `${what} took ${elapsed.toFixed(0)} ms, more than ${RESPONSE_BOUND_MS} ms`,
      );
    }
  }

  private async checkDiagnostics(state: DocumentState, batch: number, after: string) {
    const started = performance.now();
    let publish: PublishDiagnosticsParams;
    try {
      publish = await this.client.waitForDiagnostics(
        state.uri,
        (item) => item.version === state.version,
        RESPONSE_BOUND_MS * 2,
      );
    } catch (error) {
      throw new CaseFailure("hang", batch, (error as Error).message);
    }
    this.record(`diagnostics after ${after}`, started, batch);

    const lines = linesOf(state.text);
    for (const diagnostic of publish.diagnostics) {
      const problem = rangeProblem(lines, diagnostic.range);
      if (problem !== undefined) {
        throw new CaseFailure("position", batch, `diagnostic ${diagnostic.code}: ${problem}`);
      }
    }

    const fresh = this.reference.analyze(state.uri, state.languageId, state.text);
    if (fresh.hasError && state.text.length > MAX_REPARSED_LENGTH) {
      // The server keeps its incremental tree here, whose error recovery may differ.
      this.stats.statesNotCompared++;
      return publish.diagnostics;
    }
    // JSON drops undefined fields, as the transport does, so both sides compare alike.
    const expected = JSON.parse(JSON.stringify(fresh.diagnostics)) as Diagnostic[];
    if (!isDeepStrictEqual(publish.diagnostics, expected)) {
      throw new CaseFailure(
        "diagnostics",
        batch,
        `version ${state.version} published ${describe(publish.diagnostics)}, but a fresh ` +
          `analysis of the same text finds ${describe(expected)}`,
      );
    }
    return publish.diagnostics;
  }

  /** Sends a request, timing it. A RequestCancelled error counts as a response. */
  private async timedRequest<T>(method: string, params: unknown, batch: number, cancel = false) {
    const id = ++this.requestsSent;
    const started = performance.now();
    const pending = this.client.request<T>(method, params);
    if (cancel) {
      await this.client.notify("$/cancelRequest", { id });
    }
    this.stats.requests++;
    let result: T | undefined;
    try {
      result = await pending;
    } catch (error) {
      const cancelled =
        error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled;
      if (!cancelled) {
        throw new CaseFailure("hang", batch, `${method}: ${(error as Error).message}`);
      }
    }
    this.record(method, started, batch);
    return result;
  }

  private async checkHover(state: DocumentState, diagnostics: Diagnostic[], batch: number) {
    const position = diagnostics[0]?.range.start ?? { line: batch, character: batch };
    const hover = await this.timedRequest<Hover | null>(
      "textDocument/hover",
      { textDocument: { uri: state.uri }, position },
      batch,
      batch % 3 === 2,
    );
    const problem =
      hover?.range === undefined ? undefined : rangeProblem(linesOf(state.text), hover.range);
    if (problem !== undefined) {
      throw new CaseFailure("position", batch, `hover range: ${problem}`);
    }
  }

  /**
   * Requests the quick fixes of up to four diagnostics and the fix-all action, and applies each
   * edit to the text. In a document that parses without errors, every result must too. A document
   * with syntax errors is not checked for new ones, because tree-sitter's error recovery is not
   * local: an insertion far from an ERROR node can make the parser split or regroup it.
   */
  private async checkCodeActions(state: DocumentState, diagnostics: Diagnostic[], batch: number) {
    const contexts = [
      ...diagnostics.slice(0, CODE_ACTION_DIAGNOSTICS).map((diagnostic) => ({
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })),
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ["source.fixAll.focalLoss"] },
      },
    ];
    const before = this.reference.syntaxErrors(state.languageId, state.text);
    const clean = !before.hasError;
    for (const { range, context } of contexts) {
      const actions = await this.timedRequest<CodeAction[]>(
        "textDocument/codeAction",
        { textDocument: { uri: state.uri }, range, context },
        batch,
      );
      for (const action of actions ?? []) {
        if (action.edit === undefined) {
          continue;
        }
        this.stats.codeActions++;
        const fixed = this.applyAction(state, action, batch);
        if (!clean) {
          continue;
        }
        this.stats.codeActionsParsed++;
        const after = this.reference.syntaxErrors(state.languageId, fixed);
        if (after.hasError) {
          throw new CaseFailure(
            "fix",
            batch,
            `"${action.title}" leaves ${after.error} ERROR and ${after.missing} MISSING nodes ` +
              `(and any hidden ones) in a document that parsed without errors. Fixed text:\n` +
              fixed.slice(0, 4000),
          );
        }
      }
    }
  }

  private applyAction(state: DocumentState, action: CodeAction, batch: number): string {
    const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
    const change = changes?.[0];
    if (change === undefined || changes?.length !== 1 || change.textDocument.uri !== state.uri) {
      throw new CaseFailure("fix", batch, `"${action.title}" does not edit ${state.uri} alone`);
    }
    if (change.textDocument.version !== state.version) {
      throw new CaseFailure(
        "fix",
        batch,
        `"${action.title}" edits version ${change.textDocument.version}, not ${state.version}`,
      );
    }
    const lines = linesOf(state.text);
    for (const edit of change.edits as TextEdit[]) {
      const problem = rangeProblem(lines, edit.range);
      if (problem !== undefined) {
        throw new CaseFailure("position", batch, `"${action.title}" edit: ${problem}`);
      }
    }
    const document = TextDocument.create(state.uri, state.languageId, state.version, state.text);
    try {
      return TextDocument.applyEdits(document, change.edits as TextEdit[]);
    } catch (error) {
      // applyEdits rejects overlapping edits, which LSP forbids in one TextDocumentEdit.
      throw new CaseFailure(
        "fix",
        batch,
        `"${action.title}" has edits that cannot be applied (${(error as Error).message}): ` +
          JSON.stringify(change.edits),
      );
    }
  }
}

interface DocumentState {
  uri: string;
  languageId: string;
  text: string;
  version: number;
}

function describe(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) {
    return "nothing";
  }
  return diagnostics
    .map(({ code, range }) => `${code} at ${range.start.line}:${range.start.character}`)
    .join(", ");
}
