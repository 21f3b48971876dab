import { realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";

/**
 * Replaces a file's contents through a temporary file in the same folder and a rename, so an
 * interrupted run never leaves a half-written source file. The file's permissions are kept, and
 * a symbolic link stays a link: the file it points to is the one replaced.
 */
export function writeAtomically(path: string, text: string): void {
  const file = realpathSync(path);
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
