import { readdirSync } from "node:fs";
import path from "node:path";
import { FIXTURES } from "./paths";

export interface FixPair {
  name: string;
  input: string;
  output: string;
}

/**
 * The before/after pairs under test/fixtures/<language>-fixes: `<name>.in.<ext>` and
 * `<name>.out.<ext>`.
 */
export function fixPairs(language: "python" | "typescript" = "python"): FixPair[] {
  const dir = path.join(FIXTURES, `${language}-fixes`);
  return readdirSync(dir)
    .map((file) => /^(.*)\.in\.(\w+)$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([file, name, extension]) => ({
      name,
      input: path.join(dir, file),
      output: path.join(dir, `${name}.out.${extension}`),
    }));
}
