// The validators of the webview boundary accept exactly the documented messages and name the
// field of anything else, and the stored panel state is checked the same way.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  validateCursorParameters,
  validateExtensionMessage,
  validateWebviewMessage,
} from "../../src/webview/messages";
import { DEFAULT_STATE, shapeProblem, validatePanelState } from "../../src/webview/panelState";
import { InvalidMessageError } from "../../src/webview/validation";

const PARAMETERS = {
  loss: "softmax",
  alpha: [0.25, 0.75],
  gamma: 2,
  reduction: "mean",
  ignoreIndex: 255,
  source: "FocalLoss(alpha=[0.25, 0.75], ignore_index=255)",
  callee: "FocalLoss",
  line: 4,
  notes: [],
};

function assertInvalid(validate: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(validate, (error: unknown) => {
    assert.ok(error instanceof InvalidMessageError, `expected InvalidMessageError, got ${error}`);
    assert.equal(error.path, path);
    assert.match(error.message, pattern);
    return true;
  });
}

test("webview messages accepted", () => {
  const messages = [
    { type: "ready" },
    { type: "readCursor" },
    { type: "copy", format: "markdown", text: "| a |" },
    { type: "copy", format: "json", text: "{}" },
    { type: "log", level: "warning", message: "WebGL did not start" },
  ];
  for (const message of messages) {
    assert.deepEqual(validateWebviewMessage(message), message);
  }
});

test("webview messages rejected", () => {
  const cases: [unknown, string, RegExp][] = [
    [null, "message", /must be an object, got null/],
    [[], "message", /must be an object, got an array of 0/],
    [{}, "message.type", /must be one of "ready", "readCursor", "copy", "log", got undefined/],
    [{ type: "openFile", path: "/etc" }, "message.type", /got string "openFile"/],
    [{ type: "ready", extra: 1 }, "message.extra", /not a known field/],
    [{ type: "copy", format: "html", text: "" }, "message.format", /"markdown", "json"/],
    [{ type: "copy", format: "json" }, "message.text", /is missing/],
    [{ type: "copy", format: "json", text: 5 }, "message.text", /must be a string, got number 5/],
    [
      { type: "copy", format: "json", text: "x".repeat(2_000_001) },
      "message.text",
      /limit of 2000000/,
    ],
    [{ type: "log", level: "debug", message: "" }, "message.level", /"info", "warning", "error"/],
    [{ type: "log", level: "info", message: "x".repeat(4001) }, "message.message", /limit of 4000/],
  ];
  for (const [message, path, pattern] of cases) {
    assertInvalid(() => validateWebviewMessage(message), path, pattern);
  }
});

test("extension messages round trip", () => {
  const cursor = {
    type: "cursorParameters",
    parameters: PARAMETERS,
    location: "a.py:5",
    note: null,
  };
  const empty = { type: "cursorParameters", parameters: null, location: null, note: "No call." };
  const copied = { type: "copyResult", format: "json", error: null };

  for (const message of [cursor, empty, copied]) {
    assert.deepEqual(validateExtensionMessage(message), message);
  }
  assertInvalid(
    () => validateExtensionMessage({ ...cursor, location: 5 }),
    "message.location",
    /must be a string/,
  );
});

test("cursor parameters rejected", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...PARAMETERS, loss: "focal" }, "p.loss", /"sigmoid", "softmax"/],
    [
      { ...PARAMETERS, alpha: "0.25" },
      "p.alpha",
      /null, a number or an array of numbers, got string/,
    ],
    [{ ...PARAMETERS, alpha: [0.25, null] }, "p.alpha[1]", /finite number, got null/],
    [{ ...PARAMETERS, gamma: Number.NaN }, "p.gamma", /finite number, got number NaN/],
    [{ ...PARAMETERS, ignoreIndex: 1.5 }, "p.ignoreIndex", /an integer/],
    [{ ...PARAMETERS, source: "x".repeat(401) }, "p.source", /limit of 400/],
    [{ ...PARAMETERS, notes: [1] }, "p.notes[0]", /must be a string/],
    [{ ...PARAMETERS, script: "<script>" }, "p.script", /not a known field/],
  ];
  for (const [value, path, pattern] of cases) {
    assertInvalid(() => validateCursorParameters(value, "p"), path, pattern);
  }
  // Out-of-range values are kept: the runtime's validation reports them in the table.
  assert.equal(validateCursorParameters({ ...PARAMETERS, gamma: -1 }, "p").gamma, -1);
});

test("panel state validated", () => {
  const state = {
    ...DEFAULT_STATE,
    cursor: { type: "cursorParameters", parameters: PARAMETERS, location: null, note: null },
  };
  assert.deepEqual(validatePanelState(JSON.parse(JSON.stringify(state))), state);

  assertInvalid(
    () => validatePanelState({ ...DEFAULT_STATE, version: 2 }),
    "state.version",
    /must be 1/,
  );
  assertInvalid(
    () => validatePanelState({ ...DEFAULT_STATE, seed: -1 }),
    "state.seed",
    /in \[0, 4294967295\]/,
  );
  assertInvalid(
    () => validatePanelState({ ...DEFAULT_STATE, shape: { n: 2 } }),
    "state.shape.c",
    /is missing/,
  );
});

test("shape limits", () => {
  assert.equal(shapeProblem({ n: 8, c: 4 }, "softmax"), undefined);
  assert.equal(shapeProblem({ n: 8, c: 1 }, "sigmoid"), undefined);
  assert.match(shapeProblem({ n: 8, c: 1 }, "softmax") ?? "", /C must be an integer from 2 to 256/);
  assert.match(
    shapeProblem({ n: 0, c: 4 }, "softmax") ?? "",
    /N must be an integer from 1 to 1024, got 0/,
  );
  assert.match(shapeProblem({ n: 1024, c: 256 }, "sigmoid") ?? "", /above the limit of 65536/);
});
