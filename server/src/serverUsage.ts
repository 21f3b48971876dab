/** The transport flags that vscode-languageserver's createConnection reads from the command line. */
const TRANSPORT_FLAG = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

export const SERVER_USAGE = `Usage: node dist/server.js --stdio | --node-ipc | --socket=<port>

Starts the Focal Loss language server. Pass the transport your editor uses:
  --stdio            JSON-RPC over standard input and output (Neovim, Helix, most editors)
  --node-ipc         Node's IPC channel, when the editor forks the server with one (VS Code)
  --socket=<port>    connect to the editor, which listens on TCP port <port> of this machine
For linting files from a shell, use focal-loss-lint (dist/cli.js) instead.
`;

/**
 * Prints the usage and exits with status 2 when no transport flag is given. Without one,
 * createConnection throws an error with a stack trace that does not say what to pass.
 */
export function exitUnlessTransportGiven(args: readonly string[]): void {
  if (args.some((arg) => TRANSPORT_FLAG.test(arg))) {
    return;
  }
  process.stderr.write(SERVER_USAGE);
  process.exit(2);
}
