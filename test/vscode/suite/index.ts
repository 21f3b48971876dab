import Mocha from "mocha";
import { registerScenarios } from "./scenarios";

/** Entry point that @vscode/test-electron loads inside the extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: true });
  mocha.suite.emit("pre-require", globalThis, "scenarios", mocha);
  registerScenarios();
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} VS Code scenarios failed.`)) : resolve(),
    );
  });
}
