import { readdirSync, readFileSync } from "node:fs";
import type { LspClient } from "../../helpers/lspClient";
import { loadFixtures } from "./documents";

/** Edits sent between two waits for diagnostics. */
const BATCH = 100;
/** Edits before the first measurement, while the heaps grow to their working size. */
export const WARMUP_EDITS = 1_000;

/**
 * The maximum growth of the server's resident memory over the second half of the edits. With
 * `oldTree.delete()` removed from ParsedDocument, it grew by about 9.5 MB per 1,000 edits. As
 * built, it grew by 2.2 and 3.2 MB over the last 5,000 in the two runs in docs/reliability.md.
 */
export const MEMORY_GROWTH_BOUND_KB = 16 * 1024;

export interface MemorySample {
  edits: number;
  rssKb: number;
}

export interface MemoryReport {
  edits: number;
  samples: MemorySample[];
  /** Resident set size after the warm-up, half way and after the last edit, in kB. */
  rssAfterWarmupKb: number;
  rssHalfWayKb: number;
  rssAtEndKb: number;
  /**
   * Growth over the second half of the edits. The heaps still grow to their working size after
   * the warm-up, but a leak of one syntax tree per edit adds about 9 MB per 1,000 edits here.
   */
  secondHalfGrowthKb: number;
}

/**
 * Finds the process id of the newest child of this process that runs `serverPath`, from /proc,
 * since LspClient keeps its child process to itself. Linux only.
 */
export function findServerPid(serverPath: string): number {
  const candidates: { pid: number; start: number }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      // Fields after the command name, which is in parentheses and may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parent = Number(fields[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (parent === process.pid && command.includes(serverPath)) {
        candidates.push({ pid: Number(entry), start: Number(fields[19]) });
      }
    } catch {
      // The process ended while the scan read it.
    }
  }
  const newest = candidates.sort((a, b) => b.start - a.start)[0];
  if (newest === undefined) {
    throw new Error(`No child process of ${process.pid} runs ${serverPath}.`);
  }
  return newest.pid;
}

/** Reads VmRSS, the resident set size in kB, from /proc/<pid>/status. */
export function residentKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) {
    throw new Error(`/proc/${pid}/status has no VmRSS line; is ${pid} a running process?`);
  }
  return Number(match[1]);
}

/**
 * Sends `edits` one-line edits to a Python document with a finding, one didChange each, and
 * samples the server's resident memory every 1,000 edits. Every second edit undoes the one
 * before, so the text, and with it the memory the server needs, stays the same throughout: what
 * grows is a leak. Each hundredth edit is followed by a wait for its diagnostics and a
 * code-action request, so trees, analyses and fix plans all take part.
 */
export async function measureEditMemory(
  client: LspClient,
  pid: number,
  edits: number,
): Promise<MemoryReport> {
  const uri = "file:///fuzz/memory.py";
  // One finding, so that publishing stays cheap, in about 850 characters of code that resolves names.
  const fixtures = loadFixtures();
  const source = (name: string) =>
    fixtures.find((document) => document.label === `python/${name}`)?.text ?? "";
  const text = source("reported_attribute_error.py") + source("real_apis.py");
  const lines = text.split("\n").length - 1;
  await client.openDocument(uri, text);
  await client.waitForDiagnostics(uri, (publish) => publish.version === 1);

  const samples: MemorySample[] = [];
  for (let edit = 1; edit <= edits; edit++) {
    const line = Math.floor((edit - 1) / 2) % lines;
    const start = { line, character: 0 };
    const change =
      edit % 2 === 1
        ? { range: { start, end: start }, text: "x = 1\n" }
        : { range: { start, end: { line: line + 1, character: 0 } }, text: "" };
    await client.changeDocument(uri, edit + 1, [change]);

    if (edit % BATCH === 0) {
      const publish = await client.waitForDiagnostics(uri, (item) => item.version === edit + 1);
      await client.request("textDocument/codeAction", {
        textDocument: { uri },
        range: publish.diagnostics[0]?.range ?? { start, end: start },
        context: { diagnostics: publish.diagnostics.slice(0, 1) },
      });
      // The client records every publish; dropping them keeps its own memory flat.
      client.publishes.splice(0, client.publishes.length - 1);
    }
    if (edit % WARMUP_EDITS === 0) {
      samples.push({ edits: edit, rssKb: residentKb(pid) });
    }
  }
  await client.closeDocument(uri);

  const rssAt = (edit: number) =>
    samples.find((sample) => sample.edits >= edit)?.rssKb ?? residentKb(pid);
  const rssHalfWayKb = rssAt(edits / 2);
  const rssAtEndKb = rssAt(edits);
  return {
    edits,
    samples,
    rssAfterWarmupKb: rssAt(WARMUP_EDITS),
    rssHalfWayKb,
    rssAtEndKb,
    secondHalfGrowthKb: rssAtEndKb - rssHalfWayKb,
  };
}
