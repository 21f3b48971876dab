// Regenerates the fixture expectations from the current behaviour: every finding sidecar
// (`<fixture>.expected`) and every fix result (`<name>.out.py` beside `<name>.in.py`). Run it
// after a deliberate change, then review the diff: these files are the expectations.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixtureFiles, fixtureFindings, sidecarPath } from "../test/helpers/fixtureFindings";
import { fixAllPython, fixAllScript } from "../test/helpers/applyFixes";
import { fixPairs } from "../test/helpers/fixPairs";
import { languageIdForPath } from "../server/src/parsing/languages";

async function main(): Promise<void> {
  for (const file of [...fixtureFiles("python"), ...fixtureFiles("typescript")]) {
    const lines = await fixtureFindings(file);
    writeFileSync(sidecarPath(file), lines.map((line) => `${line}\n`).join(""));
    console.log(`${path.relative(process.cwd(), file)}: ${lines.length} findings`);
  }

  for (const { input, output } of [...fixPairs("python"), ...fixPairs("typescript")]) {
    const before = readFileSync(input, "utf8");
    const languageId = languageIdForPath(input) ?? "python";
    const fixed =
      languageId === "python" ? await fixAllPython(before) : await fixAllScript(before, languageId);
    const after = fixed ?? before;
    writeFileSync(output, after);
    console.log(
      `${path.relative(process.cwd(), output)}: ${after === before ? "unchanged" : "fixed"}`,
    );
  }
}

void main();
