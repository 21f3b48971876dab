import assert from "node:assert/strict";
import { test } from "node:test";
import { TextDocument } from "vscode-languageserver-textdocument";
import { applyChange } from "./engine/edits";
import { linesOf, rangeProblem } from "./engine/positions";

function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
  return {
    start: { line: startLine, character: startCharacter },
    end: { line: endLine, character: endCharacter },
  };
}

test("in-range change matches TextDocument", () => {
  const text = "import torch\r\nx = 1\ny = 2\n";
  const change = { range: range(1, 2, 2, 1), text: "z\r\n" };
  const document = TextDocument.create("file:///a.py", "python", 1, text);
  TextDocument.update(document, [change], 2);

  assert.equal(applyChange(text, change), document.getText());
});

test("position past line end clamps", () => {
  assert.equal(applyChange("ab\ncd\n", { range: range(0, 99, 0, 99), text: "X" }), "abX\ncd\n");
  assert.equal(applyChange("ab\ncd", { range: range(7, 0, 9, 9), text: "X" }), "ab\ncdX");
});

test("position inside CRLF moves before it", () => {
  assert.equal(applyChange("ab\r\ncd", { range: range(0, 3, 0, 3), text: "X" }), "abX\r\ncd");
});

test("reversed range inserts at its start", () => {
  assert.equal(applyChange("abcdef", { range: range(0, 4, 0, 1), text: "X" }), "abcdXef");
});

test("rangeProblem accepts valid ranges", () => {
  const lines = linesOf("a😀b\r\nc");
  assert.equal(rangeProblem(lines, range(0, 0, 0, 4)), undefined);
  assert.equal(rangeProblem(lines, range(1, 1, 1, 1)), undefined);
});

test("rangeProblem flags invalid positions", () => {
  const lines = linesOf("a😀b\r\nc");
  assert.match(rangeProblem(lines, range(0, 2, 0, 3)) ?? "", /surrogate pair/);
  assert.match(rangeProblem(lines, range(0, 0, 0, 5)) ?? "", /past the end of line 0/);
  assert.match(rangeProblem(lines, range(2, 0, 2, 0)) ?? "", /past the last line/);
  assert.match(rangeProblem(lines, range(1, 1, 0, 0)) ?? "", /before its start/);
  assert.match(rangeProblem(lines, range(0, 0.5, 0, 1)) ?? "", /not a pair of non-negative/);
});
