import { TFJS_COMPILE_LOSSES } from "../../rules/tfjsLossNames";

/** Keras's short names, which tfjs-layers does not accept, mapped to its own names. */
const KERAS_ALIASES: Record<string, string> = {
  mse: "meanSquaredError",
  mae: "meanAbsoluteError",
  mape: "meanAbsolutePercentageError",
  msle: "meanSquaredLogarithmicError",
  kld: "kullbackLeiblerDivergence",
  kl_divergence: "kullbackLeiblerDivergence",
};

/**
 * Returns the tfjs-layers loss name that an unknown `loss` string stands for: a Keras short name
 * such as "mse", a snake_case spelling such as "categorical_crossentropy", or a name with other
 * capitals. Returns undefined when there is no single match.
 */
export function tfjsLossName(name: string): string | undefined {
  const alias = KERAS_ALIASES[name.toLowerCase()];
  if (alias !== undefined) {
    return alias;
  }
  const camel = name
    .toLowerCase()
    .replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const matches = [...TFJS_COMPILE_LOSSES].filter(
    (known) => known === camel || known.toLowerCase() === name.toLowerCase(),
  );
  return matches.length === 1 ? matches[0] : undefined;
}
