import { readdirSync, readlinkSync } from "node:fs";
import { processesInGroup, readProcFile } from "./processGroup";

export interface OutsideConnection {
  remote: string;
  pid: number;
  command: string;
}

/** TCP states in /proc/net/tcp that are not connections to a peer (7 CLOSE, 10 LISTEN). */
const NO_PEER_STATES = new Set(["07", "0A"]);

/**
 * Samples the TCP sockets that processes of one process group hold, from /proc/net/tcp and
 * /proc/net/tcp6, and records those whose peer is not a loopback address. It covers the
 * language server and every other child of code-server, which the companion's in-process
 * hook cannot reach. Sampling misses a connection that opens and closes between two samples.
 */
export class ConnectionSampler {
  readonly outside = new Map<string, OutsideConnection>();
  samples = 0;
  /** The most TCP sockets, listening ones included, that the group held in one sample. */
  maxSocketsSeen = 0;

  constructor(private readonly groupId: number) {}

  sample(): void {
    const owners = this.socketOwners();
    let socketsSeen = 0;
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      for (const line of (readProcFile(table) ?? "").split("\n").slice(1)) {
        const fields = line.trim().split(/\s+/);
        const pid = fields.length < 10 ? undefined : owners.get(fields[9]);
        if (pid === undefined) {
          continue;
        }
        socketsSeen += 1;
        if (NO_PEER_STATES.has(fields[3])) {
          continue;
        }
        const remote = decodeAddress(fields[2]);
        if (!isLocalPeer(remote.ip)) {
          const command = (readProcFile(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ");
          const key = `${pid} ${remote.ip}:${remote.port}`;
          this.outside.set(key, { remote: `${remote.ip}:${remote.port}`, pid, command });
        }
      }
    }
    this.samples += 1;
    this.maxSocketsSeen = Math.max(this.maxSocketsSeen, socketsSeen);
  }

  /** Maps socket inode numbers to the group's process ids that hold them. */
  private socketOwners(): Map<string, number> {
    const owners = new Map<string, number>();
    for (const pid of processesInGroup(this.groupId)) {
      let descriptors: string[];
      try {
        descriptors = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const descriptor of descriptors) {
        let target: string;
        try {
          target = readlinkSync(`/proc/${pid}/fd/${descriptor}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode !== undefined) {
          owners.set(inode, pid);
        }
      }
    }
    return owners;
  }
}

/**
 * Decodes "0100007F:1F90" (IPv4) or a 32-digit IPv6 form. The kernel prints each 32-bit word
 * of the address in host byte order, which is little-endian on x86 and arm64.
 */
function decodeAddress(hex: string): { ip: string; port: number } {
  const [address, port] = hex.split(":");
  const bytes: number[] = [];
  for (let word = 0; word < address.length; word += 8) {
    const wordBytes = address.slice(word, word + 8).match(/../g) ?? [];
    bytes.push(...wordBytes.reverse().map((byte) => parseInt(byte, 16)));
  }
  if (bytes.length === 4) {
    return { ip: bytes.join("."), port: parseInt(port, 16) };
  }
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) {
    groups.push(((bytes[index] << 8) | bytes[index + 1]).toString(16));
  }
  return { ip: groups.join(":"), port: parseInt(port, 16) };
}

/** True for loopback peers and for the unspecified address of a socket with no peer yet. */
function isLocalPeer(ip: string): boolean {
  return (
    ip.startsWith("127.") ||
    ip === "0:0:0:0:0:0:0:1" ||
    // An IPv4-mapped loopback address, ::ffff:127.x.y.z.
    /^0:0:0:0:0:ffff:7f[0-9a-f]{2}:/.test(ip) ||
    ip === "0.0.0.0" ||
    ip === "0:0:0:0:0:0:0:0"
  );
}
