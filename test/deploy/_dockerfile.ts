/**
 * @module
 * Reads the repository's Dockerfile and replays its install steps in a folder, for a machine
 * with no container engine. Only the instructions and forms the Dockerfile uses are understood;
 * anything else fails the test by name rather than being skipped, so the replay cannot silently
 * drift from the real build. Instruction semantics follow Docker's Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/).
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

export interface Instruction {
  /** Upper case: FROM, RUN… */
  readonly keyword: string;
  /** The rest of the instruction, continuation lines joined. */
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

/**
 * Splits a Dockerfile into instructions. A backslash at the end of a line continues it; comment
 * lines (parser directives included) and blank lines are dropped, also inside a continuation.
 */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split("\n").forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const continues = trimmed.endsWith("\\");
    const piece = continues ? raw.replace(/\\\s*$/, "") : raw;
    pending = pending ? { text: pending.text + piece, line: pending.line } : { text: piece, line: index + 1 };
    if (continues) return;
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(pending.text);
    if (!match) throw new Error(`Dockerfile line ${pending.line}: not an instruction: ${pending.text.trim()}`);
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  if (pending) throw new Error(`Dockerfile line ${pending.line}: a continuation runs off the end of the file`);
  return instructions;
}

/** The exec (JSON array) form of CMD, ENTRYPOINT or RUN, or undefined for the shell form. */
export function execForm(instruction: Instruction): string[] | undefined {
  if (!instruction.args.startsWith("[")) return undefined;
  const parsed: unknown = JSON.parse(instruction.args);
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === "string")) {
    throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} must be a JSON array of strings`);
  }
  return parsed;
}

/** `$NAME` and `${NAME}` from the environment so far; an unset name expands to nothing. */
function _expand(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced: string | undefined, bare: string | undefined) => env[braced ?? bare!] ?? "",
  );
}

/** `ENV A=1 B="two words"` (or the old `ENV A 1`) as pairs, values unquoted but not expanded. */
export function envPairs(instruction: Instruction): Array<[string, string]> {
  const words = instruction.args.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  if (words.length > 0 && !words[0]!.includes("=")) {
    return [[words[0]!, instruction.args.slice(words[0]!.length).trim()]];
  }
  return words.map((word) => {
    const equals = word.indexOf("=");
    if (equals <= 0) throw new Error(`Dockerfile line ${instruction.line}: ENV ${word} is not NAME=value`);
    return [word.slice(0, equals), word.slice(equals + 1).replace(/"/g, "")];
  });
}

export interface ReplayOptions {
  /** The build context: the repository. */
  readonly context: string;
  /** Whether a context path (relative, with `/`) is left out by `.dockerignore`. */
  readonly excluded: (relativePath: string) => boolean;
  /** Where the image's folders are made: image path `/opt/x` becomes `<root>/opt/x`. */
  readonly root: string;
  /** The base image's environment, as the replay provides it (PATH with a Node 24 first). */
  readonly baseEnv: Readonly<Record<string, string>>;
}

export interface Replay {
  /** The final WORKDIR, in the replay folder. */
  readonly workdir: string;
  /** The image's environment at the end, paths inside the image's WORKDIRs mapped. */
  readonly env: Readonly<Record<string, string>>;
  readonly cmd: readonly string[] | undefined;
  /** Steps not replayed, each with why. */
  readonly skipped: readonly string[];
}

/**
 * A RUN step that only changes ownership: the real build runs it as root; the replay runs as
 * the current user, who already owns every folder it made, and could not chown them anyway.
 */
function _onlyChangesOwnership(command: string): boolean {
  return /^chown\s[^;&|]*$/.test(command);
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end without blocking this process (a test may serve it an API). */
export async function runProgram(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string>> },
): Promise<Ran> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  return { code, stdout, stderr };
}

/** Replays the Dockerfile's steps in `options.root`; throws naming the step and its output. */
export async function replayDockerfile(instructions: readonly Instruction[], options: ReplayOptions): Promise<Replay> {
  const workdirs = instructions.filter((i) => i.keyword === "WORKDIR").map((i) => i.args);
  for (const dir of workdirs) if (!posix.isAbsolute(dir)) throw new Error(`WORKDIR ${dir} is not absolute`);
  const mapPath = (imagePath: string) => join(options.root, imagePath);
  // Image paths inside a WORKDIR, written in a RUN or ENV, name folders of the replay.
  const byLength = [...workdirs].sort((a, b) => b.length - a.length);
  const mapText = (text: string) =>
    byLength.reduce(
      (result, dir) =>
        result.replace(
          new RegExp(`(?<![\\w./-])${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=$|[/:\\s"';])`, "g"),
          mapPath(dir),
        ),
      text,
    );

  let from: string | undefined;
  let workdir = "/";
  const env: Record<string, string> = { ...options.baseEnv };
  let cmd: string[] | undefined;
  const skipped: string[] = [];
  for (const step of instructions) {
    const where = `Dockerfile line ${step.line}: ${step.keyword} ${step.args}`;
    switch (step.keyword) {
      case "FROM":
        if (from !== undefined) throw new Error(`${where}: one stage only`);
        from = step.args;
        break;
      case "WORKDIR":
        workdir = step.args;
        mkdirSync(mapPath(workdir), { recursive: true });
        break;
      case "ENV":
        for (const [name, value] of envPairs(step)) env[name] = _expand(mapText(value), env);
        break;
      case "COPY":
        _copy(step, where, workdir, mapPath, options);
        break;
      case "RUN": {
        if (execForm(step) || /<</.test(step.args))
          throw new Error(`${where}: only the shell form without heredocs is replayed`);
        if (_onlyChangesOwnership(step.args)) {
          skipped.push(`${where}: ownership needs root; the replay's user owns its folders already`);
          break;
        }
        // Docker runs the shell form with `/bin/sh -c`.
        const ran = await runProgram("/bin/sh", ["-c", mapText(step.args)], { cwd: mapPath(workdir), env });
        if (ran.code !== 0) throw new Error(`${where}\nexited ${ran.code}:\n${ran.stdout}${ran.stderr}`);
        break;
      }
      case "USER":
        // The replay runs as whoever runs the test; the static checks read USER.
        break;
      case "ENTRYPOINT":
      case "CMD": {
        const words = execForm(step);
        if (!words)
          throw new Error(`${where}: use the exec form, so no shell stands between the signal and the process`);
        if (step.keyword === "CMD") cmd = words;
        break;
      }
      default:
        throw new Error(`${where}: the replay does not know ${step.keyword}`);
    }
  }
  if (from === undefined) throw new Error("the Dockerfile has no FROM");
  return { workdir: mapPath(workdir), env, cmd, skipped };
}

