import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { buffer } from "node:stream/consumers";
import yauzl from "yauzl";

export interface VsixEntry {
  fileName: string;
  uncompressedSize: number;
}

/** Lists the files in a VSIX, which is a zip archive. */
export async function listVsixEntries(vsixPath: string): Promise<VsixEntry[]> {
  const zip = await yauzl.openPromise(vsixPath);
  try {
    const entries: VsixEntry[] = [];
    for await (const entry of zip.eachEntry()) {
      entries.push({ fileName: entry.fileName, uncompressedSize: entry.uncompressedSize });
    }
    return entries;
  } finally {
    zip.close();
  }
}

/** Reads one file of a VSIX; throws when `fileName` is not in it. */
export async function readVsixEntry(vsixPath: string, fileName: string): Promise<Buffer> {
  const zip = await yauzl.openPromise(vsixPath);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === fileName) {
        return await buffer(await zip.openReadStreamPromise(entry));
      }
    }
    throw new Error(`${fileName} is not in ${vsixPath}.`);
  } finally {
    zip.close();
  }
}

/**
 * Extracts the `extension/` folder of a VSIX into `destination`, as VS Code does when it
 * installs one. yauzl rejects entry names that are absolute or contain "..", so every file stays
 * inside `destination`.
 */
export async function extractVsixExtension(vsixPath: string, destination: string): Promise<void> {
  const prefix = "extension/";
  const zip = await yauzl.openPromise(vsixPath);
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.startsWith(prefix) || entry.fileName.endsWith("/")) {
        continue;
      }
      const target = path.join(destination, entry.fileName.slice(prefix.length));
      mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
    }
  } finally {
    zip.close();
  }
}
