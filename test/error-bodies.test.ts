/**
 * An error quotes the shape of what the API answered, never the tenant's people: for every
 * connector, bodies that carry emails and names (in data fields, in the API's own message, in a
 * page cut short, in plain text) are answered at each status a connector describes, and what the
 * user sees — the printed error, its hint, the quoted body, the causes, the debug log — is
 * searched for them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createLogger, isIdsyncError, type ConnectorDefinition } from "../src/core/index.ts";
import { captureStream } from "../src/cli/io.ts";
import { printError } from "../src/cli/report.ts";
import { clockify } from "../src/connectors/clockify/index.ts";
import { codefresh } from "../src/connectors/codefresh/index.ts";
import { env0 } from "../src/connectors/env0/index.ts";
import { runlayer } from "../src/connectors/runlayer/index.ts";
import { findSimulator, serve } from "../src/simulators/index.ts";
import { settingsFrom } from "../src/testkit/index.ts";

const EMAIL = "ada.lovelace@analytical.example";
const NAME = "Ada Lovelace";
const PERSON = { id: "u-1", email: EMAIL, name: NAME, full_name: NAME, firstName: "Ada", lastName: "Lovelace" };

const BODIES: ReadonlyArray<{ what: string; body: string; type: string }> = [
  {
    what: "an error echoing the user",
    type: "application/json",
    body: JSON.stringify({
      message: `no access for ${EMAIL}`,
      code: 4030,
      detail: `user ${EMAIL} is not an admin`,
      user: PERSON,
    }),
  },
  {
    what: "a FastAPI 422 quoting the input",
    type: "application/json",
    body: JSON.stringify({
      detail: [{ loc: ["query", "role"], msg: "bad value", type: "value_error", input: PERSON }],
    }),
  },
  {
    what: "a list page cut short",
    type: "application/json",
    body: JSON.stringify({ data: [PERSON, PERSON], count: 2 }).slice(0, 150),
  },
  { what: "a bare array of people", type: "application/json", body: JSON.stringify([PERSON]) },
  { what: "plain text", type: "text/plain", body: `Forbidden: ${EMAIL}` },
];

const STATUSES = [200, 400, 401, 403, 404, 409, 422, 500];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const CONNECTORS: readonly ConnectorDefinition[] = [clockify, codefresh, env0, runlayer];

for (const definition of CONNECTORS) {
  test(`${definition.name}: errors quote bodies' shapes, not the people in them`, async (t) => {
    let current = BODIES[0]!;
    let status = 400;
    const served = await serve(() =>
      Promise.resolve(new Response(current.body, { status, headers: { "content-type": current.type } })),
    );
    t.after(() => served.close());
    const settings = settingsFrom(definition, findSimulator(definition.name)!.create().settings(served.origin));
    let failures = 0;
    for (const body of BODIES) {
      for (const code of STATUSES) {
        // A 200 with well-formed JSON is an answer, not a failure to describe (env0 may then
        // list the organization names the key sees, as it should): only broken 200s count here.
        if (code === 200 && isJson(body.body)) continue;
        current = body;
        status = code;
        const log = captureStream();
        const logger = createLogger({ level: "debug", format: "json", stream: log });
        const connector = definition.create(settings, {
          logger,
          http: { retry: { maxAttempts: 1 }, timeoutMs: 5_000 },
        });
        const error = await connector.validate({ signal: new AbortController().signal, logger }).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        const where = `${body.what} with status ${code}`;
        if (error === undefined) continue;
        failures++;
        assert.ok(isIdsyncError(error), `${where}: ${String(error)}`);
        const printed = captureStream();
        printError(printed, error);
        const causes: string[] = [];
        for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) causes.push(cause.message);
        const seen = [
          printed.text(),
          error.hint ?? "",
          (error as { body?: string }).body ?? "",
          ...causes,
          log.text(),
        ].join("\n");
        assert.ok(!seen.includes(EMAIL), `${where} quoted an email:\n${seen}`);
        assert.ok(!seen.includes(NAME) && !seen.includes("Lovelace"), `${where} quoted a name:\n${seen}`);
      }
    }
    assert.ok(failures >= BODIES.length * (STATUSES.length - 1), `every error status failed validation (${failures})`);
  });
}
