import assert from "node:assert/strict";
import { test } from "node:test";
import { requireBuild } from "../helpers/paths";
import {
  findServerPid,
  measureEditMemory,
  MEMORY_GROWTH_BOUND_KB,
  WARMUP_EDITS,
} from "./engine/memory";
import { startServer } from "./engine/session";

const EDITS = 10_000;
const skip = process.platform === "linux" ? false : "reads the server's memory from /proc";

test("memory flat over 10,000 edits", { skip, timeout: 120_000 }, async (t) => {
  const client = await startServer(t);
  const pid = findServerPid(requireBuild("server.js"));

  const report = await measureEditMemory(client, pid, EDITS);

  assert.equal(report.samples.length, EDITS / WARMUP_EDITS);
  const megabytes = report.samples.map((sample) => (sample.rssKb / 1024).toFixed(1));
  assert.ok(
    report.secondHalfGrowthKb <= MEMORY_GROWTH_BOUND_KB,
    `RSS grew by ${report.secondHalfGrowthKb} kB over the last ${EDITS / 2} edits; ` +
      `samples every ${WARMUP_EDITS} edits, in MB: ${megabytes.join(", ")}`,
  );
  await client.shutdown();
});
