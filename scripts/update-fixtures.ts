// Regenerates the fixture expectations from the current behaviour: every finding sidecar
// (`<fixture>.expected`) and every fix result (`<name>.out.py` beside `<name>.in.py`). Run it
// after a deliberate change, then review the diff: these files are the expectations.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fixtureFiles, fixtureFindings, sidecarPath } from "../test/helpers/fixtureFindings";
import { fixAllPython } from "../test/helpers/applyFixes";
import { fixPairs } from "../test/helpers/fixPairs";

async function main(): Promise<void> {
  for (const file of [...fixtureFiles("python"), ...fixtureFiles("typescript")]) {
    const lines = await fixtureFindings(file);
    writeFileSync(sidecarPath(file), lines.map((line) => `${line}\n`).join(""));
    console.log(`${path.relative(process.cwd(), file)}: ${lines.length} findings`);
  }

  for (const { input, output } of fixPairs()) {
    const before = readFileSync(input, "utf8");
    const after = (await fixAllPython(before)) ?? before;
    writeFileSync(output, after);
    console.log(
      `${path.relative(process.cwd(), output)}: ${after === before ? "unchanged" : "fixed"}`,
    );
  }
}

void main();
