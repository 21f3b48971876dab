// The scenarios that both real-VS-Code suites run: the offline one in code-server
// (test/e2e/focalLoss.e2e.ts) and the online one in @vscode/test-electron (test/vscode/). Files
// are relative to test/e2e/workspace, which both suites copy before they run. Keep this module
// free of Node and VS Code imports: esbuild bundles it into the online suite's extension host.
import pythonSnippets from "../../snippets/python.json";
import typescriptSnippets from "../../snippets/typescript.json";
import { expandDefaults, type Snippet } from "../../src/snippets/snippetSyntax";
import builtinSamples from "../../src/webview/samples/builtinSamples.json";

/** The extension's id, `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = "focal-loss-tools.focal-loss";

/** Every diagnostic of the extension carries this `source`. */
export const DIAGNOSTIC_SOURCE = "focal-loss";

/** Scenarios 1 to 3: a reported nn.FocalLoss, its hover and its preferred quick fix. */
export const TORCH_FOCAL_LOSS = {
  file: "train.py",
  code: "FL001",
  message: "torch.nn.FocalLoss does not exist",
  /** `FocalLoss` in `criterion = nn.FocalLoss(gamma=2.0)`, 0-based. */
  range: { start: { line: 3, character: 15 }, end: { line: 3, character: 24 } },
  /** The text of the flagged line without spaces, which is how the editor's line is found. */
  lineText: "nn.FocalLoss(gamma=2.0)",
  preferredFix: "Insert a tested FocalLoss module and use it",
  /** The hover names the replacement for binary targets. */
  hoverMentions: "torchvision.ops.sigmoid_focal_loss",
  fixedLine: /^criterion = FocalLoss\(gamma=2\.0\)$/m,
  insertedClass: /^class FocalLoss\(nn\.Module\):$/m,
} as const;

/** Scenario 4: the "Evaluate Sample" webview runs the built-in suite. */
export const EVALUATE_SAMPLE = {
  command: "focalLoss.evaluateSample",
  /** The command's category and title as the command palette shows them. */
  paletteTitle: "Focal Loss: Evaluate Sample",
  /** The webview panel's title. */
  panelTitle: "Focal Loss: Evaluate Sample",
  builtinSampleCount: builtinSamples.samples.length,
  /** A file whose FL001 hover links to the command with the call's position. */
  hoverFile: "evaluate_sample.py",
  hoverLineText: "nn.FocalLoss(alpha=0.25,",
  hoverCall: 'nn.FocalLoss(alpha=0.25, gamma=2, reduction="sum")',
  hoverLinkText: "Evaluate a sample",
} as const;

export interface SnippetScenario {
  /** A file that the scenario creates empty, types the prefix into and saves. */
  file: string;
  languageId: string;
  prefix: string;
  /** The snippet's name in snippets/<language>.json, which the suggestion list shows beside it. */
  name: string;
  /** The snippet's body as VS Code reads it: the lines of the JSON array joined by newlines. */
  body: string;
  /** The document text after accepting the snippet with every tab stop at its default. */
  expectedText: string;
}

function snippetScenario(
  snippets: Record<string, Snippet>,
  name: string,
  file: string,
  languageId: string,
): SnippetScenario {
  const snippet = snippets[name];
  if (snippet === undefined) {
    throw new Error(`No snippet named "${name}" for ${languageId}; check snippets/*.json.`);
  }
  const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
  return {
    file,
    languageId,
    prefix,
    name,
    body: snippet.body.join("\n"),
    expectedText: expandDefaults(snippet.body),
  };
}

/** Scenario 5: the `focalloss` prefix expands into the implementation. */
export const SNIPPETS: readonly SnippetScenario[] = [
  snippetScenario(pythonSnippets, "Focal loss module", "snippet_module.py", "python"),
  snippetScenario(typescriptSnippets, "Focal loss function", "snippet_function.ts", "typescript"),
];

/** Scenario 6: a tfjs `model.compile` with a loss name that tfjs rejects. */
export const TFJS_COMPILE_LOSS = {
  file: "compile_model.ts",
  code: "FL004",
  message: 'TensorFlow.js has no loss named "focalLoss"',
  /** `"focalLoss"` in `model.compile({ optimizer: "adam", loss: "focalLoss" })`, 0-based. */
  range: { start: { line: 4, character: 41 }, end: { line: 4, character: 52 } },
  lineText: '"focalLoss"',
} as const;

/** Scenario 7: `source.fixAll.focalLoss` on save, which the workspace settings turn on. */
export const FIX_ON_SAVE = {
  file: "fix_on_save.py",
  code: "FL001",
  fixedLine: /^criterion = FocalLoss\(alpha=0\.25, gamma=2\.0\)$/m,
} as const;

/** Scenario 8: `focalLoss.rules` turns FL001 off without a restart. */
export const RULE_SETTING = {
  file: "rule_setting.py",
  codes: ["FL001", "FL002"],
  turnedOff: "FL001",
} as const;

/** The workspace files that the scenarios open, for the state saved when one fails. */
export const SCENARIO_FILES: readonly string[] = [
  TORCH_FOCAL_LOSS.file,
  FIX_ON_SAVE.file,
  RULE_SETTING.file,
  EVALUATE_SAMPLE.hoverFile,
  ...SNIPPETS.map((scenario) => scenario.file),
  TFJS_COMPILE_LOSS.file,
];
