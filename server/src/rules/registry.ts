import { fl001TorchFocalLoss } from "./fl001TorchFocalLoss";
import { fl002FunctionalFocalLoss } from "./fl002FunctionalFocalLoss";
import { fl003KerasFocalLoss } from "./fl003KerasFocalLoss";
import { fl004TfjsFocalLoss } from "./fl004TfjsFocalLoss";
import type { ApiReference, ReferenceSite, Rule, RuleLanguage, RuleMatch } from "./rule";

/** Every rule the server and the CLI run, in code order. */
export const RULES: readonly Rule[] = [
  fl001TorchFocalLoss,
  fl002FunctionalFocalLoss,
  fl003KerasFocalLoss,
  fl004TfjsFocalLoss,
];

const RULES_BY_CODE = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleByCode(code: string): Rule | undefined {
  return RULES_BY_CODE.get(code);
}

/** Returns the identifier texts that can start a finding in files of `language`. */
export function candidateNamesFor(language: RuleLanguage): ReadonlySet<string> {
  return new Set(
    RULES.filter((rule) => rule.languages.includes(language)).flatMap(
      (rule) => rule.candidateNames,
    ),
  );
}

/** Runs every rule of the reference's language and returns the first that matches. */
export function checkReference(
  reference: ApiReference,
  site: ReferenceSite = "evaluated",
): { rule: Rule; match: RuleMatch } | undefined {
  for (const rule of RULES) {
    if (!rule.languages.includes(reference.language)) {
      continue;
    }
    const match = rule.check(reference, site);
    if (match !== undefined) {
      return { rule, match };
    }
  }
  return undefined;
}
