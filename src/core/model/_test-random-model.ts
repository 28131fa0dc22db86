/**
 * @module
 * Seeded random model objects for property tests of the encoders: every optional field
 * present or absent, strings from empty to past 128 bytes (a length varint of two bytes) with
 * non-ASCII text and lone surrogates, JSON with integer-like keys, negative and fractional
 * numbers, dates before 1970 and with milliseconds. The same seed gives the same objects.
 */
import type {
  Entitlement,
  Grant,
  GrantExpandable,
  JsonObject,
  JsonValue,
  OpaqueAnnotation,
  Resource,
  ResourceType,
  Trait,
  UserTrait,
} from "./types.ts";
import { seededRandom } from "../../testkit/random.ts";

const TRAITS: Trait[] = ["user", "group", "role", "app", "secret", "agent"];
const PIECES = ["a", "Zoë", "東京", "🙂", "\ud800", "-", " ", "0", "x".repeat(40), "é", "\u0000", "user@example.com"];
const KEYS = ["a", "b", "Name", "0", "7", "10", "2147483648", "-1", "01", "", "é", "_z"];

export class RandomModel {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  int(below: number): number {
    return Math.floor(this.#next() * below);
  }

  chance(p = 0.5): boolean {
    return this.#next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  maybe<T>(make: () => T): T | undefined {
    return this.chance() ? make() : undefined;
  }

  list<T>(make: () => T, max = 3): T[] {
    return Array.from({ length: this.int(max + 1) }, make);
  }

  string(): string {
    if (this.chance(0.15)) return "";
    const parts = this.int(this.chance(0.1) ? 12 : 4) + 1;
    let text = "";
    for (let i = 0; i < parts; i++)
      text += this.chance(0.7) ? `${this.pick(["u", "g", "r"])}${this.int(100_000)}` : this.pick(PIECES);
    return text;
  }

