import { readFileSync } from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import templateSource from "../../templates/python/focal_loss.py";
import { collectFiles, UsageError } from "./cli/collectFiles";
import { compareFindings, formatJson, formatText } from "./cli/formatFindings";
import { reasonFixesAreUnsafe } from "./fixes/lineEndings";
import { TextLinter, type CliFinding } from "./cli/lintText";
import { parseArguments, USAGE, type CliOptions } from "./cli/parseArguments";
import { isNotebookPath } from "./cli/notebook";
import { decode, readSource, type SourceText } from "./cli/readSource";
import { writeAtomically } from "./cli/writeAtomically";
import packageJson from "../../package.json";
import { languageIdForPath, loadGrammars } from "./parsing/languages";

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

/** One source to lint: a file on disk, or standard input. */
interface Source {
  shownPath: string;
  languageId: string;
  file?: string;
  read(): SourceText;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** Lists the sources to lint, and the paths that could not be used, in the order given. */
function sourcesFor(options: CliOptions): { sources: Source[]; errors: string[] } {
  const sources: Source[] = [];
  if (options.paths.includes("-")) {
    // Notebook JSON is mapped to cells only when read from its file, so "-" cannot take one.
    if (isNotebookPath(options.stdinFilename)) {
      throw new UsageError(
        `--stdin-filename ${options.stdinFilename} names a notebook, but notebooks are not read ` +
          `from standard input. Pass the notebook's path instead: focal-loss-lint ${options.stdinFilename}`,
      );
    }
    const languageId = languageIdForPath(options.stdinFilename);
    if (languageId === undefined) {
      throw new UsageError(
        `--stdin-filename ${options.stdinFilename} has no extension the CLI lints. Name the ` +
          "text with .py, .pyw, .pyi, .ts, .mts, .cts, .tsx, .js, .mjs, .cjs or .jsx so that its language is known.",
      );
    }
    sources.push({
      shownPath: options.stdinFilename,
      languageId,
      read: () => decode(readFileSync(0), options.stdinFilename),
    });
  }
  const { files, errors } = collectFiles(options.paths.filter((item) => item !== "-"));
  for (const file of files) {
    const shownPath = displayPath(file);
    sources.push({
      shownPath,
      languageId: languageIdForPath(file) ?? "python",
      file,
      read: () => readSource(file, shownPath),
    });
  }
  return { sources, errors };
}

/** Applies or prints the safe fixes of one source, and returns the text to lint afterwards. */
function fixSource(source: Source, text: string, linter: TextLinter, options: CliOptions) {
  const result = linter.fix(source.languageId, text);
  if (result === undefined) {
    return { text, fixed: 0 };
  }
  if (options.diff) {
    // Relative paths get git's a/ and b/ prefixes, which `git apply` and `patch -p1` expect.
    const absolute = path.isAbsolute(source.shownPath);
    const patch = createTwoFilesPatch(
      absolute ? source.shownPath : `a/${source.shownPath}`,
      absolute ? source.shownPath : `b/${source.shownPath}`,
      text,
      result.text,
    );
    // jsdiff starts with "Index:" and "====" lines, which unified diff readers do not need.
    process.stdout.write(patch.slice(patch.indexOf("--- ")));
    return { text, fixed: 0 };
  }
  if (source.file === undefined) {
    process.stdout.write(result.text);
  } else {
    writeAtomically(source.file, result.text);
  }
  return { text: result.text, fixed: result.fixed };
}

async function main(argv: string[]): Promise<number> {
  const options = parseArguments(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (options.version) {
    process.stdout.write(`focal-loss-lint ${packageJson.version}\n`);
    return EXIT_CLEAN;
  }
  if (options.paths.length === 0) {
    throw new UsageError("No paths given. Pass files or folders to lint, or - for stdin.");
  }

  const linter = new TextLinter(await loadGrammars(__dirname), {
    python: templateSource,
    functions: __FUNCTION_TEMPLATES__,
  });
  const findings: CliFinding[] = [];
  let failed = false;
  let fixedFindings = 0;
  let fixedFiles = 0;

  const { sources, errors } = sourcesFor(options);
  for (const error of errors) {
    failed = true;
    process.stderr.write(`focal-loss-lint: ${error}\n`);
  }

  for (const source of sources) {
    try {
      const content = source.read();
      let text = content.text;
      if ((options.fix || options.diff) && content.notFixable !== undefined) {
        process.stderr.write(`focal-loss-lint: ${content.notFixable}\n`);
      } else if (options.fix || options.diff) {
        const result = fixSource(source, text, linter, options);
        text = result.text;
        fixedFindings += result.fixed;
        fixedFiles += result.fixed > 0 ? 1 : 0;
      }
      const cells = content.notebookCells;
      const found =
        cells === undefined
          ? linter.lint(source.shownPath, source.languageId, text)
          : linter.lintNotebook(source.shownPath, cells);
      const unsafe = options.fix || options.diff ? reasonFixesAreUnsafe(text) : undefined;
      if (unsafe !== undefined && found.length > 0) {
        process.stderr.write(`focal-loss-lint: skipped fixing ${source.shownPath}: ${unsafe}.\n`);
      }
      findings.push(...found);
    } catch (error) {
      failed = true;
      process.stderr.write(
        `focal-loss-lint: cannot lint ${source.shownPath}: ${(error as Error).message}\n`,
      );
    }
  }

  findings.sort(compareFindings);
  // With --diff or a fixed stdin, stdout carries the patch or the text, so findings go to stderr.
  const out =
    options.diff || (options.fix && options.paths.includes("-")) ? process.stderr : process.stdout;
  out.write(options.format === "json" ? formatJson(findings) : formatText(findings));
  if (options.fix) {
    process.stderr.write(
      `Fixed ${fixedFindings} problem${fixedFindings === 1 ? "" : "s"} in ${fixedFiles} ` +
        `file${fixedFiles === 1 ? "" : "s"}; ${findings.length} remain.\n`,
    );
  }
  if (failed) {
    return EXIT_ERROR;
  }
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`focal-loss-lint: ${error.message}\n`);
    } else {
      process.stderr.write(`focal-loss-lint: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exitCode = EXIT_ERROR;
  },
);
