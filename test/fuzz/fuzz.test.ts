import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { test } from "node:test";
import { fixedDocuments, randomDocument } from "./engine/documents";
import { generateCase } from "./engine/fuzzCase";
import { Random } from "./engine/random";
import { RESPONSE_BOUND_MS } from "./engine/runner";
import { runSession } from "./engine/session";

/** A fixed seed and count, so that every run sends the same documents and edits. */
const SEED = 20251204;
const DOCUMENTS = 60;

function drawCases(seed: number, count: number) {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const caseRandom = random.fork();
    return generateCase(caseRandom, randomDocument(caseRandom));
  });
}

test("same seed draws same cases", () => {
  const first = drawCases(SEED, 20);
  const second = drawCases(SEED, 20);
  assert.ok(isDeepStrictEqual(first, second), "two draws from one seed differ");
  assert.notDeepEqual(drawCases(SEED + 1, 20), first);
});

test("seeded fuzz session passes", { timeout: 120_000 }, async (t) => {
  const report = await runSession({
    seed: SEED,
    maxDocuments: DOCUMENTS,
    fixedDocuments: true,
    lifecycle: t,
  });

  const failures = report.failures.map(
    (failure) =>
      `${failure.kind}: ${failure.message}\n` +
      `replay (save as test/fixtures/regressions/<name>.json): ` +
      JSON.stringify({ ...failure.replay, reason: failure.message }).slice(0, 4000),
  );
  assert.deepEqual(failures, []);
  assert.equal(report.crashes, 0);
  assert.equal(report.hangs, 0);
  assert.equal(report.stats.documents, DOCUMENTS + fixedDocuments().length);
  assert.ok(report.stats.changes > 1000, `only ${report.stats.changes} content changes`);
  assert.ok(report.stats.codeActionsParsed > 0, "no code action was checked for syntax errors");
  assert.ok(
    report.stats.maxResponseMs <= RESPONSE_BOUND_MS,
    `${report.stats.maxResponseOf} took ${report.stats.maxResponseMs} ms`,
  );
});
