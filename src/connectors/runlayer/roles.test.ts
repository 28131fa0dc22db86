import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { PRIVILEGED_KEY, privilegeOf } from "../../core/index.ts";
import { roleEntitlement, toRoleGrants, toRoleResource } from "./roles.ts";

const securityAdmin = toRoleResource({
  id: "6f1c…",
  key: "security_admin",
  name: "Security Admin",
  description: "Reviews policies",
  capabilities: ["users:read"],
  scope: "organization",
});
const serverAdmin = toRoleResource({ key: "server_admin", name: "Server Admin", scope: "server" });

describe("Runlayer role mappers", () => {
  it("maps a role by its key, keeping scope and capabilities in the profile", () => {
    assert.deepEqual(securityAdmin.id, { resourceType: "role", resource: "security_admin" });
    assert.equal(securityAdmin.displayName, "Security Admin");
    assert.equal(securityAdmin.description, "Reviews policies");
    assert.deepEqual(securityAdmin.role?.profile, {
      key: "security_admin",
      scope: "organization",
      capabilities: ["users:read"],
      [PRIVILEGED_KEY]: true,
    });
    assert.deepEqual(toRoleResource({ id: "helpdesk" }).id.resource, "helpdesk", "the key may come as id");
    assert.equal(toRoleResource({ id: "helpdesk" }).displayName, "helpdesk");
  });

  it("marks the documented admin roles admin-grade, the other documented roles not, a new key neither", () => {
    const keys = [
      "super_admin",
      "security_admin",
      "it_admin",
      "analytics_admin",
      "server_admin",
      "developer",
      "helpdesk",
      "user",
      "billing_admin",
    ];
    assert.deepEqual(
      keys.map((key) => privilegeOf(toRoleResource({ key, name: key }))),
      [true, true, true, true, true, false, false, false, undefined],
    );
  });

  it("offers one assigned entitlement, grantable to users", () => {
    const entitlement = roleEntitlement(serverAdmin);
    assert.equal(entitlement.id, "role:server_admin:assigned");
    assert.equal(entitlement.displayName, "Server Admin role");
    assert.deepEqual(
      entitlement.grantableTo.map((type) => type.id),
      ["user"],
    );
    assert.match(entitlement.description ?? "", /MCP servers/);
  });

  it("grants each holder once, with a Server Admin's servers in the metadata", () => {
    const grants = toRoleGrants(serverAdmin, [
      { user_id: "u1", role: "server_admin", scope_type: "server", scope_id: "srv-b" },
      { user_id: "u2", role: "server_admin", scope_type: "server", scope_id: "srv-a" },
      { user_id: "u1", role: "server_admin", scope_type: "server", scope_id: "srv-a" },
    ]);
    assert.deepEqual(
      grants.map((grant) => [grant.id, grant.metadata]),
      [
        ["role:server_admin:assigned:user:u1", { scope_type: "server", server_ids: ["srv-a", "srv-b"] }],
        ["role:server_admin:assigned:user:u2", { scope_type: "server", server_ids: ["srv-a"] }],
      ],
    );
  });

  it("skips assignments of other roles, so an ignored role filter cannot misattribute grants", () => {
    const grants = toRoleGrants(securityAdmin, [
      { user_id: "u1", role: "security_admin", scope_type: "organization", scope_id: null },
      { user_id: "u2", role: "developer", scope_type: "organization", scope_id: null },
      { user_id: "u1", role: "security_admin" },
    ]);
    assert.deepEqual(
      grants.map((grant) => grant.id),
      ["role:security_admin:assigned:user:u1"],
    );
    assert.equal(grants[0]?.metadata, undefined);
    assert.deepEqual(grants[0]?.principal.id, { resourceType: "user", resource: "u1" });
  });
});
