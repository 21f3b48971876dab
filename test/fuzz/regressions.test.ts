import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { FIXTURES } from "../helpers/paths";
import type { FuzzCase } from "./engine/fuzzCase";
import { Reference } from "./engine/reference";
import { CaseRunner } from "./engine/runner";
import { startServer } from "./engine/session";

const REGRESSIONS = path.join(FIXTURES, "regressions");

/** A fuzz case that once failed, with why, as `npm run fuzz` writes it to test-results/fuzz/. */
interface Regression extends FuzzCase {
  reason: string;
}

const files = readdirSync(REGRESSIONS)
  .filter((name) => name.endsWith(".json"))
  .sort();

test("regression fixtures exist", () => {
  assert.ok(files.length > 0, `${REGRESSIONS} holds no .json fixture`);
});

for (const file of files) {
  const regression = JSON.parse(readFileSync(path.join(REGRESSIONS, file), "utf8")) as Regression;

  test(`replays ${file}`, async (t) => {
    assert.ok(regression.reason.length > 0, `${file} does not say what failed`);
    const client = await startServer(t);
    const runner = new CaseRunner(client, await Reference.load());

    // run() throws a CaseFailure, whose message names the broken invariant, if one fails.
    await runner.run(regression, path.basename(file, ".json"));
    await client.shutdown();
  });
}
