import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, type TestContext } from "node:test";
import type { CliFinding } from "../../server/src/cli/lintText";
import { fl001TorchFocalLoss } from "../../server/src/rules/fl001TorchFocalLoss";
import { fl002FunctionalFocalLoss } from "../../server/src/rules/fl002FunctionalFocalLoss";
import { fl003KerasFocalLoss } from "../../server/src/rules/fl003KerasFocalLoss";
import type { ApiReference, Rule } from "../../server/src/rules/rule";
import { requireBuild } from "../helpers/paths";

// Checked when the file loads, so a missing bundle fails once with the build command.
const CLI_PATH = requireBuild("cli.js");

/** FL001 on line 4, column 16. */
const TORCH_SOURCE = [
  "import torch",
  "import torch.nn as nn",
  "",
  "criterion = nn.FocalLoss(gamma=2.0)",
  "logits = torch.randn(8, 5)",
  "labels = torch.randint(0, 5, (8,))",
  "loss = criterion(logits, labels)",
  "",
].join("\n");

/** FL001 twice on line 3 (columns 8 and 26), then FL002 on line 4, column 7. */
const MIXED_SOURCE = [
  "import torch.nn as nn",
  "import torch.nn.functional as F",
  "x = nn.FocalLoss() or nn.FocalLoss()",
  "y = F.sigmoid_focal_loss(logits, targets)",
  "",
].join("\n");

/** FL003 on line 3, column 24. */
const KERAS_SOURCE = "import tensorflow as tf\n\nloss = tf.keras.losses.FocalLoss()\n";

const CLEAN_SOURCE = "import torch\n\nloss = torch.nn.CrossEntropyLoss()\n";

const TORCH_NN: ApiReference = {
  language: "python",
  kind: "attribute",
  module: "torch.nn",
  member: "FocalLoss",
};
const FUNCTIONAL: ApiReference = {
  language: "python",
  kind: "attribute",
  module: "torch.nn.functional",
  member: "sigmoid_focal_loss",
};
const KERAS: ApiReference = {
  language: "python",
  kind: "attribute",
  module: "tensorflow.keras.losses",
  member: "FocalLoss",
};

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], cwd: string, input?: string): CliResult {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd,
    input,
    encoding: "utf8",
  });
  if (result.error !== undefined) {
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Creates a temporary folder with `files`, keyed by relative path. A key ending in "/" creates an
 * empty folder, such as ".git/" to mark a repository top. The folder is removed after the test.
 */
function makeTree(t: TestContext, files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), "focal-loss-cli-")));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    if (relative.endsWith("/")) {
      mkdirSync(full, { recursive: true });
    } else {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return root;
}

function messageOf(rule: Rule, reference: ApiReference): string {
  const match = rule.check(reference);
  assert.ok(match, `${rule.code} does not match ${JSON.stringify(reference)}`);
  return match.message;
}

/** Formats one expected line of text output. */
function line(file: string, at: [number, number], rule: Rule, reference: ApiReference): string {
  return `${file}:${at[0]}:${at[1]}: ${rule.code} ${messageOf(rule, reference)}\n`;
}

/** Returns the paths that text output lists, in order. */
function reportedPaths(stdout: string): string[] {
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((item) => item.slice(0, item.indexOf(":")));
}

test("text output sorts across files", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    "b.py": MIXED_SOURCE,
    "a.py": KERAS_SOURCE,
    "sub/c.py": TORCH_SOURCE,
    "sub/clean.py": CLEAN_SOURCE,
    "Z_model.py": TORCH_SOURCE,
  });

  const result = runCli(["sub", "b.py", "a.py", "Z_model.py"], root);

  // Paths compare by UTF-16 code unit, so upper case sorts before lower case.
  assert.equal(
    result.stdout,
    line("Z_model.py", [4, 16], fl001TorchFocalLoss, TORCH_NN) +
      line("a.py", [3, 24], fl003KerasFocalLoss, KERAS) +
      line("b.py", [3, 8], fl001TorchFocalLoss, TORCH_NN) +
      line("b.py", [3, 26], fl001TorchFocalLoss, TORCH_NN) +
      line("b.py", [4, 7], fl002FunctionalFocalLoss, FUNCTIONAL) +
      line("sub/c.py", [4, 16], fl001TorchFocalLoss, TORCH_NN),
  );
  assert.equal(result.stderr, "");
  assert.equal(result.status, 1);
});

