/** Severities a rule can default to, named as in the settings. */
export type RuleSeverity = "error" | "warning" | "information" | "hint";

export type RuleLanguage = "python" | "typescript";

/**
 * How the user's code reaches a missing API: as an attribute (`nn.FocalLoss`), through an import
 * (`from torch.nn import FocalLoss`), as a bare name that only a star import could supply, as the
 * string of a `getattr` call without a default (`getattr(nn, "FocalLoss")`), or as a loss name in
 * a string that Keras resolves (`model.compile(loss="focal_loss")`).
 */
export type ReferenceKind = "attribute" | "import" | "starImport" | "getattr" | "lossString";

/** One lookup of a dotted name that the analysis resolved, such as `torch.nn.FocalLoss`. */
export interface ApiReference {
  language: RuleLanguage;
  kind: ReferenceKind;
  /** The module the code looks the member up on, as imported (`tensorflow.keras.losses`). */
  module: string;
  /** The name looked up, which is also the text the finding covers unless `indirect` is set. */
  member: string;
  /**
   * Set when the code reads the member through a `const` name or a string key (`loss: LOSS`,
   * `const { focalLoss } = tf.losses`, `tf.losses["focalLoss"]`). The finding then covers that
   * name or key, and no quick fix rewrites it.
   */
  indirect?: boolean;
}

/**
 * The place of a reference: code that runs, or an annotation that Python never evaluates because
 * the file has `from __future__ import annotations`.
 */
export type ReferenceSite = "evaluated" | "unevaluatedAnnotation";

/** What a rule reports about one reference. */
export interface RuleMatch {
  message: string;
}

/**
 * One rule: its code, title, default severity, the identifiers that can trigger it, how it
 * decides, and the Markdown shown on hover.
 */
export interface Rule {
  code: string;
  title: string;
  defaultSeverity: RuleSeverity;
  languages: readonly RuleLanguage[];
  /** Identifier texts that can start a finding; documents without any of them are skipped. */
  candidateNames: readonly string[];
  check(reference: ApiReference, site?: ReferenceSite): RuleMatch | undefined;
  hover(reference: ApiReference): string;
}

/** Joins a module path and a member name. */
export function qualifiedNameOf(reference: ApiReference): string {
  return `${reference.module}.${reference.member}`;
}
