import type { ApiReference, RuleSeverity } from "../rules/rule";

/**
 * One problem found in a document, located by UTF-16 offsets so that the server and the CLI can
 * each turn it into their own positions.
 */
export interface Finding {
  code: string;
  severity: RuleSeverity;
  message: string;
  startOffset: number;
  endOffset: number;
  reference: ApiReference;
}
