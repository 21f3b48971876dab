import { UsageError } from "./collectFiles";

export interface CliOptions {
  paths: string[];
  format: "text" | "json";
  stdinFilename: string;
  help: boolean;
  version: boolean;
  fix: boolean;
  diff: boolean;
}

export const USAGE = `Usage: focal-loss-lint [options] [paths...]

Reports focal-loss APIs that do not exist in Python (.py, .pyw, .pyi), Jupyter notebooks
(.ipynb), TypeScript and JavaScript files. Folders are searched recursively, honouring
.gitignore and skipping node_modules, .venv and site-packages unless a path names them. "-"
reads one file from standard input, and "--" makes every later argument a path.
Notebook findings are printed as "path:cell N:line:col", with lines counted within cell N.

Options:
  --format text|json       output format (default: text, one "path:line:col: CODE message" a line)
  --stdin-filename NAME    name and language of the text read from "-" (default: stdin.py);
                           a notebook (.ipynb) cannot be read from "-", so pass its path
  --fix                    apply every safe fix in place (for "-", print the fixed text);
                           notebooks and files that are not valid UTF-8 are left unchanged
  --diff                   print the safe fixes as a unified diff and change no file
  -h, --help               show this help
  --version                print the version

Exit status: 0 when clean, 1 when there are findings, 2 on a usage or I/O error.
`;

/** Parses the command line; throws UsageError with the offending argument on bad input. */
export function parseArguments(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    paths: [],
    format: "text",
    stdinFilename: "stdin.py",
    help: false,
    version: false,
    fix: false,
    diff: false,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--") {
      options.paths.push(...argv.slice(index + 1));
      break;
    }
    const [flag, inlineValue] = argument.startsWith("--") ? argument.split(/=(.*)/s) : [argument];
    const value = () => {
      const next = inlineValue ?? argv[++index];
      if (next === undefined) {
        throw new UsageError(`Missing value for ${flag}.`);
      }
      return next;
    };

    if (flag === "-h" || flag === "--help") {
      options.help = true;
    } else if (flag === "--version") {
      options.version = true;
    } else if (flag === "--format") {
      const format = value();
      if (format !== "text" && format !== "json") {
        throw new UsageError(`Invalid --format ${JSON.stringify(format)}: use text or json.`);
      }
      options.format = format;
    } else if (flag === "--fix") {
      options.fix = true;
    } else if (flag === "--diff") {
      options.diff = true;
    } else if (flag === "--stdin-filename") {
      options.stdinFilename = value();
    } else if (argument.startsWith("-") && argument !== "-") {
      throw new UsageError(`Unknown option ${argument}. Run focal-loss-lint --help for usage.`);
    } else {
      options.paths.push(argument);
    }
  }
  if (options.fix && options.diff) {
    throw new UsageError("--fix and --diff cannot be combined: --diff changes no file.");
  }
  return options;
}
