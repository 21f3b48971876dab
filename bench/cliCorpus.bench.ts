import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { median, type BenchSection } from "./stats";

const CORPUS = [
  "/usr/lib/python3/dist-packages/torch",
  "/usr/lib/python3/dist-packages/torchvision",
];
const RUNS = 5;

// Python's resource module reports a child's peak resident set, which Node cannot read.
const MEASURE = `
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "status": result.returncode}))
`;

/** Times the CLI over Debian's installed torch and torchvision sources. */
export function benchCliCorpus(distDir: string): BenchSection | undefined {
  const missing = CORPUS.filter((dir) => !existsSync(dir));
  if (missing.length > 0 || !existsSync("/usr/bin/python3")) {
    console.warn(`Skipping the CLI corpus benchmark: ${missing.join(", ")} not installed.`);
    return undefined;
  }

  const seconds: number[] = [];
  const peaks: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = spawnSync(
      "/usr/bin/python3",
      ["-c", MEASURE, process.execPath, path.join(distDir, "cli.js"), ...CORPUS],
      { encoding: "utf8" },
    );
    const measured = JSON.parse(result.stdout) as { seconds: number; peak_mib: number };
    seconds.push(measured.seconds);
    peaks.push(measured.peak_mib);
  }
  const files = Number(
    spawnSync("sh", ["-c", `find ${CORPUS.join(" ")} -name '*.py' | wc -l`], { encoding: "utf8" })
      .stdout,
  );

  return {
    title: "CLI over the installed torch and torchvision sources",
    command: "npm run bench",
    header: ["measure", `median of ${RUNS} runs`, "target"],
    rows: [
      ["wall time", `${median(seconds).toFixed(2)} s`, "≤ 1.5 s"],
      ["peak resident memory", `${median(peaks).toFixed(0)} MB`, "≤ 150 MB"],
    ],
    notes: [
      `${files} Python files under ${CORPUS.join(" and ")}, from Debian's python3-torch and ` +
        "python3-torchvision. Files that contain no focal-loss name are read but never parsed.",
    ],
  };
}