function _copy(
  step: Instruction,
  where: string,
  workdir: string,
  mapPath: (p: string) => string,
  options: ReplayOptions,
): void {
  const words = step.args.split(/\s+/);
  if (words.some((word) => word.startsWith("--")) || words.length < 2)
    throw new Error(`${where}: only COPY <source>… <destination> is replayed`);
  const sources = words.slice(0, -1);
  const destination = posix.resolve(workdir, words.at(-1)!);
  const intoFolder = sources.length > 1 || words.at(-1)!.endsWith("/");
  for (const source of sources) {
    if (/[*?[]/.test(source) || source.startsWith("..") || posix.isAbsolute(source))
      throw new Error(`${where}: ${source} must be a plain path in the context`);
    if (options.excluded(posix.normalize(source)))
      throw new Error(`${where}: ${source} is left out of the context by .dockerignore`);
    const from = join(options.context, source);
    if (!existsSync(from)) throw new Error(`${where}: ${source} does not exist`);
    const folder = statSync(from).isDirectory();
    const to = mapPath(intoFolder && !folder ? posix.join(destination, posix.basename(source)) : destination);
    // A folder's contents land in the destination; files .dockerignore leaves out never arrive.
    cpSync(from, to, {
      recursive: true,
      filter: (path) =>
        statSync(path).isDirectory() || !options.excluded(relative(options.context, path).split(sep).join("/")),
    });
  }
}
