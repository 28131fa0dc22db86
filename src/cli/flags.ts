/**
 * @module
 * Command-line parsing shared by every command: node's parser, strict, with its errors turned
 * into one ConfigError line (exit code 2) instead of a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError } from "../core/index.ts";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export function parseFlags<const O extends OptionSpec>(argv: readonly string[], options: O, command: string) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's message goes on to explain `--` for positionals, which only confuses here.
    const message = (error instanceof Error ? error.message : String(error)).split(/\n|\. To specify/)[0]!;
    throw new ConfigError(message.replace(/^Unknown option/, "unknown flag"), {
      hint: `run \`${command} --help\` for the flags`,
    });
  }
}

/** `--port`: a TCP port from 0 (any free one) to 65535, or `fallback` when not given. */
export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new ConfigError(`--port must be a port number from 0 to 65535, got "${value}"`, { setting: "port" });
  return port;
}

/**
 * A server that could not listen, as one line: a port taken (EADDRINUSE) or one below 1024 for a
 * user who may not bind it (EACCES) is the user's to change. Anything else is returned as it was.
 */
export function cannotListen(port: number, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "EADDRINUSE" && code !== "EACCES") return error;
  return new ConfigError(`cannot listen on 127.0.0.1:${port} (${code})`, { setting: "port", hint: "choose another --port, or leave it out for any free one", cause: error });
}
