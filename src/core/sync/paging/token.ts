/**
 * @module
 * Page tokens as the engine stores them in checkpoints: opaque to the engine, versioned so a
 * token written by an older pager is recognised as such. Every pager in this folder writes
 * `v1:` followed by its position as base64url JSON, and nothing else.
 *
 * A token that is not of the current version (an older release's format, a damaged
 * checkpoint) restarts its listing from the first page, with a debug line, instead of failing
 * the resume: the rows a restarted listing stores again are the same rows, keyed by id, while a
 * failed resume would strand the sync on a checkpoint no run can read. Bump the version when a
 * field of a pager's position changes meaning.
 */
import type { Logger } from "../../log/index.ts";

const VERSION = "v1";
const PREFIX = `${VERSION}:`;

/** Any JSON object a pager keeps as its position. */
export type PagePosition = Record<string, unknown>;

export function writePageToken(position: PagePosition): string {
  return PREFIX + Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/**
 * The position a token names, or undefined to start the listing over: no token at all, or
 * one this version cannot read (logged at debug, naming `what`). `accept` checks the decoded
 * object's shape; a shape it refuses counts as unreadable.
 */
export function readPageToken<P extends PagePosition>(
  token: string | undefined,
  what: string,
  logger: Logger,
  accept: (position: PagePosition) => position is P,
): P | undefined {
  if (token === undefined || token === "") return undefined;
  const position = token.startsWith(PREFIX) ? decode(token.slice(PREFIX.length)) : undefined;
  if (position !== undefined && accept(position)) return position;
  logger.debug("a page token of another format: this listing starts over from its first page", {
    listing: what,
    token: token.slice(0, 40),
  });
  return undefined;
}

function decode(text: string): PagePosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as PagePosition) : undefined;
  } catch {
    return undefined;
  }
}

/** A whole number ≥ `least`, as positions hold them. */
export function isCount(value: unknown, least = 0): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= least;
}
