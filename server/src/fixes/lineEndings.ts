const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/**
 * Returns why no fix can be applied to `text`, or undefined when fixes may be applied. A lone CR
 * (the classic Mac OS line ending) is a line break to LSP clients and to Python. The tree-sitter
 * grammars do not read it as one, so statements and line ends found from the tree are wrong.
 */
export function reasonFixesAreUnsafe(text: string): string | undefined {
  if (!LONE_CARRIAGE_RETURN.test(text)) {
    return undefined;
  }
  return (
    "the file has lone CR line endings (classic Mac OS), which the parser does not read as " +
    "line breaks, so a fix could insert code in the wrong place. Convert it to LF or CRLF " +
    "line endings, then run the fix again"
  );
}