test("folder walk matches named files", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    "b.py": MIXED_SOURCE,
    "a.py": KERAS_SOURCE,
    "sub/c.py": TORCH_SOURCE,
  });

  const walked = runCli(["."], root);
  const named = runCli(["sub/c.py", "b.py", "a.py"], root);

  assert.equal(walked.stdout, named.stdout);
  assert.deepEqual(reportedPaths(walked.stdout), ["a.py", "b.py", "b.py", "b.py", "sub/c.py"]);
});

test("repeated paths report once", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": TORCH_SOURCE });

  const result = runCli([".", "train.py", "./train.py"], root);

  assert.equal(result.stdout, line("train.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("clean folder exits 0", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": CLEAN_SOURCE, "notes.txt": "FocalLoss" });

  const result = runCli(["."], root);

  assert.equal(result.status, 0);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, "");
});

test("findings exit 1", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": TORCH_SOURCE });

  const result = runCli(["train.py"], root);

  assert.equal(result.status, 1);
  assert.equal(result.stdout, line("train.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("usage errors exit 2", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": TORCH_SOURCE, "notes.txt": "text" });
  const cases: { name: string; args: string[]; stderr: RegExp }[] = [
    { name: "missing path", args: ["missing.py"], stderr: /Path not found: missing\.py\./ },
    { name: "unknown option", args: ["--strict", "."], stderr: /Unknown option --strict\./ },
    {
      name: "unsupported file type",
      args: ["notes.txt"],
      stderr: /Unsupported file type: notes\.txt\./,
    },
    { name: "no paths", args: [], stderr: /No paths given\./ },
    {
      name: "invalid format",
      args: ["--format", "xml", "."],
      stderr: /Invalid --format "xml": use text or json\./,
    },
    { name: "format without value", args: ["--format"], stderr: /Missing value for --format\./ },
    { name: "fix with diff", args: ["--fix", "--diff", "."], stderr: /cannot be combined/ },
  ];

  for (const item of cases) {
    const result = runCli(item.args, root);

    assert.equal(result.status, 2, `${item.name}: exit status`);
    assert.equal(result.stdout, "", `${item.name}: stdout`);
    assert.match(result.stderr, /^focal-loss-lint: /, `${item.name}: stderr prefix`);
    assert.match(result.stderr, item.stderr, `${item.name}: stderr`);
  }
});

test("json output has full fields", (t) => {
  const root = makeTree(t, { ".git/": "", "b.py": MIXED_SOURCE, "a.py": KERAS_SOURCE });

  const result = runCli(["--format", "json", "."], root);
  const findings = JSON.parse(result.stdout) as CliFinding[];

  assert.equal(result.status, 1);
  assert.deepEqual(findings, [
    {
      path: "a.py",
      line: 3,
      column: 24,
      endLine: 3,
      endColumn: 33,
      code: "FL003",
      severity: "error",
      message: messageOf(fl003KerasFocalLoss, KERAS),
    },
    {
      path: "b.py",
      line: 3,
      column: 8,
      endLine: 3,
      endColumn: 17,
      code: "FL001",
      severity: "error",
      message: messageOf(fl001TorchFocalLoss, TORCH_NN),
    },
    {
      path: "b.py",
      line: 3,
      column: 26,
      endLine: 3,
      endColumn: 35,
      code: "FL001",
      severity: "error",
      message: messageOf(fl001TorchFocalLoss, TORCH_NN),
    },
    {
      path: "b.py",
      line: 4,
      column: 7,
      endLine: 4,
      endColumn: 25,
      code: "FL002",
      severity: "error",
      message: messageOf(fl002FunctionalFocalLoss, FUNCTIONAL),
    },
  ]);
});

test("json output when clean", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": CLEAN_SOURCE });

  const result = runCli(["--format=json", "."], root);

  assert.equal(result.status, 0);
  assert.equal(result.stdout, "[]\n");
});

