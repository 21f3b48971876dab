import { readdirSync, readFileSync } from "node:fs";
import { pollUntil } from "./poll";

/** Lists the live processes whose process group is `groupId`, from /proc (Linux only). */
export function processesInGroup(groupId: number): number[] {
  const members: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    const stat = readProcFile(`/proc/${name}/stat`);
    // Fields after the command name, which is in parentheses and may contain spaces:
    // state, parent id, process group id.
    const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields !== undefined && fields[0] !== "Z" && Number(fields[2]) === groupId) {
      members.push(Number(name));
    }
  }
  return members;
}

/** Lists the child processes of `parentId`, from /proc (Linux only). */
export function childProcesses(parentId: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync("/proc")) {
    const stat = /^\d+$/.test(name) ? readProcFile(`/proc/${name}/stat`) : undefined;
    const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields !== undefined && Number(fields[1]) === parentId) {
      children.push(Number(name));
    }
  }
  return children;
}

/** Reads a /proc file, or returns undefined when the process has exited meanwhile. */
export function readProcFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Stops the process group that a detached child leads: SIGTERM, then SIGKILL for whatever is
 * still running after `graceMs`. The group is the leader's process id, so this reaches only
 * processes that the leader started, such as code-server's extension host and the language
 * server, and no other process on the machine.
 */
export async function stopProcessGroup(groupId: number, graceMs = 10_000): Promise<void> {
  signalGroup(groupId, "SIGTERM");
  try {
    await pollUntil(() => (processesInGroup(groupId).length === 0 ? true : undefined), {
      description: `process group ${groupId} to exit after SIGTERM`,
      timeoutMs: graceMs,
    });
  } catch {
    signalGroup(groupId, "SIGKILL");
    await pollUntil(() => (processesInGroup(groupId).length === 0 ? true : undefined), {
      description: `process group ${groupId} to exit after SIGKILL`,
      timeoutMs: 5_000,
    });
  }
}

function signalGroup(groupId: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-groupId, signal);
  } catch (error) {
    // ESRCH: the whole group has already exited.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") {
      throw error;
    }
  }
}
