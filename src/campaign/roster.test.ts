import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { exitCodeFor, isIdsyncError } from "../core/index.ts";
import { startOver, tenantForCampaign } from "./_test-support.ts";
import { matchRoster, parseRoster, readRoster } from "./roster.ts";
import { sha256File } from "./store.ts";

test("roster: quoted fields, doubled quotes, line breaks inside quotes, CRLF, any column order", () => {
  const roster = parseRoster(
    'status,Email,name,manager,team\r\nactive,ana@example.com,"Ana, the ""lead""",,Ops\r\nleft,BOB@example.com,"Bob\nBuilder",ana@example.com,Eng\r\n\r\nActive,cy@example.com,Cy,ana@example.com,Eng',
    "people.csv",
  );
  assert.deepStrictEqual(
    [...roster.people.values()].map((person) => [
      person.email,
      person.name,
      person.status,
      person.active,
      person.manager,
      person.line,
    ]),
    [
      ["ana@example.com", 'Ana, the "lead"', "active", true, null, 2],
      ["bob@example.com", "Bob\nBuilder", "left", false, "ana@example.com", 3],
      ["cy@example.com", "Cy", "Active", true, "ana@example.com", 6],
    ],
  );
  assert.equal(matchRoster(roster, "Bob@Example.com").kind, "leaver");
  assert.equal(matchRoster(roster, "nobody@example.com").kind, "orphan");
  assert.equal(matchRoster(roster, null).kind, "orphan");
  assert.equal(matchRoster(roster, "cy@example.com").kind, "active");
});

test("roster: a bad row is one line naming the file and the line, exit 2", () => {
  const cases: Array<[string, RegExp]> = [
    ["email,name\nana@example.com,Ana\n", /people\.csv, line 1: the header has no status column/],
    [
      "email,name,status\nana@example.com,Ana,active\nbob@example.com,Bob, Jr.,left\n",
      /people\.csv, line 3: 4 fields where the header has 3/,
    ],
    ["email,name,status\nnot-an-address,Ana,active\n", /people\.csv, line 2: the email is not an address/],
    ["email,name,status\nana@example.com,Ana,\n", /people\.csv, line 2: the status is empty/],
    [
      "email,name,status\nana@example.com,Ana,active\nANA@example.com,Ana,active\n",
      /people\.csv, line 3: ana@example.com is already on line 2/,
    ],
    [
      'email,name,status\nana@example.com,"Ana,active\nbob@example.com,Bob,active\n',
      /people\.csv, line 2: a quoted field is never closed/,
    ],
    ['email,name,status\nana@example.com,An"a",active\n', /people\.csv, line 2: a quote in the middle of a field/],
    ["", /people\.csv, line 1: the roster is empty/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseRoster(text, "people.csv"),
      (error: unknown) =>
        isIdsyncError(error) &&
        exitCodeFor(error) === 2 &&
        message.test(error.message) &&
        !error.message.includes("\n"),
      String(message),
    );
  }
  assert.throws(() => readRoster("/nonexistent/people.csv"), /people\.csv: cannot read the roster \(ENOENT\)/);
});

test("start --roster: accounts whose email is no active person are orphans or leavers; items get the manager as reviewer", async (t) => {
  const files = await tenantForCampaign(t);
  const rosterFile = path.join(files.folder, "people.csv");
  fs.writeFileSync(
    rosterFile,
    [
      "email,name,status,manager",
      "alice@example.com,Alice A.,active,mona@example.com",
      "bob@example.com,Bob B.,terminated,mona@example.com",
      "carol@example.com,Carol C.,active,",
    ].join("\n"),
  );
  const campaign = await startOver(files, { roster: rosterFile, scopes: ["admins", "pending"] });
  const roster = campaign.items.filter((item) => item.why === "orphan" || item.why === "leaver");
  assert.deepStrictEqual(
    roster.map((item) => [item.why, item.account.key]).sort(),
    [
      ["leaver", "user:u-bob"],
      ["orphan", "user:u-dave"],
    ],
    "dave is on no roster; bob left; the API key has no person; carol's pending invite is hers",
  );
  assert.match(
    roster.find((item) => item.why === "leaver")!.evidence,
    /the roster has Bob B\. as "terminated" \(line 3\)/,
  );
  assert.match(roster.find((item) => item.why === "orphan")!.evidence, /no one on the roster has dave@example\.com/);
  const admin = campaign.items.find((item) => item.why === "admins")!;
  assert.equal(admin.reviewer, "mona@example.com");
  assert.deepStrictEqual(admin.person, { name: "Alice A.", status: "active", manager: "mona@example.com" });
  assert.equal(
    campaign.items.find((item) => item.why === "pending")!.reviewer,
    null,
    "carol has no manager on the roster",
  );
  assert.deepStrictEqual(campaign.roster, { file: rosterFile, sha256: sha256File(rosterFile), people: 3 });
});
