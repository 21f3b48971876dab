import { performance } from "node:perf_hooks";
import path from "node:path";
import { LspClient } from "../test/helpers/lspClient";
import { median, type BenchSection } from "./stats";

const FINDINGS = 5_000;
const RUNS = 5;
const TIMEOUT_MS = 120_000;

/** Builds a module that constructs `nn.FocalLoss()` on `count` lines, each one finding. */
function makeModule(count: number): string {
  const lines = ["import torch.nn as nn", ""];
  for (let index = 0; index < count; index++) {
    lines.push(`loss_${index} = nn.FocalLoss(gamma=2.0)`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Times didOpen to publishDiagnostics, and then one code action request, over stdio for a file
 * with thousands of findings. Each run starts a fresh server, so the figures include parsing,
 * analysis, serialising and the transport.
 */
export async function benchManyFindings(distDir: string): Promise<BenchSection> {
  const text = makeModule(FINDINGS);
  const stops: (() => void)[] = [];
  const lifecycle = { after: (stop: () => void) => void stops.push(stop) };
  const diagnosticTimes: number[] = [];
  const actionTimes: number[] = [];
  let published = 0;

  try {
    for (let run = 0; run < RUNS; run++) {
      const client = LspClient.spawn(lifecycle, { serverPath: path.join(distDir, "server.js") });
      await client.initialize();
      const uri = `file:///bench/many_findings_${run}.py`;
      const started = performance.now();
      await client.openDocument(uri, text);
      const publish = await client.waitForDiagnostics(uri, () => true, TIMEOUT_MS);
      diagnosticTimes.push(performance.now() - started);
      published = publish.diagnostics.length;

      // The light bulb at a cursor inside the last finding, with no diagnostics in the context.
      const { start } = publish.diagnostics[published - 1].range;
      const cursor = { line: start.line, character: start.character + 1 };
      const requested = performance.now();
      await client.request("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: cursor, end: cursor },
        context: { diagnostics: [] },
      });
      actionTimes.push(performance.now() - requested);
      await client.shutdown();
    }
  } finally {
    stops.forEach((stop) => stop());
  }

  return {
    title: `Diagnostics for a file with ${FINDINGS.toLocaleString("en")} findings`,
    command: "npm run bench",
    header: ["measure", `median of ${RUNS} runs`],
    rows: [
      ["didOpen to publishDiagnostics over stdio", `${median(diagnosticTimes).toFixed(0)} ms`],
      ["quick fixes at a cursor, over stdio", `${median(actionTimes).toFixed(0)} ms`],
    ],
    notes: [
      `The file has ${FINDINGS + 2} lines, one \`nn.FocalLoss(gamma=2.0)\` a line after ` +
        `\`import torch.nn as nn\`, and the server published ${published} diagnostics. Each run ` +
        "starts a new server, so the figure also includes a cold analysis.",
    ],
  };
}
