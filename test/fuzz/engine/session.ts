import { LspClient, type TestLifecycle } from "../../helpers/lspClient";
import { fixedDocuments, randomDocument, type FuzzDocument } from "./documents";
import type { ContentChange } from "./edits";
import { generateCase, type FuzzCase } from "./fuzzCase";
import { Random } from "./random";
import { Reference } from "./reference";
import { CaseFailure, CaseRunner, emptyStats, type FailureKind, type RunStats } from "./runner";

export interface SessionOptions {
  seed: number;
  /** The maximum number of random documents to open, after the fixed ones. */
  maxDocuments: number;
  /** A time from `Date.now()` after which no new document is opened. */
  deadline?: number;
  /** Whether to open the 1 MB line and the deeply nested documents first. */
  fixedDocuments: boolean;
  lifecycle: TestLifecycle;
  /** The server bundle to fuzz; dist/server.js by default. */
  serverPath?: string;
  /** Called after each document, for progress output. */
  onDocument?: (index: number, fuzzCase: FuzzCase, stats: RunStats) => void;
}

/** A failed case, cut after the batch that failed, ready to save as a regression fixture. */
export interface SessionFailure {
  kind: FailureKind;
  message: string;
  replay: FuzzCase & { seed: number; index: number };
}

export interface SessionReport {
  seed: number;
  stats: RunStats;
  failures: SessionFailure[];
  crashes: number;
  hangs: number;
  elapsedMs: number;
}

/** Starts the bundled server, or the one at `serverPath`, with editor-like capabilities. */
export async function startServer(
  lifecycle: TestLifecycle,
  serverPath?: string,
): Promise<LspClient> {
  const client = LspClient.spawn(lifecycle, { serverPath });
  await client.initialize();
  return client;
}

async function hasExited(client: LspClient): Promise<boolean> {
  return client.waitForExit(0).then(
    () => true,
    () => false,
  );
}

function truncate(fuzzCase: FuzzCase, batch: number): FuzzCase {
  return { ...fuzzCase, batches: fuzzCase.batches.slice(0, batch) as ContentChange[][][] };
}

/**
 * Runs a seeded fuzz session against one server, replacing it after a crash or a hang, and
 * returns what it exercised and every failure. Case `i` draws from `seed` and `i` alone, so any
 * case can be generated again.
 */
export async function runSession(options: SessionOptions): Promise<SessionReport> {
  const started = Date.now();
  const reference = await Reference.load();
  const random = new Random(options.seed);
  const stats = emptyStats();
  const failures: SessionFailure[] = [];
  let crashes = 0;
  let hangs = 0;
  let client = await startServer(options.lifecycle, options.serverPath);
  let runner = new CaseRunner(client, reference, stats);

  const fixed = options.fixedDocuments ? fixedDocuments() : [];
  const total = fixed.length + options.maxDocuments;
  for (let index = 0; index < total; index++) {
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      break;
    }
    const caseRandom = random.fork();
    const document: FuzzDocument = fixed[index] ?? randomDocument(caseRandom);
    const fuzzCase = generateCase(caseRandom, document);
    try {
      await runner.run(fuzzCase, `case-${options.seed}-${index}`);
    } catch (error) {
      if (!(error instanceof CaseFailure)) {
        throw error;
      }
      const crashed = await hasExited(client);
      const kind: FailureKind = crashed ? "crash" : error.kind;
      crashes += crashed ? 1 : 0;
      hangs += kind === "hang" ? 1 : 0;
      failures.push({
        kind,
        message: `${fuzzCase.label}: ${error.message}`,
        replay: { ...truncate(fuzzCase, error.batch), seed: options.seed, index },
      });
      if (crashed || kind === "hang") {
        client.kill();
        client = await startServer(options.lifecycle, options.serverPath);
        runner = new CaseRunner(client, reference, stats);
      }
    }
    options.onDocument?.(index, fuzzCase, stats);
  }

  await client.shutdown();
  return { seed: options.seed, stats, failures, crashes, hangs, elapsedMs: Date.now() - started };
}
