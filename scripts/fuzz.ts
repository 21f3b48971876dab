// Fuzzes the bundled language server over stdio: random and mutated documents, random edits
// checked against a fresh analysis, then 10,000 edits while its memory is sampled.
//
//   npm run fuzz                                   # seed 1, 20 s of random documents
//   FUZZ_SEED=7 FUZZ_SECONDS=300 npm run fuzz      # another seed, for longer
//
// FUZZ_SECONDS bounds the random documents (default 20), FUZZ_DOCUMENTS their count (default
// 100000) and FUZZ_MEMORY_EDITS the memory run (default 10000). Each failing case is written to
// test-results/fuzz/ as JSON; moved to test/fixtures/regressions/, it becomes a regression test.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DIST, REPO_ROOT } from "../test/helpers/paths";
import {
  findServerPid,
  measureEditMemory,
  MEMORY_GROWTH_BOUND_KB,
  type MemoryReport,
} from "../test/fuzz/engine/memory";
import { runSession, startServer, type SessionReport } from "../test/fuzz/engine/session";

const FAILURES_DIR = path.join(REPO_ROOT, "test-results", "fuzz");

function integerSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

function writeFailures(report: SessionReport): string[] {
  mkdirSync(FAILURES_DIR, { recursive: true });
  return report.failures.map((failure) => {
    const file = path.join(
      FAILURES_DIR,
      `seed-${failure.replay.seed}-case-${failure.replay.index}.json`,
    );
    writeFileSync(
      file,
      `${JSON.stringify({ ...failure.replay, reason: failure.message }, null, 2)}\n`,
    );
    return file;
  });
}

function printSummary(report: SessionReport, memory: MemoryReport, seconds: number): void {
  const { stats } = report;
  const megabytes = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
  const rows: [string, string][] = [
    ["seed", String(report.seed)],
    ["documents fuzzed", String(stats.documents)],
    ["didChange notifications", String(stats.notifications)],
    ["content changes", String(stats.changes)],
    ["requests", String(stats.requests)],
    ["states not compared (over 256 KiB, with syntax errors)", String(stats.statesNotCompared)],
    ["code actions applied", String(stats.codeActions)],
    ["  of them re-parsed (document without syntax errors)", String(stats.codeActionsParsed)],
    ["crashes", String(report.crashes)],
    ["hangs", String(report.hangs)],
    ["failures", String(report.failures.length)],
    ["maximum response time", `${stats.maxResponseMs.toFixed(0)} ms (${stats.maxResponseOf})`],
    ["memory edits", String(memory.edits)],
    [
      "RSS after warm-up / half way / end",
      [memory.rssAfterWarmupKb, memory.rssHalfWayKb, memory.rssAtEndKb].map(megabytes).join(" / "),
    ],
    ["RSS growth over the second half", megabytes(memory.secondHalfGrowthKb)],
    ["session time limit", `${seconds} s`],
    ["elapsed", `${(report.elapsedMs / 1000).toFixed(1)} s`],
  ];
  for (const [name, value] of rows) {
    console.log(`${name.padEnd(54)} ${value}`);
  }
}

async function main(): Promise<number> {
  const seed = integerSetting("FUZZ_SEED", 1);
  const seconds = integerSetting("FUZZ_SECONDS", 20);
  const maxDocuments = integerSetting("FUZZ_DOCUMENTS", 100_000);
  const memoryEdits = integerSetting("FUZZ_MEMORY_EDITS", 10_000);
  const cleanups: (() => void | Promise<void>)[] = [];
  const lifecycle = { after: (cleanup: () => void | Promise<void>) => void cleanups.push(cleanup) };

  try {
    console.log(
      `Fuzzing ${path.join(DIST, "server.js")} with seed ${seed} for up to ${seconds} s.`,
    );
    const report = await runSession({
      seed,
      maxDocuments,
      deadline: Date.now() + seconds * 1000,
      fixedDocuments: true,
      lifecycle,
      onDocument: (index, fuzzCase, stats) => {
        if (index % 100 === 0) {
          console.log(`  ${stats.documents} documents, last: ${fuzzCase.label}`);
        }
      },
    });

    const client = await startServer(lifecycle);
    const memory = await measureEditMemory(
      client,
      findServerPid(path.join(DIST, "server.js")),
      memoryEdits,
    );
    await client.shutdown();

    printSummary(report, memory, seconds);
    for (const [index, file] of writeFailures(report).entries()) {
      console.error(`${report.failures[index].kind}: ${report.failures[index].message}`);
      console.error(`  replay: ${path.relative(REPO_ROOT, file)}`);
    }
    const leaked = memory.secondHalfGrowthKb > MEMORY_GROWTH_BOUND_KB;
    if (leaked) {
      console.error(
        `RSS grew by ${memory.secondHalfGrowthKb} kB over the second half of the edits, ` +
          `more than ${MEMORY_GROWTH_BOUND_KB} kB: something is kept per edit.`,
      );
    }
    return report.failures.length > 0 || leaked ? 1 : 0;
  } finally {
    for (const cleanup of cleanups) {
      await cleanup();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