  date(): Date {
    const ms = this.pick([0, 999, 1000, -1, -1500, 1_700_000_000_123, 253_402_300_799_000]);
    return new Date(this.chance(0.5) ? ms : Math.floor((this.#next() - 0.3) * 4e12));
  }

  json(depth = 0): JsonObject {
    const object: JsonObject = {};
    for (let i = this.int(5); i > 0; i--)
      object[this.chance(0.5) ? this.pick(KEYS) : this.string()] = this.jsonValue(depth + 1);
    return object;
  }

  jsonValue(depth: number): JsonValue {
    switch (this.int(depth > 2 ? 4 : 6)) {
      case 0:
        return null;
      case 1:
        return this.pick([0, -0, 1, -1, 0.5, 1e300, -123456.789, 2 ** 53, this.int(1000)]);
      case 2:
        return this.string();
      case 3:
        return this.chance();
      case 4:
        return this.list(() => this.jsonValue(depth + 1));
      default:
        return this.json(depth);
    }
  }

  opaque(): OpaqueAnnotation[] | undefined {
    return this.maybe(() =>
      this.list(() => ({
        typeUrl: this.chance(0.9) ? `type.googleapis.com/x.y.${this.string()}` : "",
        value: Uint8Array.from(this.list(() => this.int(256), this.chance(0.2) ? 200 : 5)),
      })),
    );
  }

  resourceType(): ResourceType {
    const rt: ResourceType = {
      id: this.string(),
      displayName: this.string(),
      traits: this.list(() => this.pick(TRAITS)),
    };
    if (this.chance()) rt.description = this.string();
    if (this.chance(0.3)) rt.skipEntitlements = this.chance();
    if (this.chance(0.3)) rt.skipGrants = this.chance();
    const other = this.opaque();
    if (other) rt.otherAnnotations = other;
    return rt;
  }

  userTrait(): UserTrait {
    const user: UserTrait = {
      emails: this.list(() => ({ address: this.string(), primary: this.chance() })),
      status: this.pick(["unspecified", "enabled", "disabled", "deleted"] as const),
      accountType: this.pick(["unspecified", "human", "service", "system"] as const),
    };
    const set = <K extends keyof UserTrait>(key: K, make: () => UserTrait[K]): void => {
      if (this.chance()) user[key] = make();
    };
    set("statusDetails", () => this.string());
    set("login", () => this.string());
    set("loginAliases", () => this.list(() => this.string()));
    set("profile", () => this.json());
    set("createdAt", () => this.date());
    set("lastLogin", () => this.date());
    set("mfaEnabled", () => this.chance());
    set("ssoEnabled", () => this.chance());
    set("structuredName", () => {
      const name: NonNullable<UserTrait["structuredName"]> = {};
      if (this.chance()) name.givenName = this.string();
      if (this.chance()) name.familyName = this.string();
      if (this.chance()) name.middleNames = this.list(() => this.string());
      if (this.chance()) name.prefix = this.string();
      if (this.chance()) name.suffix = this.string();
      return name;
    });
    set("employeeIds", () => this.list(() => this.string()));
    return user;
  }

  resourceId() {
    return { resourceType: this.string(), resource: this.string() };
  }

  resource(): Resource {
    const resource: Resource = { id: this.resourceId(), displayName: this.string() };
    if (this.chance(0.3)) resource.parentId = this.resourceId();
    if (this.chance(0.3)) resource.description = this.string();
    if (this.chance(0.5)) resource.user = this.userTrait();
    if (this.chance(0.3)) resource.group = this.chance() ? { profile: this.json() } : {};
    if (this.chance(0.3)) resource.role = this.chance() ? { profile: this.json() } : {};
    if (this.chance(0.2)) resource.childResourceTypes = this.list(() => this.string());
    if (this.chance(0.2)) resource.externalLink = this.string();
    if (this.chance(0.4)) resource.profile = this.json();
    if (this.chance(0.4)) {
      resource.status = { status: this.pick(["unspecified", "enabled", "disabled", "deleted"] as const) };
      if (this.chance()) resource.status.details = this.string();
    }
    if (this.chance(0.3)) resource.createdAt = this.date();
    const other = this.opaque();
    if (other) resource.otherAnnotations = other;
    return resource;
  }

  immutable(): { sourceId?: string; metadata?: JsonObject } {
    const value: { sourceId?: string; metadata?: JsonObject } = {};
    if (this.chance()) value.sourceId = this.string();
    if (this.chance()) value.metadata = this.json();
    return value;
  }

  entitlement(): Entitlement {
    const entitlement: Entitlement = {
      id: this.string(),
      resource: this.resource(),
      displayName: this.string(),
      slug: this.string(),
      purpose: this.pick(["unspecified", "assignment", "permission", "ownership"] as const),
      grantableTo: this.list(() => this.resourceType()),
    };
    if (this.chance()) entitlement.description = this.string();
    if (this.chance(0.3)) entitlement.immutable = this.immutable();
    const other = this.opaque();
    if (other) entitlement.otherAnnotations = other;
    return entitlement;
  }

  expandable(): GrantExpandable {
    return {
      entitlementIds: this.list(() => this.string()),
      shallow: this.chance(),
      resourceTypeIds: this.list(() => this.string()),
    };
  }

  grant(): Grant {
    const grant: Grant = {
      id: this.string(),
      entitlement: { id: this.string(), resource: this.resource() },
      principal: this.resource(),
    };
    if (this.chance(0.3)) grant.expandable = this.expandable();
    if (this.chance(0.3)) grant.immutable = this.immutable();
    if (this.chance(0.2)) grant.metadata = this.json();
    if (this.chance(0.3)) {
      const sources: Record<string, { isDirect: boolean }> = {};
      for (let i = this.int(4); i > 0; i--)
        sources[this.chance(0.3) ? this.pick(KEYS) : this.string()] = { isDirect: this.chance() };
      grant.sources = sources;
    }
    const other = this.opaque();
    if (other) grant.otherAnnotations = other;
    return grant;
  }
}