test("stdin uses default name", (t) => {
  const root = makeTree(t, { ".git/": "" });

  const result = runCli(["-"], root, TORCH_SOURCE);

  assert.equal(result.status, 1);
  assert.equal(result.stdout, line("stdin.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("stdin-filename names the input", (t) => {
  const root = makeTree(t, { ".git/": "" });

  const result = runCli(["--stdin-filename", "models/train.py", "-"], root, TORCH_SOURCE);

  assert.equal(result.status, 1);
  assert.equal(result.stdout, line("models/train.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("stdin-filename picks the language", (t) => {
  const root = makeTree(t, { ".git/": "" });

  // The Python rules do not run on TypeScript, so Python-looking text named .ts is clean.
  const result = runCli(["--stdin-filename=train.ts", "-"], root, TORCH_SOURCE);

  assert.equal(result.status, 0);
  assert.equal(result.stdout, "");
});

test("stdin-filename without a known language", (t) => {
  const root = makeTree(t, { ".git/": "" });

  const result = runCli(["--stdin-filename", "notes.txt", "-"], root, TORCH_SOURCE);

  assert.equal(result.status, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /--stdin-filename notes\.txt has no extension the CLI lints/);
});

test("stdin-filename naming a notebook", (t) => {
  const root = makeTree(t, { ".git/": "" });

  const result = runCli(["-", "--stdin-filename", "x.ipynb"], root, TORCH_SOURCE);

  assert.equal(result.status, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /notebooks are not read from standard input/);
  assert.match(result.stderr, /Pass the notebook's path instead: focal-loss-lint x\.ipynb/);
  assert.doesNotMatch(result.stderr, /has no extension the CLI lints/);
});

test("stdin sorts with files", (t) => {
  const root = makeTree(t, { ".git/": "", "a.py": KERAS_SOURCE, "z.py": TORCH_SOURCE });

  const result = runCli(["--format", "json", "z.py", "-", "a.py"], root, MIXED_SOURCE);
  const findings = JSON.parse(result.stdout) as CliFinding[];

  assert.deepEqual(
    findings.map((item) => `${item.path}:${item.line}:${item.column}`),
    ["a.py:3:24", "stdin.py:3:8", "stdin.py:3:26", "stdin.py:4:7", "z.py:4:16"],
  );
});

test("columns count UTF-16 code units", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    "emoji.py": 'import torch.nn as nn\ns = "😀"; y = nn.FocalLoss()\n',
  });

  const result = runCli(["--format", "json", "emoji.py"], root);
  const [finding] = JSON.parse(result.stdout) as CliFinding[];

  // "😀" is two UTF-16 code units, so FocalLoss starts at 0-based unit 17.
  assert.equal(finding.column, 18);
  assert.equal(finding.endColumn, 27);
});

test("byte order mark leaves later lines", (t) => {
  const root = makeTree(t, { ".git/": "", "bom.py": `\uFEFF${MIXED_SOURCE}` });

  const result = runCli(["--format", "json", "bom.py"], root);
  const findings = JSON.parse(result.stdout) as CliFinding[];

  assert.deepEqual(
    findings.map((item) => `${item.line}:${item.column}-${item.endColumn}`),
    ["3:8-17", "3:26-35", "4:7-25"],
  );
});

test("byte order mark on first line", (t) => {
  const root = makeTree(t, { ".git/": "", "bom.py": "\uFEFFfrom torch.nn import FocalLoss\n" });

  const result = runCli(["--format", "json", "bom.py"], root);
  const [finding] = JSON.parse(result.stdout) as CliFinding[];

  // Editors do not show the mark, so the name starts at column 22 as they count.
  assert.equal(finding.column, 22);
  assert.equal(finding.endColumn, 31);
});

test("CRLF file reports same lines", (t) => {
  const root = makeTree(t, { ".git/": "", "windows.py": TORCH_SOURCE.replaceAll("\n", "\r\n") });

  const result = runCli(["windows.py"], root);

  assert.equal(result.stdout, line("windows.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("path outside cwd stays absolute", (t) => {
  const project = makeTree(t, { ".git/": "", "train.py": TORCH_SOURCE });
  const elsewhere = makeTree(t, {});
  const file = path.join(project, "train.py");

  const result = runCli([file], elsewhere);

  assert.equal(result.stdout, line(file, [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("gitignore in walked folder applies", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    ".gitignore": "build/\n*_generated.py\n/top_only.py\n",
    "build/model.py": TORCH_SOURCE,
    "model_generated.py": TORCH_SOURCE,
    "top_only.py": TORCH_SOURCE,
    "sub/top_only.py": TORCH_SOURCE,
    "train.py": TORCH_SOURCE,
  });

  const result = runCli(["."], root);

  // "/top_only.py" is anchored to the folder of its .gitignore, so sub/top_only.py stays.
  assert.deepEqual(reportedPaths(result.stdout), ["sub/top_only.py", "train.py"]);
});

test("gitignore at repo top applies", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    ".gitignore": "generated/\nscratch_*.py\n",
    "pkg/generated/model.py": TORCH_SOURCE,
    "pkg/scratch_try.py": TORCH_SOURCE,
    "pkg/train.py": TORCH_SOURCE,
  });

  const fromPackage = runCli(["."], path.join(root, "pkg"));
  const fromTop = runCli(["pkg"], root);

  assert.deepEqual(reportedPaths(fromPackage.stdout), ["train.py"]);
  assert.deepEqual(reportedPaths(fromTop.stdout), ["pkg/train.py"]);
});

test("gitignore above repo top ignored", (t) => {
  const outer = makeTree(t, {
    ".gitignore": "*.py\n",
    "repo/.git/": "",
    "repo/train.py": TORCH_SOURCE,
  });

  const result = runCli(["."], path.join(outer, "repo"));

  assert.deepEqual(reportedPaths(result.stdout), ["train.py"]);
});

test("nested gitignore negation re-includes", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    ".gitignore": "*_scratch.py\n",
    "sub/.gitignore": "!keep_scratch.py\n",
    "sub/keep_scratch.py": TORCH_SOURCE,
    "sub/drop_scratch.py": TORCH_SOURCE,
  });

  // As in git, a deeper .gitignore overrides the patterns of the ones above it.
  const fromTop = runCli(["."], root);
  const fromSub = runCli(["."], path.join(root, "sub"));

  assert.deepEqual(reportedPaths(fromTop.stdout), ["sub/keep_scratch.py"]);
  assert.deepEqual(reportedPaths(fromSub.stdout), ["keep_scratch.py"]);
});

