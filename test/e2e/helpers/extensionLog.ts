// Reads the "Focal Loss" log that the extension writes, in both real-VS-Code suites. It imports
// only Node's modules, because esbuild bundles it into the online suite's extension host.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Lists the files under `directory` whose name is `fileName`, depth first. */
export function findFiles(directory: string, fileName: string): string[] {
  const found: string[] = [];
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      found.push(...findFiles(full, fileName));
    } else if (entry.name === fileName) {
      found.push(full);
    }
  }
  return found;
}

/**
 * Returns the text of the "Focal Loss" LogOutputChannel, which VS Code writes to
 * <user-data>/logs/<session>/exthost1/<extension id>/Focal Loss.log; empty until it exists.
 */
export function readFocalLossLog(userDataDir: string): string {
  return findFiles(path.join(userDataDir, "logs"), "Focal Loss.log")
    .map((file) => readFileSync(file, "utf8"))
    .join("\n");
}

/** Reads the activation time that the extension logs as "activate() took N ms.". */
export function activationMs(log: string): number | undefined {
  const match = /activate\(\) took ([\d.]+) ms/.exec(log);
  return match === null ? undefined : Number(match[1]);
}

export interface EvaluateSampleRun {
  checks: number;
  backend: string;
  passed: number;
  total: number;
}

/**
 * Reads the lines that the Evaluate Sample page logs after running every section, such as
 * "Evaluate Sample: Ran 15 checks on webgl: 15 of 15 passed.", in the order they were logged.
 */
export function evaluateSampleRuns(log: string): EvaluateSampleRun[] {
  const pattern = /Evaluate Sample: Ran (\d+) checks on (\w+): (\d+) of (\d+) passed\./g;
  return [...log.matchAll(pattern)].map((match) => ({
    checks: Number(match[1]),
    backend: match[2],
    passed: Number(match[3]),
    total: Number(match[4]),
  }));
}
