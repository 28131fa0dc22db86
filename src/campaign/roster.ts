/**
 * @module
 * The roster: who works here, from HR or the directory, as CSV with a header row naming the
 * columns `email`, `name`, `status` and optionally `manager` (in any order; other columns are
 * ignored). Fields may be quoted as RFC 4180 has it (`"Doe, Jane"`, `""` for a quote, line
 * breaks inside quotes). A person is active when their status reads `active` (or `enabled`,
 * `employed`); any other status (`left`, `terminated`, `inactive`…) makes them a leaver.
 *
 * Against it, an account whose email no active person has is an orphan (nobody on the roster)
 * or a leaver's; and items get the person's manager as their reviewer.
 */
import fs from "node:fs";
import { ConfigError } from "../core/index.ts";

export interface RosterPerson {
  email: string;
  name: string;
  status: string;
  active: boolean;
  manager: string | null;
  /** The line of the file the row starts on, for messages. */
  line: number;
}

export interface Roster {
  file: string;
  /** By email, lower-case. */
  people: Map<string, RosterPerson>;
}

const ACTIVE = new Set(["active", "enabled", "employed"]);
const REQUIRED = ["email", "name", "status"] as const;

/** Reads and checks `file`; a bad row is one line naming the file and the line. */
export function readRoster(file: string): Roster {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(`${file}: cannot read the roster (${code})`, {
      setting: "roster",
      hint: "check the path given with --roster",
      cause: error,
    });
  }
  return parseRoster(text.replace(/^\uFEFF/, ""), file);
}

export function parseRoster(text: string, file: string): Roster {
  const rows = csvRows(text, file);
  const header = rows.shift();
  if (!header)
    throw rosterError(file, 1, "the roster is empty", "its first line names the columns: email,name,status[,manager]");
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw rosterError(
      file,
      1,
      `the header has no ${missing.join(", ")} column`,
      "its first line names the columns: email,name,status[,manager]",
    );
  const column = (name: string) => names.indexOf(name);
  const people = new Map<string, RosterPerson>();
  for (const { fields, line } of rows) {
    if (fields.length === 1 && fields[0]!.trim() === "") continue; // a blank line
    if (fields.length !== names.length)
      throw rosterError(
        file,
        line,
        `${fields.length} fields where the header has ${names.length}`,
        "quote a field holding a comma",
      );
    const value = (name: string) => (column(name) < 0 ? "" : fields[column(name)]!.trim());
    const email = value("email").toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(email))
      throw rosterError(
        file,
        line,
        email === "" ? "the email is empty" : "the email is not an address",
        "every person needs one email address",
      );
    const status = value("status");
    if (status === "")
      throw rosterError(file, line, "the status is empty", "write active, or how they left (left, terminated…)");
    const known = people.get(email);
    if (known) throw rosterError(file, line, `${email} is already on line ${known.line}`, "keep one row per person");
    people.set(email, {
      email,
      name: value("name"),
      status,
      active: ACTIVE.has(status.toLowerCase()),
      manager: value("manager") || null,
      line,
    });
  }
  return { file, people };
}

function rosterError(file: string, line: number, problem: string, hint: string): ConfigError {
  return new ConfigError(`${file}, line ${line}: ${problem}`, { setting: "roster", hint });
}

/** RFC 4180 records with the line each starts on; an unclosed quote is an error naming its line. */
function csvRows(text: string, file: string): Array<{ fields: string[]; line: number }> {
  const rows: Array<{ fields: string[]; line: number }> = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let sawAny = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    sawAny = true;
    if (char === '"') {
      if (field !== "")
        throw rosterError(
          file,
          line,
          "a quote in the middle of a field",
          'quote the whole field, doubling quotes inside: "Jane ""JJ"" Doe"',
        );
      quoted = true;
      quoteLine = line;
    } else if (char === ",") {
      fields.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      fields.push(field);
      rows.push({ fields, line: rowLine });
      fields = [];
      field = "";
      line++;
      rowLine = line;
      sawAny = false;
    } else field += char;
  }
  if (quoted)
    throw rosterError(
      file,
      quoteLine,
      "a quoted field is never closed",
      "close the quote, doubling any quote inside it",
    );
  if (sawAny || field !== "" || fields.length > 0) rows.push({ fields: [...fields, field], line: rowLine });
  return rows;
}

/** How the roster sees an account's email: its person, or why it has none that is active. */
export type RosterMatch =
  | { kind: "active"; person: RosterPerson }
  | { kind: "leaver"; person: RosterPerson }
  | { kind: "orphan"; person: null };

export function matchRoster(roster: Roster, email: string | null): RosterMatch {
  const person = email ? roster.people.get(email.toLowerCase()) : undefined;
  if (!person) return { kind: "orphan", person: null };
  return person.active ? { kind: "active", person } : { kind: "leaver", person };
}
