import suite from "./samples/builtinSamples.json";
import type { Check } from "./checks";
import type { Tolerance } from "./comparison";
import type { Nested } from "./reference/nested";

/** One entry of samples/builtinSamples.json, which scripts/generate-samples.py writes. */
interface BuiltinEntry {
  name: string;
  description: string;
  sample: Record<string, unknown>;
  expected: { loss: Nested; gradient: Nested };
  checkedAgainst: string[];
}

interface BuiltinFile {
  generator: string;
  tolerance: Tolerance;
  samples: BuiltinEntry[];
}

// The JSON is this repository's own data, written by the generator and compared with its output
// by test/webview, so its shape is trusted here.
const BUILTIN = suite as unknown as BuiltinFile;

/** Returns the built-in verification suite as checks with float64 PyTorch values. */
export function builtinChecks(): Check[] {
  return BUILTIN.samples.map((entry) => ({
    section: "builtin",
    name: entry.name,
    description: describe(entry),
    sample: entry.sample,
    expected: entry.expected,
    expectedSource: "float64 PyTorch",
    tolerance: BUILTIN.tolerance,
  }));
}

// The first source is the generator's own float64 formula; the others are libraries it matched.
function describe(entry: BuiltinEntry): string {
  const libraries = entry.checkedAgainst.slice(1);
  return libraries.length === 0
    ? entry.description
    : `${entry.description} Matches ${libraries.join(" and ")}.`;
}

export const BUILTIN_TOLERANCE: Tolerance = BUILTIN.tolerance;
