/** Returns the median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A titled Markdown table that the benchmark runner writes into docs/benchmarks.md. */
export interface BenchSection {
  title: string;
  command: string;
  rows: string[][];
  header: string[];
  notes: string[];
}

export function renderSection(section: BenchSection): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `## ${section.title}`,
    "",
    `Command: \`${section.command}\``,
    "",
    line(section.header),
    line(section.header.map(() => "---")),
    ...section.rows.map(line),
    "",
    ...section.notes,
    "",
  ].join("\n");
}
