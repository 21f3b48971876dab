import type { Nested } from "./reference/nested";
import { flatten } from "./reference/nested";

/** Formats a loss value with 6 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  return Math.abs(value) >= 1e-4 || value === 0
    ? Number(value.toPrecision(6)).toString()
    : value.toExponential(3);
}

/** Formats a loss: a number, or the first values and the count of a per-element loss. */
export function formatLoss(value: Nested | undefined): string {
  if (value === undefined) {
    return "—";
  }
  if (typeof value === "number") {
    return formatNumber(value);
  }
  const { shape, values } = flatten(value);
  const firstValues = values.slice(0, 2).map(formatNumber).join(", ");
  return `${shape.join("×")}: [${firstValues}${values.length > 2 ? ", …" : ""}]`;
}

/** Formats an absolute error in scientific notation, such as 3.1e-8. */
export function formatError(value: number | undefined): string {
  if (value === undefined) {
    return "—";
  }
  if (Number.isNaN(value)) {
    return "n/a";
  }
  return value === 0 ? "0" : value.toExponential(1);
}

export function formatMilliseconds(ms: number | undefined): string {
  if (ms === undefined) {
    return "—";
  }
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}
