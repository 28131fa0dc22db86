/**
 * @module
 * Shared by this folder's tests only: temp folders, a sample of every message and trait the
 * store must keep, and a way to look inside a saved c1z.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { TestContext } from "node:test";
import zlib from "node:zlib";
import { isIdsyncError } from "../errors/index.ts";
import {
  defineResourceType,
  newEntitlement,
  newGrant,
  newGroupResource,
  newResource,
  newRoleResource,
  newUserResource,
  type Entitlement,
  type Grant,
  type Resource,
  type ResourceType,
} from "../model/index.ts";
import { C1zWriter, type C1zWriterOptions } from "./writer.ts";

/** A fresh temp folder, removed when the test ends. */
export function tempFolder(t: TestContext): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "idsync-c1z-test-"));
  t.after(() => fs.rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The fixtures from Baton's SDK, kept in test/fixtures/baton-sdk/. */
export { BATON_FIXTURES as FIXTURES, BATON_SYNC_ID as FIXTURE_SYNC_ID } from "../../testkit/baton-fixtures.ts";

export interface SyncContent {
  resourceTypes: ResourceType[];
  resources: Resource[];
  entitlements: Entitlement[];
  grants: Grant[];
}

const etag = { typeUrl: "type.googleapis.com/c1.connector.v2.ETag", value: new Uint8Array([10, 3, 97, 98, 99]) };

/** One of everything the model can say, with every optional field set somewhere. */
export function sampleContent(): SyncContent {
  const userType = defineResourceType({ id: "user", displayName: "User", traits: ["user"], description: "People" });
  const groupType = defineResourceType({ id: "group", displayName: "Group", traits: ["group"], skipGrants: true });
  const roleType = defineResourceType({ id: "role", displayName: "Role", traits: ["role"], skipEntitlements: true });
  const projectType: ResourceType = {
    ...defineResourceType({ id: "project", displayName: "Project", skipEntitlements: true, skipGrants: true }),
    otherAnnotations: [etag],
  };
  const alice = newUserResource(userType, "u-1", "Alice Example", {
    emails: ["alice@example.com", { address: "a.example@example.org", primary: false }],
    status: "disabled",
    statusDetails: "pending invite",
    accountType: "service",
    login: "alice",
    loginAliases: ["al", "ally"],
    profile: { title: "Engineer", level: 3, admin: false, manager: null, tags: ["a", "b"], nested: { z: 1, a: "x" } },
    createdAt: new Date("2021-03-04T05:06:07.089Z"),
    lastLogin: new Date("2024-11-12T13:14:15.160Z"),
    mfaEnabled: true,
    ssoEnabled: false,
    structuredName: { givenName: "Alice", familyName: "Example", middleNames: ["Q", "R"], prefix: "Dr", suffix: "III" },
    employeeIds: ["E-1", "E-2"],
    description: "the first user",
    externalLink: "https://example.com/users/u-1",
  });
  const bob = newUserResource(userType, "u-2", "Bob", { emails: ["bob@example.com"] });
  const admins = newGroupResource(groupType, "g-1", "Admins", {
    profile: { size: 2 },
    childResourceTypes: ["project"],
  });
  const developer = newRoleResource(roleType, "r-1", "Developer", { profile: { scope: "all" } });
  const project: Resource = {
    ...newResource(projectType, "p-1", "Apollo", { parentId: admins.id, status: "enabled", statusDetails: "active" }),
    otherAnnotations: [etag],
  };
  const membership: Entitlement = {
    ...newEntitlement(admins, "member", {
      displayName: "Admins member",
      description: "Members of Admins",
      grantableTo: [userType, groupType],
      purpose: "permission",
    }),
    immutable: { sourceId: "src-1", metadata: { origin: "scim" } },
    otherAnnotations: [etag],
  };
  const assigned = newEntitlement(developer, "assigned", { grantableTo: [userType] });
  const expandable: Grant = {
    ...newGrant(developer, "assigned", admins, {
      expandable: { entitlementIds: [membership.id], shallow: true, resourceTypeIds: ["user"] },
      metadata: { reason: "inherited", weight: 2 },
    }),
    immutable: { sourceId: "idp", metadata: { k: "v" } },
    sources: { [membership.id]: { isDirect: true }, "role:r-0:assigned": { isDirect: false } },
    otherAnnotations: [etag],
  };
  const direct = newGrant(admins, "member", alice);
  const bareId = newGrant(admins, "member", bob.id);
  return {
    resourceTypes: [userType, groupType, roleType, projectType],
    resources: [alice, bob, admins, developer, project],
    entitlements: [membership, assigned],
    grants: [expandable, direct, bareId],
  };
}

/** Writes `content` as one finished full sync and saves; returns the sync id. */
export async function writeSync(target: string, content: SyncContent, options: C1zWriterOptions = {}): Promise<string> {
  const writer = await C1zWriter.open(target, options);
  const syncId = writer.startSync();
  writer.putResourceTypes(content.resourceTypes);
  writer.putResources(content.resources);
  writer.putEntitlements(content.entitlements);
  writer.putGrants(content.grants);
  writer.endSync();
  await writer.save();
  return syncId;
}

/** The database inside a c1z, written to `folder` and opened read-only (whole-file: small test files only). */
export function openInside(c1zPath: string, folder: string): DatabaseSync {
  const bytes = fs.readFileSync(c1zPath);
  const dbPath = path.join(folder, `${path.basename(c1zPath)}.${Date.now()}.inside.db`);
  fs.writeFileSync(dbPath, zlib.zstdDecompressSync(bytes.subarray(5)));
  return new DatabaseSync(dbPath, { readOnly: true });
}

/** A c1z made of `database` bytes (which need not be a database). */
export function packBytes(database: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zlib.zstdCompressSync(database)]);
}

/** Asserts `promise` rejects with an IdsyncError of `kind` whose one line names `file` and matches `problem` (and `hint`, when given). */
export async function rejectsClearly(
  promise: Promise<unknown>,
  file: string,
  kind: string,
  problem: RegExp,
  hint?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isIdsyncError(error), `an IdsyncError, got ${String(error)}`);
    assert.equal(error.kind, kind);
    assert.ok(error.message.startsWith(`${file}: `), error.message);
    assert.match(error.message, problem);
    assert.equal(error.message.includes("\n"), false, "one line");
    if (hint) assert.match(error.hint ?? "", hint);
    return true;
  });
}
