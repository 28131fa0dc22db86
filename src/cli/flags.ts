/**
 * @module
 * Flag values more than one command checks the same way: a port, and a port it could not
 * listen on. Parsing itself is the commands' declarations' (command.ts).
 */
import { ConfigError } from "../core/index.ts";

/** `--port`: a TCP port from 0 (any free one) to 65535, or `fallback` when not given. */
export function portFlag(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new ConfigError(`--port must be a port number from 0 to 65535, got "${value}"`, { setting: "port" });
  return port;
}

/**
 * A server that could not listen, as one line: a port taken (EADDRINUSE) or one below 1024 for a
 * user who may not bind it (EACCES) is the user's to change. Anything else is returned as it was.
 */
export function cannotListen(port: number, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "EADDRINUSE" && code !== "EACCES") return error;
  return new ConfigError(`cannot listen on 127.0.0.1:${port} (${code})`, {
    setting: "port",
    hint: "choose another --port, or leave it out for any free one",
    cause: error,
  });
}
