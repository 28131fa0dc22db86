/**
 * @module
 * Checks of the paths a command was given (`--file`, `--out`, `--c1z-temp-dir`…), made before
 * its first API request or its first byte of output, so a path that cannot work fails at once in
 * one line naming the path, the reason and what to do — not with a stack trace, and not after a
 * long sync. They are usage errors (`invalid-config`, exit 2), as a missing file already was: the
 * user fixes them by changing the flag or the folder's permissions.
 *
 * The checks ask the file system what this user may do (`access(2)`), so root passes where root
 * can write. What the file system still refuses later (a folder made read-only mid-sync, a full
 * disk) is the writers' to report.
 */
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./errors/index.ts";

export interface PathSetting {
  /** The setting's flag name without dashes, e.g. `file`. */
  setting: string;
  /** How messages name where the path came from. @default `--<setting>` */
  label?: string;
}

export interface FileToWrite extends PathSetting {
  /** The command reads the file first when it exists (a sync keeps the previous one for diff). */
  readsExisting?: boolean;
  /** A file name for the hint when the path is a folder. @default "sync.c1z" */
  exampleName?: string;
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? "error";
}

function statOf(target: string): fs.Stats | string {
  try {
    return fs.statSync(target);
  } catch (error) {
    return errnoOf(error);
  }
}

/** Why a path cannot be used, and what the user can do about it. */
interface Problem {
  reason: string;
  hint: string;
}

/** What stops this user from creating files in an existing folder, given `access(2)`'s code. */
export function folderRefusal(folder: string, code: string, choose: string): Problem {
  if (code === "EROFS")
    return { reason: `${folder} is on a read-only file system (EROFS)`, hint: `${choose} on a writable disk` };
  if (code === "EACCES" || code === "EPERM") {
    return {
      reason: `this user may not create files in ${folder} (${code})`,
      hint: `${choose} in a folder this user can write, or give it write access to ${folder}`,
    };
  }
  return { reason: `${folder} cannot be written (${code})`, hint: `${choose} in another folder` };
}

/** The nearest folder above `target` that exists, or what stands in the way of reaching one. */
function nearestExisting(target: string): { folder: string; stat: fs.Stats | string } {
  let folder = path.dirname(target);
  let stat = statOf(folder);
  while ((stat === "ENOENT" || stat === "ENOTDIR") && path.dirname(folder) !== folder) {
    folder = path.dirname(folder);
    stat = statOf(folder);
  }
  return { folder, stat };
}

function refusalToWrite(folder: string, choose: string): Problem | undefined {
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
    return undefined;
  } catch (error) {
    return folderRefusal(folder, errnoOf(error), choose);
  }
}

/**
 * Why files cannot be created in `folder`, or undefined when they can. `creates`: the command
 * makes the folder when it is missing, so then it is its nearest existing parent that must let
 * this user create folders. `choose` starts each hint, e.g. "choose another --file".
 */
function folderProblem(folder: string, creates: boolean, choose: string): Problem | undefined {
  const unreachable = (where: string, code: string): Problem => ({
    reason: `${where} cannot be reached (${code})`,
    hint: `check the permissions of the folders on its path, or ${choose}`,
  });
  const notAFolder = (where: string): Problem => ({ reason: `${where} is a file, not a folder`, hint: choose });
  const stat = statOf(folder);
  if (typeof stat !== "string") return stat.isDirectory() ? refusalToWrite(folder, choose) : notAFolder(folder);
  if (stat !== "ENOENT" && stat !== "ENOTDIR") return unreachable(folder, stat);
  const above = nearestExisting(folder);
  if (typeof above.stat === "string") return unreachable(above.folder, above.stat);
  if (!above.stat.isDirectory()) return notAFolder(above.folder);
  if (creates) return refusalToWrite(above.folder, choose);
  return { reason: `the folder ${folder} does not exist`, hint: `create it first, or ${choose}` };
}

function flag(options: PathSetting): string {
  return options.label ?? `--${options.setting}`;
}

/**
 * A file written by creating a temporary file beside it and renaming it over the path (a sync's
 * c1z with its lock and working files, an export's `--out`): the path must not be a folder, its
 * folder must exist and let this user create files, and an existing file must be readable when
 * the command reads it first.
 */
export function checkFileToWrite(file: string, options: FileToWrite): void {
  const target = path.resolve(file);
  const stat = statOf(target);
  if (typeof stat !== "string" && stat.isDirectory()) {
    throw new ConfigError(`cannot write ${file}: it is a folder, and ${flag(options)} names the file to write`, {
      setting: options.setting,
      hint: `give a file path, e.g. ${flag(options)} ${path.join(file, options.exampleName ?? "sync.c1z")}`,
    });
  }
  const problem = folderProblem(path.dirname(target), false, `choose another ${flag(options)}`);
  if (problem)
    throw new ConfigError(`cannot write ${file}: ${problem.reason}`, { setting: options.setting, hint: problem.hint });
  if (typeof stat !== "string" && options.readsExisting) {
    try {
      fs.accessSync(target, fs.constants.R_OK);
    } catch (error) {
      throw new ConfigError(`cannot read ${file} (${errnoOf(error)}), which is read first to keep its previous sync`, {
        setting: options.setting,
        hint: `give this user read access to ${file}, or choose another ${flag(options)}`,
      });
    }
  }
}

/** A folder the command creates when missing and then writes files into (`--c1z-temp-dir`, `out`). */
export function checkFolderToWrite(folder: string, options: PathSetting): void {
  const problem = folderProblem(path.resolve(folder), true, `choose another ${flag(options)}`);
  if (problem)
    throw new ConfigError(`cannot use ${folder}: ${problem.reason}`, { setting: options.setting, hint: problem.hint });
}

/** A file the command reads (a c1z given with `--file`): it must exist, be a file and be readable. */
export function checkFileToRead(file: string, options: PathSetting): void {
  const stat = statOf(file);
  if (stat === "ENOENT" || stat === "ENOTDIR") {
    throw new ConfigError(`${file}: the file does not exist`, {
      setting: options.setting,
      hint: `check the path given with ${flag(options)}`,
    });
  }
  if (typeof stat === "string") {
    throw new ConfigError(`${file}: cannot be reached by this user (${stat})`, {
      setting: options.setting,
      hint: "check the permissions of the folders on its path",
    });
  }
  if (!stat.isFile()) {
    throw new ConfigError(`${file}: is ${stat.isDirectory() ? "a folder" : "not a file"}, not a c1z file`, {
      setting: options.setting,
      hint: `give ${flag(options)} the path of a c1z file`,
    });
  }
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new ConfigError(`${file}: this user may not read it (${errnoOf(error)})`, {
      setting: options.setting,
      hint: `give this user read access to ${file}`,
    });
  }
}
