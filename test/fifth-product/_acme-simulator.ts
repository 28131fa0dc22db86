/**
 * @module
 * The Acme simulator, written as a new product's `src/simulators/acme/index.ts` would be (the
 * test lints it as if it sat there): a fetch handler over a seeded tenant drawn from the shared
 * roster, put in the kit's pipeline, which adds latency, a rate limit and every fault.
 */
import {
  assembleSimulator,
  createRouter,
  rosterJoiners,
  rosterSlice,
  route,
  type Person,
  type Simulator,
  type SimulatorDefinition,
  type SimulatorOptions,
} from "../../src/simulators/_kit/index.ts";

/** The key that syncs the tenant; any other is refused with 401. */
const ADMIN_KEY = "acme-admin-key-0001";
const KEY_HEADER = "x-acme-key";

interface AcmeTenant {
  people: Person[];
  /** How many of its roster slice the tenant has drawn, leavers included: joiners come after them. */
  drawn: number;
  /** People whose invite is not accepted yet. */
  invited: Set<number>;
  admins: Set<number>;
}

function createTenant(seed: number, users: number): AcmeTenant {
  const people = rosterSlice(seed, "acme", users);
  return {
    people,
    drawn: users,
    invited: new Set(people.filter((_, index) => index % 9 === 4).map((person) => person.key)),
    admins: new Set(people.slice(0, 3).map((person) => person.key)),
  };
}

function createApi(tenant: AcmeTenant) {
  const user = (person: Person) => ({
    id: `u${person.key}`,
    email: person.email,
    name: person.fullName,
    state: tenant.invited.has(person.key) ? "invited" : "active",
  });
  const router = createRouter(
    [
      route("GET", "/me", () => Response.json({ id: `u${tenant.people[0]!.key}` })),
      route("GET", "/users", (_request, { url }) => {
        const skip = Number(url.searchParams.get("skip") ?? 0);
        const limit = Math.min(100, Number(url.searchParams.get("limit") ?? 50));
        return Response.json({ data: tenant.people.slice(skip, skip + limit).map(user), total: tenant.people.length });
      }),
      route("GET", "/roles", () => {
        const holders = (admin: boolean) =>
          tenant.people.filter((person) => tenant.admins.has(person.key) === admin).map((person) => `u${person.key}`);
        return Response.json([
          { id: "admin", name: "Administrator", admin: true, members: holders(true) },
          { id: "member", name: "Member", admin: false, members: holders(false) },
        ]);
      }),
    ],
    {
      notFound: () => Response.json({ error: "not found" }, { status: 404 }),
      methodNotAllowed: () => Response.json({ error: "method not allowed" }, { status: 405 }),
    },
  );
  return (request: Request) =>
    request.headers.get(KEY_HEADER) === ADMIN_KEY
      ? router(request)
      : Promise.resolve(Response.json({ error: "unknown key" }, { status: 401 }));
}

export function createAcmeSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = options.seed ?? 1;
  const tenant = createTenant(seed, options.users ?? 60);
  return assembleSimulator({
    name: "acme",
    options,
    api: createApi(tenant),
    tenant,
    rateLimit: { limit: 50, windowMs: 1000, keyOf: (request) => request.headers.get(KEY_HEADER) ?? "" },
    responses: {
      rateLimited: () => Response.json({ error: "slow down" }, { status: 429, headers: { "retry-after": "1" } }),
    },
    mutate: () => {
      // Two joiners, one leaver, one new admin.
      tenant.people.push(...rosterJoiners(seed, "acme", tenant.drawn, 2));
      tenant.drawn += 2;
      tenant.people.splice(5, 1);
      tenant.admins.add(tenant.people[6]!.key);
    },
    settings: (origin) => ({ "api-key": ADMIN_KEY, "base-url": origin }),
  });
}

export const acmeSimulator: SimulatorDefinition = {
  name: "acme",
  create: createAcmeSimulator,
  reliability: {
    pagedTenant: { users: 60 },
    paging: "users come 25 a page",
    listPath: "/users",
    pagedListPath: "/users",
    refusedKey: (settings) => ({ ...settings, "api-key": "acme-unknown-key-0000" }),
  },
};
