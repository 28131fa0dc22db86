/**
 * @module
 * What of a response body may be quoted in an error. Bodies hold the tenant's people — a list
 * page cut short, a 409 that echoes the user, a message naming an email — and an error travels
 * further than the data: into logs, terminals, tickets. So a quoted body keeps its *shape* (keys,
 * brackets, booleans) and the fields that explain a failure (the API's error code and message),
 * and elides every other value; emails are masked even where text is kept.
 */

/** Fields whose values say what went wrong rather than who is in the tenant. */
const EXPLAINING_FIELDS = new Set([
  "code",
  "error",
  "error_code",
  "errorCode",
  "error_description",
  "message",
  "msg",
  "detail",
  "reason",
  "status",
  "statusCode",
  // FastAPI's 422 items name the offending parameter as a path: ["query", "limit"].
  "loc",
]);

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
export const ELIDED = "…";

/** Emails replaced by `<email>`. */
export function _maskEmails(text: string): string {
  return text.replace(EMAIL, "<email>");
}

/** Only so much of a body is looked at: the excerpt shown is a few hundred characters. */
const SCANNED_CHARS = 8192;

/**
 * The body as it may be quoted: JSON (or what starts like JSON, such as a page cut short) with
 * values elided outside {@link EXPLAINING_FIELDS}; any other text with its emails masked. A bare
 * JSON string is an error message and is kept (masked); a bare array or object is data.
 */
export function _quotableBody(text: string): string {
  const head = text.slice(0, SCANNED_CHARS);
  const start = head.trimStart()[0];
  if (start !== "{" && start !== "[" && start !== '"') return _maskEmails(head);
  return _elideValues(head);
}

interface Container {
  object: boolean;
  /** For arrays: whether their elements are kept (an array under `detail` is). */
  keep: boolean;
}

/** A tolerant scan of JSON-like text: it never throws, and an unterminated string ends the text. */
function _elideValues(text: string): string {
  const stack: Container[] = [];
  let out = "";
  let expectKey = false;
  let keepValue = false;
  const keepsNext = (): boolean => {
    const top = stack.at(-1);
    if (top === undefined) return true;
    return top.object ? keepValue : top.keep;
  };
  for (let i = 0; i < text.length;) {
    const char = text[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const literal = text.slice(i, end + 1);
      i = end + 1;
      if (stack.at(-1)?.object === true && expectKey) {
        out += _maskEmails(literal);
        keepValue = EXPLAINING_FIELDS.has(literal.slice(1, -1));
        expectKey = false;
      } else {
        out += keepsNext() ? _maskEmails(literal) : `"${ELIDED}"`;
      }
    } else if (char === "{" || char === "[") {
      // A container at the top is data (a page, a user); inside, an array inherits its key's fate.
      stack.push({ object: char === "{", keep: stack.length > 0 && keepsNext() });
      expectKey = char === "{";
      out += char;
      i++;
    } else if (char === "}" || char === "]") {
      stack.pop();
      expectKey = false;
      out += char;
      i++;
    } else if (char === ",") {
      expectKey = stack.at(-1)?.object === true;
      out += char;
      i++;
    } else if (/[\s:]/.test(char)) {
      out += char;
      i++;
    } else {
      const token = /^[^\s"{}[\],:]+/.exec(text.slice(i, i + 64))![0];
      out += keepsNext() || token === "true" || token === "false" || token === "null" ? _maskEmails(token) : ELIDED;
      i += token.length;
    }
  }
  return out;
}
