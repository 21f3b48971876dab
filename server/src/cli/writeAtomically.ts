import { renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * Replaces a file's contents through a temporary file in the same folder and a rename, so an
 * interrupted run never leaves a half-written source file. The file's permissions are kept.
 */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.focal-loss-${process.pid}.tmp`;
  const { mode } = statSync(file);
  try {
    writeFileSync(temporary, text, { mode });
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // The temporary file was never created.
    }
    throw error;
  }
}
