import { performance } from "node:perf_hooks";
import { Parser, type Tree } from "web-tree-sitter";
import { DEFAULT_SETTINGS } from "../src/common/settings";
import { analyzeDocument } from "../server/src/analysis/analyzeDocument";
import { DocumentStore } from "../server/src/documents/documentStore";
import { applySettings, toDiagnostic } from "../server/src/features/diagnostics";
import { loadGrammars } from "../server/src/parsing/languages";
import { ParserPool } from "../server/src/parsing/parserPool";
import { median, type BenchSection } from "./stats";

const LINES = 20_000;
const EDITS = 40;
const WARMUP = 30;

/** Builds a realistic training module of about `lines` lines that uses nn.FocalLoss twice. */
function makeLargeModule(lines: number): string {
  const header = [
    "import math",
    "import torch",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "",
    "criterion = nn.FocalLoss(gamma=2.0)",
    "",
  ];
  const block = (index: number) => [
    `class Block${index}(nn.Module):`,
    `    def __init__(self, width: int = ${64 + (index % 7)}) -> None:`,
    "        super().__init__()",
    "        self.linear = nn.Linear(width, width)",
    "        self.norm = nn.LayerNorm(width)",
    "",
    "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
    "        y = F.relu(self.norm(self.linear(x)))",
    `        scale = math.sqrt(${index % 13} + 1.0)  # keep the variance stable`,
    "        return x + y / scale",
    "",
    "",
  ];
  const body: string[] = [...header];
  for (let index = 0; body.length < lines - 2; index++) {
    body.push(...block(index));
  }
  body.push("other = nn.FocalLoss()", "");
  return body.slice(0, lines).join("\n");
}

/** Times one-line edits through the server's document store and analysis, and a bare re-parse. */
export async function benchServerEdit(wasmDir: string): Promise<BenchSection> {
  const grammars = await loadGrammars(wasmDir);
  const text = makeLargeModule(LINES);
  // Typing in the middle of the file: a digit inserted into, then deleted from, a number literal.
  const lines = text.split("\n");
  const line = lines.findIndex((content, index) => index >= LINES / 2 && content.includes("sqrt("));
  const character = lines[line].indexOf("sqrt(") + "sqrt(".length;
  const uri = "file:///bench/large_module.py";

  const store = new DocumentStore(new ParserPool(grammars));
  const document = store.open(uri, "python", 1, text);
  if (document === undefined) {
    throw new Error("The benchmark document did not open as Python.");
  }

  const edit = (index: number) =>
    index % 2 === 0
      ? { range: { start: { line, character }, end: { line, character } }, text: "7" }
      : {
          range: { start: { line, character }, end: { line, character: character + 1 } },
          text: "",
        };

  const serverTimes: number[] = [];
  let published = 0;
  for (let index = 0; index < WARMUP + EDITS; index++) {
    const started = performance.now();
    store.change(uri, index + 2, [edit(index)]);
    const findings = applySettings(
      analyzeDocument(document.grammar, document.tree, document.text),
      DEFAULT_SETTINGS,
    );
    const diagnostics = findings.map((finding) => toDiagnostic(finding, document.document));
    JSON.stringify(diagnostics);
    const elapsed = performance.now() - started;
    published = diagnostics.length;
    if (index >= WARMUP) {
      serverTimes.push(elapsed);
    }
  }

  const parser = new Parser();
  parser.setLanguage(grammars.python);
  let bareText = text;
  const lineStart = lines.slice(0, line).reduce((sum, content) => sum + content.length + 1, 0);
  let tree = parser.parse(bareText) as Tree;
  const parseTimes: number[] = [];
  for (let index = 0; index < WARMUP + EDITS; index++) {
    // Computed from the line array, so the text stays a rope as in the server: both loops pay
    // for the flattening that parsing an edited string causes.
    const offset = lineStart + character;
    const insert = index % 2 === 0;
    const started = performance.now();
    bareText = insert
      ? bareText.slice(0, offset) + "7" + bareText.slice(offset)
      : bareText.slice(0, offset) + bareText.slice(offset + 1);
    tree.edit({
      startIndex: offset,
      oldEndIndex: insert ? offset : offset + 1,
      newEndIndex: insert ? offset + 1 : offset,
      startPosition: { row: line, column: character },
      oldEndPosition: { row: line, column: insert ? character : character + 1 },
      newEndPosition: { row: line, column: insert ? character + 1 : character },
    });
    const next = parser.parse(bareText, tree) as Tree;
    const elapsed = performance.now() - started;
    tree.delete();
    tree = next;
    if (index >= WARMUP) {
      parseTimes.push(elapsed);
    }
  }
  tree.delete();
  store.close(uri);

  const server = median(serverTimes);
  const bare = median(parseTimes);
  return {
    title: "Edit to diagnostics on a 20,000-line Python file",
    command: "npm run bench",
    header: ["measure", `median of ${EDITS} one-line edits`, "target"],
    rows: [
      [
        "server: edit, incremental re-parse, analysis, diagnostics",
        `${server.toFixed(2)} ms`,
        "≤ 10 ms",
      ],
      ["tree-sitter alone: edit and incremental re-parse", `${bare.toFixed(2)} ms`, ""],
      ["ratio server / bare re-parse", `${(server / bare).toFixed(2)}×`, "≤ 2×"],
    ],
    notes: [
      `The document has ${LINES} lines and ${published} findings. Both loops apply the same edits in ` +
        "one process, after " +
        `${WARMUP} warm-up edits; the server's figure includes converting ` +
        "findings to LSP diagnostics and serialising them, but not the stdio transport.",
    ],
  };
}
