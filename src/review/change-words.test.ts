import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defineResourceType,
  newEntitlement,
  newGroupResource,
  newResource,
  newRoleResource,
  type Entitlement,
  type ResourceType,
} from "../core/index.ts";
import { accessChangeText, fieldChangeTexts, viaText, type ChangeLookup } from "./change-words.ts";

const types: ResourceType[] = [
  defineResourceType({ id: "team", displayName: "Team", traits: ["group"] }),
  defineResourceType({ id: "role", displayName: "Role", traits: ["role"] }),
  defineResourceType({ id: "project", displayName: "Project" }),
  defineResourceType({ id: "user", displayName: "User", traits: ["user"] }),
];
const [team, role, project, user] = types as [ResourceType, ResourceType, ResourceType, ResourceType];
const entitlements: Entitlement[] = [
  newEntitlement(newGroupResource(team, "5df897717b4911406608b24f", "Platform"), "member", {
    displayName: "Platform team member",
    grantableTo: [user],
  }),
  newEntitlement(newRoleResource(role, "WORKSPACE_ADMIN", "Workspace Admin"), "assigned", {
    displayName: "Workspace Admin role",
    grantableTo: [user],
  }),
  newEntitlement(newResource(project, "6f1c2a3b", "Web"), "deployer", {
    displayName: "Web Deployer",
    grantableTo: [user],
  }),
];
const lookup: ChangeLookup = {
  entitlement: (id) => entitlements.find((entitlement) => entitlement.id === id),
  resourceType: (id) => types.find((type) => type.id === id),
};

test("access gained or lost reads in words, with the names the sync holds", () => {
  assert.equal(accessChangeText("team:5df897717b4911406608b24f:member", true, lookup), "joined team Platform");
  assert.equal(accessChangeText("team:5df897717b4911406608b24f:member", false, lookup), "left team Platform");
  assert.equal(accessChangeText("role:WORKSPACE_ADMIN:assigned", true, lookup), "became Workspace Admin (role)");
  assert.equal(accessChangeText("role:WORKSPACE_ADMIN:assigned", false, lookup), "no longer Workspace Admin (role)");
  assert.equal(accessChangeText("project:6f1c2a3b:deployer", true, lookup), "gained deployer on project Web");
  assert.equal(accessChangeText("project:6f1c2a3b:deployer", false, lookup), "lost deployer on project Web");
  assert.equal(
    accessChangeText("role:gone:assigned", true, lookup),
    "gained role:gone:assigned",
    "an entitlement the sync lacks is named by its whole id",
  );
  assert.equal(viaText(["team:5df897717b4911406608b24f:member"], lookup), "via team Platform");
  assert.equal(viaText([], lookup), "direct");
});

test("a profile change reads key by key, not as raw JSON", () => {
  const old = JSON.stringify({ accountStatus: "ACTIVE", membershipStatus: "ACTIVE", workspaceRoles: [] });
  const now = JSON.stringify({
    accountStatus: "INACTIVE",
    membershipStatus: "ACTIVE",
    workspaceRoles: ["WORKSPACE_ADMIN", "OWNER"],
  });
  assert.deepEqual(fieldChangeTexts({ field: "profile", old, new: now }), [
    "accountStatus: ACTIVE → INACTIVE",
    "workspaceRoles: (none) → WORKSPACE_ADMIN, OWNER",
  ]);
  assert.deepEqual(fieldChangeTexts({ field: "profile", old: null, new: JSON.stringify({ archived: true }) }), [
    "archived: (none) → true",
  ]);
  assert.deepEqual(fieldChangeTexts({ field: "status", old: "enabled", new: "disabled (suspended)" }), [
    "status: enabled → disabled (suspended)",
  ]);
  assert.deepEqual(fieldChangeTexts({ field: "login", old: null, new: "ada" }), ["login: (none) → ada"]);
  assert.deepEqual(
    fieldChangeTexts({ field: "profile", old: "not json", new: "{}" }),
    ["profile: not json → {}"],
    "unreadable JSON is shown as it is",
  );
});

test("a profile value holding a role's id reads as the role's name, each side named by its own sync", () => {
  const roles = (names: Record<string, string>): ChangeLookup => ({ ...lookup, roleName: (id) => names[id] });
  const lookups = {
    old: roles({ "a120cd9f-1da9": "Deployers (old name)" }),
    new: roles({ "a120cd9f-1da9": "Platform Engineer" }),
  };
  const change = {
    field: "profile",
    old: JSON.stringify({ role: "User" }),
    new: JSON.stringify({ role: "a120cd9f-1da9" }),
  };
  assert.deepEqual(fieldChangeTexts(change, lookups), ["role: User → Platform Engineer"]);
  assert.deepEqual(fieldChangeTexts({ field: "profile", old: change.new, new: change.old }, lookups), [
    "role: Deployers (old name) → User",
  ]);
  assert.deepEqual(fieldChangeTexts(change), ["role: User → a120cd9f-1da9"], "without the syncs, the id as it is");
});
