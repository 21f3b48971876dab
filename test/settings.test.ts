import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  pushedSection,
  RULE_SEVERITY_NAMES,
  SETTINGS_SECTION,
  TRACE_LEVELS,
} from "../src/common/settings";
import { REPO_ROOT } from "./helpers/paths";

interface PropertySchema {
  default: unknown;
  enum?: unknown[];
  additionalProperties?: { enum?: unknown[] };
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const properties: Record<string, PropertySchema> = manifest.contributes.configuration.properties;

test("manifest defaults equal server defaults", () => {
  assert.equal(properties[`${SETTINGS_SECTION}.enable`].default, DEFAULT_SETTINGS.enable);
  assert.deepEqual(properties[`${SETTINGS_SECTION}.rules`].default, DEFAULT_SETTINGS.rules);
  assert.equal(
    properties[`${SETTINGS_SECTION}.trace.server`].default,
    DEFAULT_SETTINGS.trace.server,
  );
});

test("manifest enums equal server enums", () => {
  assert.deepEqual(properties[`${SETTINGS_SECTION}.rules`].additionalProperties?.enum, [
    ...RULE_SEVERITY_NAMES,
  ]);
  assert.deepEqual(properties[`${SETTINGS_SECTION}.trace.server`].enum, [...TRACE_LEVELS]);
});

test("manifest declares only known settings", () => {
  assert.deepEqual(Object.keys(properties).sort(), [
    "focalLoss.enable",
    "focalLoss.rules",
    "focalLoss.trace.server",
  ]);
});

test("parseSettings fills missing fields", () => {
  assert.deepEqual(parseSettings({}).settings, DEFAULT_SETTINGS);
  assert.deepEqual(parseSettings(undefined).settings, DEFAULT_SETTINGS);
});

test("parseSettings keeps valid overrides", () => {
  const { settings, problems } = parseSettings({
    enable: false,
    rules: { FL003: "off", FL001: "warning" },
    trace: { server: "verbose" },
  });
  assert.equal(settings.enable, false);
  assert.deepEqual(settings.rules, { FL003: "off", FL001: "warning" });
  assert.equal(settings.trace.server, "verbose");
  assert.deepEqual(problems, []);
});

test("parseSettings reports invalid values", () => {
  const { settings, problems } = parseSettings({ enable: "yes", rules: { FL001: "loud" } });
  assert.equal(settings.enable, true);
  assert.deepEqual(settings.rules, {});
  assert.equal(problems.length, 2);
  assert.match(problems[0], /focalLoss\.enable .*"yes"/);
  assert.match(problems[1], /focalLoss\.rules\.FL001 .*"loud"/);
});

test("pushedSection accepts both shapes", () => {
  const section = { rules: { FL003: "off" } };

  assert.deepEqual(pushedSection(section), section);
  assert.deepEqual(pushedSection({ focalLoss: section }), section);
  assert.deepEqual(pushedSection({ focalLoss: section, python: {} }), section);
  assert.deepEqual(pushedSection({ enable: false }), { enable: false });
});

test("pushedSection ignores other settings", () => {
  assert.equal(pushedSection(null), undefined);
  assert.equal(pushedSection(undefined), undefined);
  assert.equal(pushedSection({ python: { analysis: {} } }), undefined);
  assert.equal(pushedSection({}), undefined);
});

test("pushedSection passes non-objects to parseSettings", () => {
  assert.equal(pushedSection("off"), "off");
  assert.match(parseSettings(pushedSection("off")).problems[0], /must be an object/);
});
