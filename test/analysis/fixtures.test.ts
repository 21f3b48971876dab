import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fixtureFiles, fixtureFindings, readSidecar } from "../helpers/fixtureFindings";

// Each fixture's findings must equal its sidecar. After a deliberate change, run
// "npm run fixtures:update" and review the sidecars' diff.
for (const language of ["python", "typescript"]) {
  for (const file of fixtureFiles(language)) {
    test(`${language} fixture ${path.basename(file)}`, async () => {
      assert.deepEqual(await fixtureFindings(file), readSidecar(file));
    });
  }
}
