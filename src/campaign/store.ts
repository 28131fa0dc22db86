/**
 * @module
 * Reading and writing campaign files, as safely as c1z files: written whole to a new temp file
 * beside the target (exclusive, mode 0600), fsynced and renamed over it, so a crash leaves the
 * old campaign or the new one, never a torn one. A campaign that cannot be read is a one-line
 * error (exit 6) and is never overwritten.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  acquireLock,
  checkFileToRead,
  checkFileToWrite,
  ConfigError,
  createTempBeside,
  discardTemp,
  releaseLock,
  replaceFile,
  restateDiskFull,
} from "../core/index.ts";
import { parseCampaign, type Campaign } from "./format.ts";

/** How messages name the campaign path: it is the subcommands' first argument. */
const CAMPAIGN_ARGUMENT = { setting: "campaign", label: "the campaign argument" };

/** The campaign in `file`; a missing file is exit 2, a damaged one exit 6. */
export function readCampaign(file: string): Campaign {
  checkFileToRead(file, CAMPAIGN_ARGUMENT);
  return parseCampaign(fs.readFileSync(file, "utf8"), file);
}

/** Two-space JSON with a final newline: diffable, and readable by `jq` and by people. */
export function campaignText(campaign: Campaign): string {
  return `${JSON.stringify(campaign, null, 2)}\n`;
}

/** Writes a new campaign to `file`, refusing to replace an existing one (a campaign is evidence). */
export function createCampaign(file: string, campaign: Campaign): void {
  checkNewCampaign(file);
  const temp = createTempBeside(file);
  try {
    try {
      fs.writeFileSync(temp.fd, campaignText(campaign));
      fs.fsyncSync(temp.fd);
    } finally {
      fs.closeSync(temp.fd);
    }
    // A hard link, unlike a rename, fails when the name exists: one made since the check above is kept.
    fs.linkSync(temp.path, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw alreadyThere(file);
    throw restateDiskFull(error, file);
  } finally {
    discardTemp(temp.path);
  }
}

function alreadyThere(file: string): ConfigError {
  return new ConfigError(`${file} already exists; a new campaign does not replace one`, {
    setting: "out",
    hint: `choose another --out, or carry on with that campaign: idsync campaign status ${file}`,
  });
}

/** Refuses a path where no new campaign can be written, or where one already is. */
export function checkNewCampaign(file: string): void {
  checkFileToWrite(file, { setting: "out", exampleName: "q3-review.campaign.json" });
  if (fs.existsSync(file)) throw alreadyThere(file);
}

/** Replaces `file` with `campaign` atomically. */
export function saveCampaign(file: string, campaign: Campaign): void {
  write(file, campaignText(campaign));
}

/**
 * Reads the campaign, lets `change` return its next state and saves that, in one synchronous
 * step: in this process nothing can interleave, so two changes (a CLI and an explorer request
 * handled one after the other) never lose one another's decisions.
 */
export function updateCampaign(file: string, change: (campaign: Campaign) => Campaign): Campaign {
  return withCampaignLock(file, () => {
    const next = change(readCampaign(file));
    saveCampaign(file, next);
    return next;
  });
}

/** How long a write waits for another process (the explorer, a second `decide`) to finish its own. */
const CAMPAIGN_LOCK_WAIT_MS = 5_000;

/**
 * Runs a read-change-write of the campaign holding its lock (`.<name>.idsync-lock` beside it), so
 * two processes deciding at once both land instead of the second overwriting the first.
 */
export function withCampaignLock<T>(file: string, write: () => T): T {
  const lock = path.join(path.dirname(file), `.${path.basename(file)}.idsync-lock`);
  acquireLock(lock, file, { waitMs: CAMPAIGN_LOCK_WAIT_MS });
  try {
    return write();
  } finally {
    releaseLock(lock);
  }
}

/** Writes any evidence or campaign file: new temp, fsync, rename; a full disk named as such. */
export function write(file: string, text: string): void {
  try {
    replaceFile(file, text);
  } catch (error) {
    throw restateDiskFull(error, file);
  }
}

/** The SHA-256 of a file's bytes, hex, read in chunks so a large c1z is not held whole. */
export function sha256File(file: string): string {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let read = fs.readSync(fd, chunk); read > 0; read = fs.readSync(fd, chunk))
      hash.update(chunk.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}
