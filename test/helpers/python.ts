import { spawnSync } from "node:child_process";

/** Debian's interpreter, which has python3-torch; the python3 first on PATH may lack it. */
export const PYTHON = "/usr/bin/python3";

let torchAvailable: boolean | undefined;

export function hasTorch(): boolean {
  torchAvailable ??=
    spawnSync(PYTHON, ["-c", "import torch, torchvision"], { encoding: "utf8" }).status === 0;
  return torchAvailable;
}

/**
 * The `skip` option for tests that need torch: a reason outside CI, and false in CI, where the
 * test then fails because CI must install python3-torch and python3-torchvision.
 */
export function skipWithoutTorch(): string | false {
  if (hasTorch() || process.env.CI) {
    return false;
  }
  return `${PYTHON} cannot import torch and torchvision; install python3-torch and python3-torchvision`;
}

/** Runs a Python script with Debian's interpreter and returns its standard output. */
export function runPython(script: string, args: string[] = [], input?: string): string {
  const result = spawnSync(PYTHON, ["-c", script, ...args], {
    encoding: "utf8",
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${PYTHON} exited with ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}
