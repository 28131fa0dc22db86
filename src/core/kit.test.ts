import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as host from "./index.ts";
import * as kit from "./kit.ts";

describe("the connector kit", () => {
  it("hands out the host's own bindings, not copies", () => {
    for (const [name, value] of Object.entries(kit)) {
      assert.ok(name in host, `${name} is in the kit but not in the host entry`);
      assert.equal((host as Record<string, unknown>)[name], value, name);
    }
  });

  it("holds no store, engine loop, codec, service mode or exit code", () => {
    const hostOnly = [
      "C1zReader",
      "C1zWriter",
      "runEngine",
      "syncToFile",
      "expandGrants",
      "encodeResource",
      "decodeGrant",
      "capabilitiesJson",
      "runServiceMode",
      "createLogger",
      "settingsSchema",
      "resolveSettings",
      "EXIT_CODES",
      "C1zFileError",
      "LocalFileError",
    ];
    for (const name of hostOnly) {
      assert.ok(name in host, `${name} is still in the host entry`);
      assert.ok(!(name in kit), `${name} is for the host, not for connectors`);
    }
  });
});
