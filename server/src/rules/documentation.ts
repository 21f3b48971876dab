/** Where each rule's page is published: `docs/rules/<CODE>.md` in the repository. */
export const RULE_DOCS_BASE_URL =
  "https://github.com/focal-loss-tools/vscode-focal-loss/blob/main/docs/rules";

export function ruleDocumentationUrl(code: string): string {
  return `${RULE_DOCS_BASE_URL}/${code}.md`;
}
