import { readFileSync } from "node:fs";
import path from "node:path";
import { collectFiles, UsageError } from "./cli/collectFiles";
import { compareFindings, formatJson, formatText } from "./cli/formatFindings";
import { TextLinter, type CliFinding } from "./cli/lintText";
import { parseArguments, USAGE } from "./cli/parseArguments";
import { languageIdForPath, loadGrammars } from "./parsing/languages";

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

async function main(argv: string[]): Promise<number> {
  const options = parseArguments(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (options.paths.length === 0) {
    throw new UsageError("No paths given. Pass files or folders to lint, or - for stdin.");
  }

  const linter = new TextLinter(await loadGrammars(__dirname));
  const findings: CliFinding[] = [];
  let failed = false;

  const lintOne = (shownPath: string, languageId: string, read: () => string) => {
    try {
      findings.push(...linter.lint(shownPath, languageId, read()));
    } catch (error) {
      failed = true;
      process.stderr.write(
        `focal-loss-lint: cannot lint ${shownPath}: ${(error as Error).message}\n`,
      );
    }
  };

  const files = collectFiles(options.paths.filter((item) => item !== "-"));
  if (options.paths.includes("-")) {
    const languageId = languageIdForPath(options.stdinFilename) ?? "python";
    lintOne(options.stdinFilename, languageId, () => readFileSync(0, "utf8"));
  }
  for (const file of files) {
    lintOne(displayPath(file), languageIdForPath(file) ?? "python", () =>
      readFileSync(file, "utf8"),
    );
  }

  findings.sort(compareFindings);
  process.stdout.write(options.format === "json" ? formatJson(findings) : formatText(findings));
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
