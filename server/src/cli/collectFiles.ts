import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { languageIdForPath } from "../parsing/languages";
import { isNotebookPath } from "./notebook";

/** Folders of installed or generated code that a walk skips unless the user names them. */
const SKIPPED_FOLDERS = new Set([".git", "node_modules", ".venv", "venv", "site-packages"]);

interface IgnoreFile {
  dir: string;
  rules: Ignore;
}

export class UsageError extends Error {}

/** Returns whether the CLI lints a file of this name: a source file or a Jupyter notebook. */
function isLintable(file: string): boolean {
  return languageIdForPath(file) !== undefined || isNotebookPath(file);
}

function readIgnoreFile(dir: string): IgnoreFile | undefined {
  const file = path.join(dir, ".gitignore");
  if (!existsSync(file)) {
    return undefined;
  }
  return { dir, rules: ignore().add(readFileSync(file, "utf8")) };
}

/** Collects the .gitignore files from the enclosing repository's top down to `dir`. */
function ancestorIgnoreFiles(dir: string): IgnoreFile[] {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (existsSync(path.join(current, ".git")) || path.dirname(current) === current) {
      break;
    }
  }
  return chain.slice(0, -1).flatMap((folder) => readIgnoreFile(folder) ?? []);
}

/**
 * Returns whether the .gitignore files, listed from the top down, ignore a path. As in git, the
 * deepest file with a matching pattern decides, so its `!pattern` re-includes what a parent ignores.
 */
function isIgnored(filePath: string, isDir: boolean, ignoreFiles: readonly IgnoreFile[]): boolean {
  for (let index = ignoreFiles.length - 1; index >= 0; index--) {
    const { dir, rules } = ignoreFiles[index];
    const relative = path.relative(dir, filePath).split(path.sep).join("/");
    if (relative === "" || relative.startsWith("..")) {
      continue;
    }
    const result = rules.test(isDir ? `${relative}/` : relative);
    if (result.ignored || result.unignored) {
      return result.ignored;
    }
  }
  return false;
}

function walk(
  dir: string,
  ignoreFiles: IgnoreFile[],
  skipped: ReadonlySet<string>,
  found: string[],
): void {
  const own = readIgnoreFile(dir);
  const active = own === undefined ? ignoreFiles : [...ignoreFiles, own];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name) && !isIgnored(full, true, active)) {
        walk(full, active, skipped, found);
      }
    } else if (entry.isFile() && isLintable(entry.name) && !isIgnored(full, false, active)) {
      found.push(full);
    }
  }
}

/** The files to lint, and one message for each path that could not be used. */
export interface CollectedFiles {
  files: string[];
  errors: string[];
}

/**
 * Expands the paths given on the command line into the source files to lint. Folders are walked
 * with .gitignore rules applied; a file named explicitly is always linted. A path that does not
 * exist or has an unsupported type adds an error and the other paths are still collected.
 */
export function collectFiles(paths: readonly string[]): CollectedFiles {
  const found: string[] = [];
  const errors: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      errors.push(`Path not found: ${given}. Pass existing files or folders.`);
      continue;
    }

    if (stats.isFile()) {
      if (!isLintable(absolute)) {
        errors.push(
          `Unsupported file type: ${given}. Lint .py, .pyw, .pyi, .ipynb, .ts, .tsx, .js or ` +
            ".jsx files.",
        );
        continue;
      }
      found.push(absolute);
    } else if (stats.isDirectory()) {
      // A folder the user names inside .venv, node_modules or site-packages is walked whole.
      const named = absolute.split(path.sep).some((part) => SKIPPED_FOLDERS.has(part));
      const skipped: ReadonlySet<string> = named ? new Set([".git"]) : SKIPPED_FOLDERS;
      walk(absolute, ancestorIgnoreFiles(absolute), skipped, found);
    }
  }
  return { files: [...new Set(found)], errors };
}
