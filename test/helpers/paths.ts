import { existsSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(REPO_ROOT, "dist");
export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");

/** Fails early with the fix when the bundles or wasm files the tests load are missing. */
export function requireBuild(file = "server.js"): string {
  const built = path.join(DIST, file);
  if (!existsSync(built)) {
    throw new Error(`${built} is missing. Run "npm run build" before the tests.`);
  }
  return built;
}