test("named ignored file is linted", (t) => {
  const root = makeTree(t, {
    ".git/": "",
    ".gitignore": "build/\n",
    "build/model.py": TORCH_SOURCE,
  });

  const result = runCli(["build/model.py"], root);

  assert.deepEqual(reportedPaths(result.stdout), ["build/model.py"]);
});

/** A project with installed packages in every folder that the walk skips by default. */
const INSTALLED_TREE = {
  ".git/": "",
  "train.py": TORCH_SOURCE,
  "node_modules/pkg/loss.py": TORCH_SOURCE,
  ".venv/lib/python3.12/site-packages/torchx/loss.py": TORCH_SOURCE,
  "env/lib/python3.12/site-packages/extra/loss.py": TORCH_SOURCE,
  "venv/loss.py": TORCH_SOURCE,
};

test("installed folders are skipped", (t) => {
  const root = makeTree(t, INSTALLED_TREE);

  const result = runCli(["."], root);

  assert.deepEqual(reportedPaths(result.stdout), ["train.py"]);
});

test("named installed folders are linted", (t) => {
  const root = makeTree(t, INSTALLED_TREE);
  const cases: { args: string[]; paths: string[] }[] = [
    { args: ["node_modules"], paths: ["node_modules/pkg/loss.py"] },
    {
      args: [".venv/lib/python3.12/site-packages"],
      paths: [".venv/lib/python3.12/site-packages/torchx/loss.py"],
    },
    // Naming .venv walks all of it, site-packages included.
    { args: [".venv"], paths: [".venv/lib/python3.12/site-packages/torchx/loss.py"] },
    {
      args: ["env/lib/python3.12/site-packages"],
      paths: ["env/lib/python3.12/site-packages/extra/loss.py"],
    },
    { args: ["venv/loss.py"], paths: ["venv/loss.py"] },
  ];

  for (const item of cases) {
    const result = runCli(item.args, root);

    assert.deepEqual(reportedPaths(result.stdout), item.paths, item.args.join(" "));
  }
});

