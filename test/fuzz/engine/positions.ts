import type { Position, Range } from "vscode-languageserver-protocol";

const LINE_BREAK = /\r\n|\r|\n/;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Splits a text into lines as LSP counts them: split at CRLF, CR and LF, without the breaks. */
export function linesOf(text: string): string[] {
  return text.split(LINE_BREAK);
}

function positionProblem(lines: readonly string[], position: Position): string | undefined {
  const { line, character } = position;
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) {
    return `${JSON.stringify(position)} is not a pair of non-negative integers`;
  }
  if (line >= lines.length) {
    return `line ${line} is past the last line, ${lines.length - 1}`;
  }
  const content = lines[line];
  if (character > content.length) {
    return `character ${character} is past the end of line ${line}, which has ${content.length}`;
  }
  if (
    character > 0 &&
    isHighSurrogate(content.charCodeAt(character - 1)) &&
    isLowSurrogate(content.charCodeAt(character))
  ) {
    return `${line}:${character} falls between the two halves of a surrogate pair`;
  }
  return undefined;
}

/**
 * Returns why `range` is not a valid UTF-16 range of the text split into `lines`: a position
 * past a line's end or the last line, inside a surrogate pair, or an end before the start.
 * Returns undefined for a valid range.
 */
export function rangeProblem(lines: readonly string[], range: Range): string | undefined {
  const problem = positionProblem(lines, range.start) ?? positionProblem(lines, range.end);
  if (problem !== undefined) {
    return problem;
  }
  const { start, end } = range;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) {
    return `the range ends at ${end.line}:${end.character}, before its start`;
  }
  return undefined;
}
