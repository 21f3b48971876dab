// Lints the bundled example, which reproduces the AttributeError, and succeeds when the CLI
// reports it: the CLI itself exits 1 whenever it has findings.
import { spawnSync } from "node:child_process";

const result = spawnSync(process.execPath, ["dist/cli.js", "examples/"], { stdio: "inherit" });
if (result.status === 1) {
  console.log(
    "\nThe example's nn.FocalLoss was flagged, as expected (focal-loss-lint exit code 1).",
  );
  process.exit(0);
}
console.error(
  `\nExpected findings in examples/, but focal-loss-lint exited with ${result.status}.`,
);
process.exit(1);
