/**
 * @module
 * Which files of the build context a `.dockerignore` keeps out, as Docker decides it: patterns
 * are paths relative to the context root, `*` and `?` stay within one path segment, `**` spans
 * any number of them, a pattern matching a folder matches everything in it, `!` re-includes, and
 * the last pattern that matches a path decides. (Docker's reference, "`.dockerignore` file":
 * https://docs.docker.com/build/concepts/context/#dockerignore-files.) Character classes and
 * escapes are refused rather than half-supported, so a pattern this test cannot read fails it.
 */
import { posix } from "node:path";

interface _Pattern {
  readonly text: string;
  readonly exception: boolean;
  readonly regex: RegExp;
}

function _compile(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*" && glob[i + 1] === "*") {
      // `**/` is zero or more whole segments; a trailing `**` is anything below.
      if (glob[i + 2] === "/") {
        source += "(?:.*/)?";
        i += 2;
      } else {
        source += ".*";
        i += 1;
      }
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[" || char === "\\") {
      throw new Error(`.dockerignore pattern "${glob}": character classes and escapes are not understood by this test`);
    } else {
      source += char.replace(/[.+^${}()|\]]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

function _parse(text: string): _Pattern[] {
  const patterns: _Pattern[] = [];
  for (const line of text.split("\n")) {
    let pattern = line.trim();
    if (pattern === "" || pattern.startsWith("#")) continue;
    const exception = pattern.startsWith("!");
    if (exception) pattern = pattern.slice(1).trim();
    // Docker cleans each pattern as a path: no leading or trailing slash, no `./`.
    pattern = posix.normalize(pattern).replace(/^\/+/, "").replace(/\/+$/, "");
    patterns.push({ text: pattern, exception, regex: _compile(pattern) });
  }
  return patterns;
}

/** The path itself and every folder above it: `src/a/b.ts` → `src`, `src/a`, `src/a/b.ts`. */
function _selfAndParents(relativePath: string): string[] {
  const segments = relativePath.split("/");
  return segments.map((_, i) => segments.slice(0, i + 1).join("/"));
}

/**
 * Reads a `.dockerignore` and returns whether a context path (relative, with `/`) stays out of
 * the build context.
 */
export function dockerignoreExcludes(text: string): (relativePath: string) => boolean {
  const patterns = _parse(text);
  return (relativePath) => {
    const candidates = _selfAndParents(posix.normalize(relativePath));
    let excluded = false;
    for (const pattern of patterns) {
      if (candidates.some((candidate) => pattern.regex.test(candidate))) excluded = !pattern.exception;
    }
    return excluded;
  };
}
