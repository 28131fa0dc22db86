import assert from "node:assert/strict";
import { test } from "node:test";
import { exitCodeFor, isIdsyncError } from "../core/index.ts";
import { reviewerName } from "./reviewer.ts";

test("reviewer: --reviewer, else IDSYNC_REVIEWER, else the OS user; never empty", () => {
  const os = () => "osuser";
  assert.equal(reviewerName(" ana ", { IDSYNC_REVIEWER: "ben" }, os), "ana");
  assert.equal(reviewerName(undefined, { IDSYNC_REVIEWER: "ben" }, os), "ben");
  assert.equal(reviewerName(undefined, {}, os), "osuser");
  const refused = (message: RegExp) => (error: unknown) =>
    isIdsyncError(error) && exitCodeFor(error) === 2 && message.test(error.message);
  assert.throws(() => reviewerName("", {}, os), refused(/--reviewer must be a name on one line/));
  assert.throws(
    () => reviewerName(undefined, { IDSYNC_REVIEWER: "a\nb" }, os),
    refused(/IDSYNC_REVIEWER must be a name on one line/),
  );
  assert.throws(
    () =>
      reviewerName(undefined, {}, () => {
        throw new Error("uid 1234 has no name");
      }),
    refused(/who is deciding\? this user has no name/),
  );
});
