import { readdirSync } from "node:fs";
import path from "node:path";
import { FIXTURES } from "./paths";

/** The before/after pairs under test/fixtures/python-fixes: `<name>.in.py` and `<name>.out.py`. */
export function fixPairs(): { name: string; input: string; output: string }[] {
  const dir = path.join(FIXTURES, "python-fixes");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".in.py"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".in.py".length);
      return { name, input: path.join(dir, file), output: path.join(dir, `${name}.out.py`) };
    });
}
