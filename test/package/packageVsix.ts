import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../helpers/paths";

export interface PackagedVsix {
  /** The `focal-loss-<version>.vsix` file inside `copyRoot`. */
  vsixPath: string;
  /** The temporary copy of the work tree that was built and packaged. */
  copyRoot: string;
  publisher: string;
  name: string;
  version: string;
  durationMs: number;
}

/**
 * Runs `npm run build` and then `npm run package` in a temporary copy of the work tree. A copy
 * keeps the release build from replacing the dist/ that other tests load while they run. The
 * development build runs first so that its source maps lie in dist/ as they do on a
 * developer's machine, and the package must leave them out.
 */
export function packageVsixInCopy(): PackagedVsix {
  const started = performance.now();
  const copyRoot = mkdtempSync(path.join(os.tmpdir(), "focal-loss-package-"));
  copyWorkTree(copyRoot);
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(copyRoot, "node_modules"), "dir");

  runNpm(["run", "build"], copyRoot);
  runNpm(["run", "package"], copyRoot);

  const manifest = JSON.parse(readFileSync(path.join(copyRoot, "package.json"), "utf8"));
  const vsixPath = path.join(copyRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!existsSync(vsixPath)) {
    throw new Error(`"npm run package" succeeded but did not write ${vsixPath}.`);
  }
  return {
    vsixPath,
    copyRoot,
    publisher: manifest.publisher,
    name: manifest.name,
    version: manifest.version,
    durationMs: performance.now() - started,
  };
}

/** Copies the tracked and the untracked but not ignored files, as a fresh clone plus new work. */
function copyWorkTree(destination: string): void {
  const listing = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
    },
  );
  if (listing.status !== 0) {
    throw new Error(`"git ls-files" failed in ${REPO_ROOT}: ${listing.stderr}`);
  }

  for (const relative of listing.stdout.split("\0")) {
    const source = path.join(REPO_ROOT, relative);
    // Tracked files deleted in the work tree are still listed.
    if (relative === "" || !existsSync(source)) {
      continue;
    }
    const target = path.join(destination, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
}

function runNpm(args: string[], cwd: string): void {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `"npm ${args.join(" ")}" failed in ${cwd} with exit status ${result.status}:\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
}
