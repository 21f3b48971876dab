import { setTimeout as delay } from "node:timers/promises";

export interface PollOptions {
  /** What is awaited, for the timeout message, e.g. "FL001 on train.py". */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value other than undefined, and returns that value. A probe
 * that throws counts as "not yet". On timeout the error names `description` and the last error
 * or value seen, so a failure shows what was awaited and what was there instead.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  options: PollOptions,
  describeLast: () => string = () => "",
): Promise<T> {
  const deadline = performance.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      const last = lastError === undefined ? describeLast() : String(lastError);
      throw new Error(
        `Timed out after ${options.timeoutMs} ms waiting for ${options.description}.` +
          (last === "" ? "" : ` Last seen: ${last}`),
      );
    }
    await delay(options.intervalMs ?? 100);
  }
}

/** Resolves or rejects as `promise` does, or rejects after `timeoutMs` naming `description`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  description: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms ${description}.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
