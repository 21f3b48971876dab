import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { analyzeDocument } from "../../server/src/analysis/analyzeDocument";
import { findHeaderEnd, HEADER_STATEMENTS } from "../../server/src/fixes/python/moduleLayout";
import { fixAllPython, parsePython } from "../helpers/applyFixes";
import { fixPairs } from "../helpers/fixPairs";
import { REPO_ROOT } from "../helpers/paths";
import { runPython, skipWithoutTorch } from "../helpers/python";

async function findingCodes(text: string): Promise<string[]> {
  const tree = await parsePython(text);
  try {
    return analyzeDocument("python", tree, text).map((finding) => finding.code);
  } finally {
    tree.delete();
  }
}

// Each `<name>.in.py` must fix into `<name>.out.py`. After a deliberate change, run
// "npm run fixtures:update" and review the diff. Names ending in "_not_fixed" expect no fix.
for (const { name, input, output } of fixPairs()) {
  test(`python fix ${name}`, async () => {
    const before = readFileSync(input, "utf8");
    const expected = readFileSync(output, "utf8");
    const after = await fixAllPython(before);

    if (name.endsWith("_not_fixed")) {
      assert.ok((await findingCodes(before)).length > 0, "the fixture has no finding to fix");
      assert.equal(after, undefined, "an unsafe fix was offered");
      assert.equal(expected, before);
      return;
    }
    assert.equal(after, expected);
    assert.equal(await fixAllPython(expected), undefined, "fixing twice changed the file");
  });
}

test("fixed files keep CRLF line endings", () => {
  const fixed = readFileSync(fixPairs().find((pair) => pair.name === "crlf")!.output, "utf8");
  assert.equal(fixed.split("\r\n").length - 1, fixed.split("\n").length - 1);
});

