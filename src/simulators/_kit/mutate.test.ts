import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { applyMutation } from "./mutate.ts";
import { createRandom } from "./random.ts";
import { rosterJoiners, type Person } from "./roster.ts";

interface Member {
  name: string;
  role: string;
  protected?: boolean;
}

function run(seed: number): { members: Member[]; report: ReturnType<typeof applyMutation<Member>> } {
  const members: Member[] = Array.from({ length: 10 }, (_, index) => ({
    name: `m${index}`,
    role: "user",
    protected: index < 3,
  }));
  const report = applyMutation<Member>({
    rng: createRandom(seed),
    members: [...members],
    joiners: rosterJoiners(seed, "toy", 10, 2),
    leavers: 2,
    roleChanges: 1,
    eligible: (member) => !member.protected,
    join: (person: Person) => {
      const member = { name: person.email, role: "user" };
      members.push(member);
      return member;
    },
    leave: (member) => members.splice(members.indexOf(member), 1),
    changeRole: (member) => {
      member.role = "admin";
    },
  });
  return { members, report };
}

describe("applyMutation", () => {
  it("applies joiners, leavers and role changes deterministically", () => {
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7).report.left, run(8).report.left);
  });

  it("picks distinct eligible members and never touches protected ones", () => {
    const { members, report } = run(11);
    assert.equal(report.joined.length, 2);
    assert.equal(report.left.length, 2);
    assert.equal(report.changed.length, 1);
    const touched = [...report.left, ...report.changed];
    assert.equal(new Set(touched).size, 3);
    assert.ok(touched.every((member) => !member.protected));
    assert.equal(members.length, 10);
    assert.equal(report.changed[0]?.role, "admin");
    assert.ok(report.joined.every((member) => members.includes(member)));
  });
});
