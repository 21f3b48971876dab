import { TextDocument } from "vscode-languageserver-textdocument";
import type { Position, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol";
import { mutate } from "./documents";
import type { Random } from "./random";
import { AWKWARD_TEXT, fragmentsFor, wordsFor } from "./tokens";

export type ContentChange = TextDocumentContentChangeEvent;

function modelOf(text: string): TextDocument {
  return TextDocument.create("file:///fuzz/model", "plaintext", 0, text);
}

/**
 * Applies one content change to `text` as the server must: positions past the end of a line or
 * of the document are clamped to it, as LSP specifies, and a position inside a CRLF pair moves
 * before it. A range whose end comes before its start replaces nothing and inserts at its start,
 * as ParsedDocument.applyChanges does.
 */
export function applyChange(text: string, change: ContentChange): string {
  if (!("range" in change)) {
    return change.text;
  }
  const model = modelOf(text);
  const start = model.offsetAt(change.range.start);
  const end = Math.max(start, model.offsetAt(change.range.end));
  return text.slice(0, start) + change.text + text.slice(end);
}

export function applyChanges(text: string, changes: readonly ContentChange[]): string {
  return changes.reduce(applyChange, text);
}

function rangeChange(model: TextDocument, start: number, end: number, text: string) {
  return { range: { start: model.positionAt(start), end: model.positionAt(end) }, text };
}

function insertedText(random: Random, languageId: string): string {
  const source = random.int(10);
  if (source < 5) {
    return random.pick(fragmentsFor(languageId));
  }
  return source < 8 ? `${random.pick(wordsFor(languageId))} ` : random.pick(AWKWARD_TEXT);
}

/** Positions between the two code units of a surrogate pair, as offsets. */
function surrogatePairMiddles(text: string): number[] {
  const middles: number[] = [];
  for (const match of text.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)) {
    middles.push((match.index ?? 0) + 1);
  }
  return middles;
}

/** Draws a change whose position is one past the `\r` of a CRLF pair, between it and `\n`. */
function splitCrlf(random: Random, model: TextDocument, text: string): ContentChange | undefined {
  const pairs = [...text.matchAll(/\r\n/g)];
  if (pairs.length === 0) {
    return undefined;
  }
  const position = model.positionAt(random.pick(pairs).index ?? 0);
  const inside: Position = { line: position.line, character: position.character + 1 };
  const end = random.chance(0.5) ? inside : { line: position.line + 1, character: 0 };
  return { range: { start: inside, end }, text: random.pick(["", "x", "\n", "\r", "\r\n"]) };
}

/** Inserts `\n` after a lone `\r` or `\r` before a `\n`, so a CRLF pair forms across the edit. */
function joinCrlf(random: Random, model: TextDocument, text: string): ContentChange | undefined {
  const loneBreaks = [...text.matchAll(/\r(?!\n)|(?<!\r)\n/g)];
  if (loneBreaks.length === 0) {
    return undefined;
  }
  const lone = random.pick(loneBreaks);
  const index = lone.index ?? 0;
  return lone[0] === "\r"
    ? rangeChange(model, index + 1, index + 1, `\n${random.chance(0.5) ? "x" : ""}`)
    : rangeChange(model, index, index, `${random.chance(0.5) ? "x" : ""}\r`);
}

function splitSurrogatePair(random: Random, model: TextDocument, text: string) {
  const middles = surrogatePairMiddles(text);
  if (middles.length === 0) {
    return undefined;
  }
  const middle = random.pick(middles);
  const position = model.positionAt(middle);
  switch (random.int(3)) {
    case 0:
      return { range: { start: position, end: position }, text: random.pick(["x", "\n", "("]) };
    case 1:
      return rangeChange(model, middle - 1, middle, "");
    default:
      return rangeChange(model, middle, middle + 1, "");
  }
}

/** Positions that a misbehaving client sends: past line ends, past the end, negative, reversed. */
function outOfRange(random: Random, model: TextDocument): ContentChange {
  const near = model.positionAt(random.int(model.getText().length + 1));
  const line = near.line + random.int(2);
  const far: Position = random.pick([
    { line, character: random.between(1, 1000) + 200 },
    { line, character: 2 ** 31 - 1 },
    { line: model.lineCount + random.int(5), character: random.int(10) },
    { line: -1 - random.int(3), character: random.int(5) },
    { line, character: -1 - random.int(3) },
    { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
  ]);
  const [start, end] = random.chance(0.5) ? [far, near] : [near, far];
  return { range: { start, end }, text: random.chance(0.5) ? "" : "x" };
}

function lineChange(random: Random, model: TextDocument, text: string): ContentChange {
  const line = random.int(model.lineCount);
  const start = { line, character: 0 };
  const next = { line: line + 1, character: 0 };
  if (random.chance(0.5)) {
    return { range: { start, end: next }, text: "" };
  }
  const content = text.slice(model.offsetAt(start), model.offsetAt(next));
  return { range: { start, end: start }, text: content.endsWith("\n") ? content : `${content}\n` };
}

/** Draws one change for `text`, valid or not, from the kinds of edit the fuzzer exercises. */
export function randomChange(random: Random, text: string, languageId: string): ContentChange {
  const model = modelOf(text);
  const offset = random.int(text.length + 1);
  const spanEnd = Math.min(text.length, offset + random.between(0, 16));
  const kind = random.int(25);
  const special =
    kind === 0
      ? splitCrlf(random, model, text)
      : kind === 1
        ? joinCrlf(random, model, text)
        : kind === 2
          ? splitSurrogatePair(random, model, text)
          : undefined;
  if (special !== undefined) {
    return special;
  }
  if (kind < 5) {
    return outOfRange(random, model);
  }
  if (kind < 7) {
    return lineChange(random, model, text);
  }
  if (kind === 7) {
    return { text: mutate(random, text, languageId, random.between(1, 3)) };
  }
  if (kind < 12) {
    return rangeChange(model, offset, spanEnd, "");
  }
  return rangeChange(model, offset, kind < 18 ? offset : spanEnd, insertedText(random, languageId));
}

/**
 * Draws the `contentChanges` of one didChange notification: one to three changes, each drawn
 * against the text that the ones before it leave.
 */
export function randomNotification(random: Random, text: string, languageId: string) {
  const changes: ContentChange[] = [];
  let current = text;
  const count = random.between(1, 3);
  for (let index = 0; index < count; index++) {
    const change = randomChange(random, current, languageId);
    changes.push(change);
    current = applyChange(current, change);
  }
  return { changes, text: current };
}