test("fixed files keep tab indentation", () => {
  const fixed = readFileSync(fixPairs().find((pair) => pair.name === "tabs")!.output, "utf8");
  assert.doesNotMatch(fixed, /^ +\S/m);
  assert.match(fixed, /^\tdef forward\(/m);
});

test("fixed files compile", () => {
  const outputs = fixPairs()
    .filter((pair) => !pair.name.endsWith("_not_fixed"))
    .map((pair) => pair.output);
  const script = [
    "import sys",
    "for path in sys.argv[1:]:",
    "    with open(path, encoding='utf-8') as source:",
    "        compile(source.read(), path, 'exec')",
  ].join("\n");
  runPython(script, outputs);
});

/** Returns the top-level import statements of Python source, with whitespace runs collapsed. */
async function topLevelImports(text: string): Promise<{ all: string[]; header: string[] }> {
  const tree = await parsePython(text);
  try {
    const normalise = (statement: { text: string }) => statement.text.replace(/\s+/g, " ");
    const all = tree.rootNode.namedChildren
      .filter((statement) => statement !== null && HEADER_STATEMENTS.has(statement.type))
      .map((statement) => normalise(statement!));
    const header = findHeaderEnd(tree)
      .statements.filter((statement) => HEADER_STATEMENTS.has(statement.type))
      .map(normalise);
    return { all, header };
  } finally {
    tree.delete();
  }
}

function repeated(items: string[]): string[] {
  return items.filter((item, index) => items.indexOf(item) !== index);
}

// A fixture here reads a name before the import that binds it, inside a function defined above
// the import. The inserted code must precede that function, so the fix adds the import once above
// and leaves the later copy, which re-imports the same module and changes nothing.
const IMPORTED_AGAIN_LATER = new Set(["import_after_use"]);

for (const { name, output } of fixPairs()) {
  test(`fixed ${name} imports each module once`, async () => {
    const fixed = readFileSync(output, "utf8");
    const { all, header } = await topLevelImports(fixed);

    assert.deepEqual(repeated(header), [], "the header repeats an import");
    const lines = fixed.split(/\r?\n/);
    const adjacent = lines.filter((line, index) => line.trim() !== "" && line === lines[index - 1]);
    assert.deepEqual(adjacent, [], "a line is repeated right after itself");
    if (!IMPORTED_AGAIN_LATER.has(name)) {
      assert.deepEqual(repeated(all), [], "a top-level import appears twice");
    }
  });
}

// The runnable fixtures draw their tensors with seed 0 as below, and print one loss per line.
const REFERENCE_SETUP = [
  "import torch",
  "torch.manual_seed(0)",
  "logits = torch.randn(8, 5).double()",
  "labels = torch.randint(0, 5, (8,))",
  "log_p_t = logits.log_softmax(dim=1)[torch.arange(8), labels]",
  "softmax_terms = -(1 - log_p_t.exp()) ** 2 * log_p_t",
  "weights = torch.tensor([0.1, 0.2, 0.3, 0.2, 0.2], dtype=torch.float64)",
  "t = torch.nn.functional.one_hot(labels, 5).double()",
  "p = torch.sigmoid(logits)",
  "p_t = p * t + (1 - p) * (1 - t)",
  "sigmoid_terms = -(0.25 * t + 0.75 * (1 - t)) * (1 - p_t) ** 2 * torch.log(p_t)",
];

/** Float64 losses computed by hand from REFERENCE_SETUP, by the name the table below uses. */
const REFERENCE_LOSSES = {
  softmaxMean: "softmax_terms.mean()",
  softmaxWeightedSum: "(weights[labels] * softmax_terms).sum()",
  sigmoidAlphaMean: "sigmoid_terms.mean()",
};

/** The fixtures whose fixed file runs, with the losses it prints in order. */
const RUNNABLE_FIXTURES: Record<string, (keyof typeof REFERENCE_LOSSES)[]> = {
  reported_attribute_error: ["softmaxMean"],
  late_import: ["softmaxMean"],
  import_after_use: ["softmaxMean"],
  softmax_functional: ["softmaxMean", "softmaxWeightedSum"],
  class_and_function: ["softmaxMean", "sigmoidAlphaMean"],
  import_after_setup: ["softmaxMean"],
  star_import_functional: ["sigmoidAlphaMean", "sigmoidAlphaMean"],
  star_import_softmax: ["softmaxMean"],
  named_functional_import: ["softmaxMean", "sigmoidAlphaMean"],
  functional_module_import: ["softmaxMean", "sigmoidAlphaMean"],
  submodule_import: ["softmaxMean"],
  functional_submodule_import: ["sigmoidAlphaMean"],
  module_alias_assignment: ["softmaxMean", "sigmoidAlphaMean"],
  getattr_lookup: ["softmaxMean", "sigmoidAlphaMean"],
  type_checking_import: ["softmaxMean"],
  template_already_inserted: ["softmaxMean"],
  weight_keyword: ["softmaxWeightedSum"],
  functional_default_reduction: ["sigmoidAlphaMean"],
  semicolon_joined_use: ["softmaxMean"],
  two_focal_names_in_import: ["softmaxMean", "sigmoidAlphaMean"],
  two_sigmoid_names_in_import: ["sigmoidAlphaMean", "sigmoidAlphaMean"],
};

for (const [name, losses] of Object.entries(RUNNABLE_FIXTURES)) {
  test(`fixed ${name} matches float64`, { skip: skipWithoutTorch() }, () => {
    const fixed = fixPairs().find((pair) => pair.name === name)!.output;
    const printed = runPython(readFileSync(fixed, "utf8")).trim().split("\n").map(Number);
    const reference = runPython(
      [
        ...REFERENCE_SETUP,
        ...losses.map((loss) => `print(repr(float(${REFERENCE_LOSSES[loss]})))`),
      ].join("\n"),
    )
      .trim()
      .split("\n")
      .map(Number);

    assert.equal(printed.length, losses.length, `the fixed file printed ${printed.join(", ")}`);
    losses.forEach((loss, index) => {
      assert.ok(
        Number.isFinite(printed[index]),
        `${loss}: the fixed file printed ${printed[index]}`,
      );
      assert.ok(
        Math.abs(printed[index] - reference[index]) <= 1e-6 * Math.abs(reference[index]),
        `${loss}: ${printed[index]} != ${reference[index]}`,
      );
    });
  });
}

test("fixed example trains", { skip: skipWithoutTorch() }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "focal-example-"));
  const example = path.join(dir, "train_classifier.py");
  copyFileSync(path.join(REPO_ROOT, "examples", "train_classifier.py"), example);
  const fixed = await fixAllPython(readFileSync(example, "utf8"));
  assert.ok(fixed !== undefined, "no fix was offered for the example");
  writeFileSync(example, fixed);

  const printed = runPython(`exec(open(${JSON.stringify(example)}).read())`);
  const losses = [...printed.matchAll(/mean focal loss ([0-9.]+)/g)].map((match) =>
    Number(match[1]),
  );
  assert.equal(losses.length, 3, printed);
  assert.ok(losses.every(Number.isFinite), printed);
  assert.ok(losses[2] < losses[0], `the loss did not decrease: ${printed}`);
});
