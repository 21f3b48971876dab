// Runs every benchmark and writes docs/benchmarks.md with the figures, the machine and the command.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchCliCorpus } from "./cliCorpus.bench";
import { benchLossRuntime } from "./lossRuntime.bench";
import { benchManyFindings } from "./manyFindings.bench";
import { benchServerEdit } from "./serverEdit.bench";
import { renderSection, type BenchSection } from "./stats";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const dist = path.join(root, "dist");
  const sections: BenchSection[] = [await benchServerEdit(dist), await benchManyFindings(dist)];
  const cli = benchCliCorpus(dist);
  if (cli !== undefined) {
    sections.push(cli);
  }
  sections.push(await benchLossRuntime());

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const page = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} ` +
      `cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    "Figures are medians of runs measured side by side in one process or one session.",
    "",
    ...sections.map(renderSection),
  ].join("\n");
  writeFileSync(path.join(root, "docs", "benchmarks.md"), page);
  process.stdout.write(page);
}

void main();
