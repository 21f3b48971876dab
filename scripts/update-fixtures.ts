// Regenerates every fixture sidecar (`<fixture>.expected`) from the current analysis. Run it after
// a deliberate change of behaviour, then review the diff: the sidecars are the expectations.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fixtureFiles, fixtureFindings, sidecarPath } from "../test/helpers/fixtureFindings";

async function main(): Promise<void> {
  for (const language of ["python"]) {
    for (const file of fixtureFiles(language)) {
      const lines = await fixtureFindings(file);
      writeFileSync(sidecarPath(file), lines.map((line) => `${line}\n`).join(""));
      console.log(`${path.relative(process.cwd(), file)}: ${lines.length} findings`);
    }
  }
}

void main();
