import { existsSync } from "node:fs";

/** Real code written outside this project: Debian's python3-torch and python3-torchvision sources. */
export const TORCH_CORPUS = [
  "/usr/lib/python3/dist-packages/torch",
  "/usr/lib/python3/dist-packages/torchvision",
];

/** The corpus folders that are not installed. */
export const missingCorpus = TORCH_CORPUS.filter((dir) => !existsSync(dir));

/**
 * The reason to skip a corpus test, or false. Under CI nothing is skipped, so that a CI machine
 * without the packages fails instead of passing quietly.
 */
export const skipWithoutCorpus =
  missingCorpus.length > 0 && !process.env.CI
    ? `${missingCorpus.join(", ")} not installed; install python3-torch and python3-torchvision`
    : false;