test("help prints usage", (t) => {
  const root = makeTree(t, {});

  for (const flag of ["--help", "-h"]) {
    const result = runCli([flag], root);

    assert.equal(result.status, 0, flag);
    assert.equal(result.stderr, "", flag);
    assert.match(result.stdout, /^Usage: focal-loss-lint \[options\] \[paths\.\.\.\]/, flag);
    assert.match(result.stdout, /--format text\|json/, flag);
    assert.match(result.stdout, /--stdin-filename NAME/, flag);
    assert.match(result.stdout, /Exit status: 0 when clean, 1 when there are findings, 2 on/);
  }
});

test("missing path beside a valid one", (t) => {
  const root = makeTree(t, { ".git/": "", "train.py": TORCH_SOURCE });
  const result = runCli(["missing.py", "train.py", "gone/"], root);

  assert.equal(result.status, 2);
  assert.equal(result.stdout, line("train.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
  assert.match(result.stderr, /^focal-loss-lint: Path not found: missing\.py\./m);
  assert.match(result.stderr, /^focal-loss-lint: Path not found: gone\/\./m);
});

test("pyw files are linted", (t) => {
  const root = makeTree(t, { ".git/": "", "app.pyw": TORCH_SOURCE, "sub/gui.pyw": TORCH_SOURCE });
  const result = runCli(["app.pyw", "sub"], root);

  assert.equal(result.status, 1);
  assert.equal(
    result.stdout,
    line("app.pyw", [4, 16], fl001TorchFocalLoss, TORCH_NN) +
      line("sub/gui.pyw", [4, 16], fl001TorchFocalLoss, TORCH_NN),
  );
});

test("postponed annotations do not raise", (t) => {
  const annotated = [
    "import torch.nn as nn",
    "def f(c: nn.FocalLoss) -> nn.FocalLoss:",
    "    return nn.FocalLoss()",
    "x: nn.FocalLoss = f(None)",
    "",
  ].join("\n");
  const root = makeTree(t, {
    ".git/": "",
    "postponed.py": `from __future__ import annotations\n${annotated}`,
    "evaluated.py": annotated,
  });
  const result = runCli(["--format", "json", "postponed.py", "evaluated.py"], root);
  const findings = JSON.parse(result.stdout) as CliFinding[];
  const raises = (file: string) =>
    findings
      .filter((item) => item.path === file)
      .map((item) => [item.line, /raises AttributeError/.test(item.message)]);

  // Annotations are evaluated unless PEP 563 postpones them, but the call always runs.
  assert.deepEqual(raises("postponed.py"), [
    [3, false],
    [3, false],
    [4, true],
    [5, false],
  ]);
  assert.deepEqual(raises("evaluated.py"), [
    [2, true],
    [2, true],
    [3, true],
    [4, true],
  ]);
  const annotation = findings.find((item) => item.path === "postponed.py")!;
  assert.match(annotation.message, /does not evaluate this annotation/);
  assert.match(annotation.message, /type checkers report it/);
});

test("future import after a docstring", (t) => {
  // A future import may follow the docstring, comments and other future imports, and only those.
  const body = "import torch.nn as nn\nx: nn.FocalLoss = None\n";
  const root = makeTree(t, {
    ".git/": "",
    "docstring.py": `"""Losses."""\n# comment\nfrom __future__ import division\nfrom __future__ import annotations\n${body}`,
    "late.py": `import os\nfrom __future__ import annotations\n${body}`,
  });
  const result = runCli(["--format", "json", "docstring.py", "late.py"], root);
  const findings = JSON.parse(result.stdout) as CliFinding[];
  const raises = (file: string) =>
    findings
      .filter((item) => item.path === file)
      .map((item) => /raises AttributeError/.test(item.message));

  assert.deepEqual(raises("docstring.py"), [false]);
  // Python rejects a future import after other code, so the annotation is evaluated there.
  assert.deepEqual(raises("late.py"), [true]);
});

/** A notebook whose code cells import in cell 1 and use the import in cells 3 and 4. */
const NOTEBOOK = JSON.stringify(
  {
    cells: [
      {
        cell_type: "code",
        metadata: {},
        outputs: [],
        source: ["import torch.nn as nn\n", "x = 1"],
      },
      { cell_type: "markdown", metadata: {}, source: "nn.FocalLoss in prose is not code" },
      { cell_type: "code", metadata: {}, outputs: [], source: "\ncriterion = nn.FocalLoss()\n" },
      { cell_type: "code", metadata: {}, outputs: [], source: ["y = nn.FocalLoss"] },
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  },
  null,
  1,
);

test("notebook findings name cell and line", (t) => {
  const root = makeTree(t, { ".git/": "", "train.ipynb": NOTEBOOK });
  const result = runCli(["."], root);

  assert.equal(result.status, 1);
  const message = messageOf(fl001TorchFocalLoss, TORCH_NN);
  assert.equal(
    result.stdout,
    `train.ipynb:cell 3:2:16: FL001 ${message}\ntrain.ipynb:cell 4:1:8: FL001 ${message}\n`,
  );

  const json = JSON.parse(runCli(["--format", "json", "train.ipynb"], root).stdout) as CliFinding[];
  assert.deepEqual(
    json.map((item) => [item.cell, item.line, item.column, item.endLine, item.endColumn]),
    [
      [3, 2, 16, 2, 25],
      [4, 1, 8, 1, 17],
    ],
  );
});

test("fix leaves notebooks unchanged", (t) => {
  const root = makeTree(t, { ".git/": "", "train.ipynb": NOTEBOOK, "train.py": TORCH_SOURCE });
  const result = runCli(["--fix", "train.ipynb", "train.py"], root);

  assert.equal(readFileSync(path.join(root, "train.ipynb"), "utf8"), NOTEBOOK);
  assert.notEqual(readFileSync(path.join(root, "train.py"), "utf8"), TORCH_SOURCE);
  assert.match(
    result.stderr,
    /Skipped fixing train\.ipynb: --fix and --diff do not rewrite notebooks/,
  );
  assert.match(result.stdout, /^train\.ipynb:cell 3:2:16: FL001 /m);
  assert.equal(result.status, 1);
});

/** Returns an nbformat 4 notebook whose cells are code cells with these sources. */
function codeCellsNotebook(sources: string[]): string {
  const cells = sources.map((source) => ({
    cell_type: "code",
    metadata: {},
    outputs: [],
    source,
  }));
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
}

test("notebook magics are handled", (t) => {
  const notebook = codeCellsNotebook([
    "import torch.nn as nn\n",
    "%%bash\necho nn.FocalLoss()\n",
    "%%time\nc = nn.FocalLoss()\n",
    "!ls\nc = nn.FocalLoss()\n",
  ]);
  const root = makeTree(t, { ".git/": "", "magics.ipynb": notebook });
  const result = runCli(["magics.ipynb"], root);

  // %%bash is shell, %%time runs Python, and a !ls line is blanked before parsing.
  const message = messageOf(fl001TorchFocalLoss, TORCH_NN);
  assert.equal(
    result.stdout,
    `magics.ipynb:cell 3:2:8: FL001 ${message}\nmagics.ipynb:cell 4:2:8: FL001 ${message}\n`,
  );
  assert.equal(result.status, 1);
});

test("notebook cells resolve through earlier cells only", (t) => {
  // A kernel runs cell 2 before cell 3 rebinds nn, so cell 2 raises AttributeError.
  const rebindings = ["nn = None\n", "def nn():\n    pass\n", "for nn in range(2):\n    pass\n"];
  const message = messageOf(fl001TorchFocalLoss, TORCH_NN);
  for (const rebinding of rebindings) {
    const notebook = codeCellsNotebook([
      "import torch.nn as nn\n",
      "crit = nn.FocalLoss()\n",
      rebinding,
      "later = nn.FocalLoss()\n",
    ]);
    const root = makeTree(t, { ".git/": "", "later.ipynb": notebook });
    const result = runCli(["later.ipynb"], root);

    assert.equal(result.stdout, `later.ipynb:cell 2:1:11: FL001 ${message}\n`, rebinding);
    assert.equal(result.status, 1, rebinding);
  }
});

test("timeit cell rebinding stays local", (t) => {
  // %%timeit runs its body in a namespace of its own, so nn in cell 3 is still torch.nn.
  const notebook = codeCellsNotebook([
    "import torch.nn as nn\n",
    "%%timeit\nnn = None\n",
    "crit = nn.FocalLoss()\n",
  ]);
  const root = makeTree(t, { ".git/": "", "timeit.ipynb": notebook });
  const result = runCli(["timeit.ipynb"], root);

  const message = messageOf(fl001TorchFocalLoss, TORCH_NN);
  assert.equal(result.stdout, `timeit.ipynb:cell 3:1:11: FL001 ${message}\n`);
  assert.equal(result.status, 1);
});

test("module alias carries into later cells", (t) => {
  // Cell 2's alias reads the torch that cell 1 imported, so cell 3 raises AttributeError.
  const notebook = codeCellsNotebook([
    "import torch\n",
    "nn = torch.nn\nF = torch.nn.functional\n",
    "crit = nn.FocalLoss()\nloss = F.sigmoid_focal_loss(x, y)\n",
  ]);
  const root = makeTree(t, { ".git/": "", "alias.ipynb": notebook });
  const result = runCli(["alias.ipynb"], root);

  assert.equal(
    result.stdout,
    `alias.ipynb:cell 3:1:11: FL001 ${messageOf(fl001TorchFocalLoss, TORCH_NN)}\n` +
      `alias.ipynb:cell 3:2:10: FL002 ${messageOf(fl002FunctionalFocalLoss, FUNCTIONAL)}\n`,
  );
  assert.equal(result.status, 1);
});

test("earlier cell store reaches later cells", (t) => {
  // Cell 2 assigns nn.FocalLoss when it is missing, so cell 3 runs. A hasattr check in an
  // earlier cell guards only its own branch, so the last cell of the second notebook still raises AttributeError.
  const notebook = codeCellsNotebook([
    "import torch.nn as nn\n",
    "if not hasattr(nn, 'FocalLoss'):\n    nn.FocalLoss = object\n",
    "crit = nn.FocalLoss()\n",
  ]);
  const guardOnly = codeCellsNotebook([
    "import torch.nn as nn\n",
    "if hasattr(nn, 'FocalLoss'):\n    crit = nn.FocalLoss()\n",
    "crit = nn.FocalLoss()\n",
  ]);
  const root = makeTree(t, { ".git/": "", "store.ipynb": notebook, "guard.ipynb": guardOnly });

  const stored = runCli(["store.ipynb"], root);
  assert.equal(stored.stdout, "");
  assert.equal(stored.status, 0);
  const guarded = runCli(["guard.ipynb"], root);
  assert.equal(
    guarded.stdout,
    `guard.ipynb:cell 3:1:11: FL001 ${messageOf(fl001TorchFocalLoss, TORCH_NN)}\n`,
  );
  assert.equal(guarded.status, 1);
});

test("line magic arguments are linted", (t) => {
  const notebook = codeCellsNotebook([
    "import torch.nn as nn\n",
    "%time crit = nn.FocalLoss(gamma=2)\n",
    "%timeit -n 10 -r3 -q nn.FocalLoss()\n%prun -s cumulative nn.FocalLoss()\n",
    "x = nn.FocalLoss?\n%timeit --unknown nn.FocalLoss()\n%time for i in range(2): nn.FocalLoss()\n",
  ]);
  const root = makeTree(t, { ".git/": "", "magics.ipynb": notebook });
  const result = runCli(["magics.ipynb"], root);

  // IPython runs these arguments as Python. Cell 4 has help (%pinfo), an option this does not
  // know and a compound statement, each of which leaves its line blank.
  const message = messageOf(fl001TorchFocalLoss, TORCH_NN);
  assert.equal(
    result.stdout,
    `magics.ipynb:cell 2:1:17: FL001 ${message}\n` +
      `magics.ipynb:cell 3:1:25: FL001 ${message}\n` +
      `magics.ipynb:cell 3:2:24: FL001 ${message}\n`,
  );
  assert.equal(result.status, 1);
});

test("invalid notebook JSON is an error", (t) => {
  const root = makeTree(t, { ".git/": "", "broken.ipynb": "{ not json", "train.py": TORCH_SOURCE });
  const result = runCli(["broken.ipynb", "train.py"], root);

  assert.equal(result.status, 2);
  assert.match(result.stderr, /cannot lint broken\.ipynb: invalid notebook JSON/);
  assert.equal(result.stdout, line("train.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
});

test("version prints package version", (t) => {
  const root = makeTree(t, { ".git/": "" });
  const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  const result = runCli(["--version"], root);

  assert.equal(result.status, 0);
  assert.equal(result.stdout, `focal-loss-lint ${manifest.version}\n`);
});

test("double dash ends options", (t) => {
  const root = makeTree(t, { ".git/": "", "--fix.py": TORCH_SOURCE });
  const result = runCli(["--", "--fix.py"], root);

  assert.equal(result.status, 1);
  assert.equal(result.stdout, line("--fix.py", [4, 16], fl001TorchFocalLoss, TORCH_NN));
  assert.equal(readFileSync(path.join(root, "--fix.py"), "utf8"), TORCH_SOURCE);
});

test("fix skips invalid UTF-8 files", (t) => {
  const root = makeTree(t, { ".git/": "" });
  const latin1 = Buffer.from(
    "# -*- coding: latin-1 -*-\n# caf\xe9\nimport torch.nn as nn\nloss = nn.FocalLoss()\n",
    "latin1",
  );
  const file = path.join(root, "legacy.py");
  writeFileSync(file, latin1);
  const result = runCli(["--fix", "legacy.py"], root);

  assert.deepEqual(readFileSync(file), latin1);
  assert.match(result.stderr, /Skipped fixing legacy\.py: it is not valid UTF-8/);
  assert.match(result.stdout, /^legacy\.py:4:11: FL001 /m);
  assert.equal(result.status, 1);
});

test("fix writes through a symlink", (t) => {
  const root = makeTree(t, { ".git/": "", "real/train.py": TORCH_SOURCE });
  const link = path.join(root, "linked.py");
  symlinkSync(path.join("real", "train.py"), link);
  const result = runCli(["--fix", "linked.py"], root);

  assert.equal(result.status, 0, result.stderr);
  assert.ok(lstatSync(link).isSymbolicLink(), "the link is still a link");
  const fixed = readFileSync(path.join(root, "real", "train.py"), "utf8");
  assert.notEqual(fixed, TORCH_SOURCE);
  assert.doesNotMatch(fixed, /nn\.FocalLoss\(/);
});

test("server without transport prints usage", () => {
  const result = spawnSync(process.execPath, [requireBuild("server.js")], { encoding: "utf8" });

  assert.equal(result.status, 2);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /--stdio/);
  assert.match(result.stderr, /--node-ipc/);
  assert.match(result.stderr, /--socket=<port>/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
});

test("fix summary counts fixed findings", (t) => {
  // The first call fits the inserted FocalLoss. The second passes a keyword it does not accept.
  const source = [
    "import torch.nn as nn",
    "",
    "kept = nn.FocalLoss(gamma=2.0)",
    "smoothed = nn.FocalLoss(gamma=2.0, label_smoothing=0.1)",
    "",
  ].join("\n");
  const root = makeTree(t, { ".git/": "", "train.py": source });
  const result = runCli(["--fix", "train.py"], root);

  const fixed = readFileSync(path.join(root, "train.py"), "utf8");
  assert.match(fixed, /^kept = FocalLoss\(gamma=2\.0\)$/m);
  assert.match(fixed, /^smoothed = nn\.FocalLoss\(gamma=2\.0, label_smoothing=0\.1\)$/m);
  assert.match(result.stderr, /^Fixed 1 problem in 1 file; 1 remain\.$/m);
  assert.equal(result.status, 1);
});

test("fix binds no name other code reads", (t) => {
  // `f` reads `nn`, which only the class body binds, so it raises NameError. An inserted
  // module-level `import torch.nn as nn` would bind it there and turn it into a new FL001.
  const source = [
    "import torch",
    "class Cfg:",
    "    import torch.nn as nn",
    "    crit = nn.FocalLoss()",
    "def f():",
    "    return nn.FocalLoss()",
    "",
  ].join("\n");
  const root = makeTree(t, { ".git/": "", "scoped.py": source });
  const result = runCli(["--fix", "scoped.py"], root);

  assert.equal(readFileSync(path.join(root, "scoped.py"), "utf8"), source);
  assert.match(result.stdout, /^scoped\.py:4:15: FL001 /m);
  assert.equal(result.stdout.split("\n").filter(Boolean).length, 1, result.stdout);
  assert.match(result.stderr, /^Fixed 0 problems in 0 files; 1 remain\.$/m);
  assert.equal(result.status, 1);
});
