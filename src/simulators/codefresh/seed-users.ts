/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a Codefresh user for a roster person,
 * an API key, a team.
 */

import type { Person, Random } from "../_kit/index.ts";
import type { CodefreshLogin, CodefreshTeam, CodefreshUser, CodefreshUserStatus } from "./tenant-types.ts";

/** The product name the shared roster knows this simulator by. */
export const PRODUCT = "codefresh";
export const COMPANY = "Acme Corp";

/**
 * The identity providers people sign in with. Ids are fixed so that every user of one provider
 * points at the same provider, as in a real account. `local` is username and password.
 */
const IDPS: readonly (Omit<CodefreshLogin, "idpId"> & { id: string })[] = [
  { id: "5c6d1f2e8a4b3c0012a1b001", clientType: "local", sso: false },
  { id: "5c6d1f2e8a4b3c0012a1b002", clientType: "github", sso: false },
  { id: "5c6d1f2e8a4b3c0012a1b003", clientType: "google", sso: false },
  { id: "5c6d1f2e8a4b3c0012a1b004", clientType: "okta", sso: true },
];
const COUNTRIES = ["US", "DE", "GB", "FR", "IN", "BR", "JP", "AU", "CA", "SE", "PL", "NG"];
const INVITED_FROM = new Date(Date.UTC(2024, 0, 1));
const INVITED_TO = new Date(Date.UTC(2025, 0, 1));

/**
 * Codefresh API keys are a 24-hex key id, a dot and a 32-hex secret.
 * ASSUMPTION: the shape is as seen in Codefresh's own examples; the connector never parses it.
 */
export function newApiKey(rng: Random): string {
  return `${rng.objectId()}.${rng.hex(32)}`;
}

/**
 * ASSUMPTION: the sheet says only that `inviteUrl` is present on pending users and is a secret; the
 * simulator makes it look like a one-time signup link with a long random token.
 */
function inviteUrl(rng: Random): string {
  return `https://g.codefresh.io/signup/invite?token=${rng.hex(48)}`;
}

export function newUser(rng: Random, person: Person, status: CodefreshUserStatus, activeAccountName: string): CodefreshUser {
  const pending = status === "pending";
  const idp = rng.pick(IDPS);
  const registerDate = pending ? rng.dateBetween(INVITED_FROM, INVITED_TO).toISOString() : person.hiredAt;
  return {
    id: rng.objectId(new Date(registerDate)),
    // ASSUMPTION: an invitee who never signed in has their email as user name.
    userName: pending ? person.email : person.username,
    email: person.email,
    status,
    roles: ["User"],
    ...(pending ? {} : { personal: { firstName: person.firstName, lastName: person.lastName, companyName: COMPANY, country: rng.pick(COUNTRIES) } }),
    registerDate,
    logins: pending ? [] : [{ idpId: idp.id, clientType: idp.clientType, sso: idp.sso }],
    hasPassword: !pending && idp.clientType === "local",
    ...(pending ? { inviteUrl: inviteUrl(rng) } : {}),
    activeAccountName,
    personKey: person.key,
  };
}

/** An invitee accepting: they sign in once, get a profile, and the invite link stops being theirs. */
export function acceptInvite(rng: Random, user: CodefreshUser, person: Person): void {
  const idp = rng.pick(IDPS);
  user.status = "new";
  user.userName = person.username;
  user.personal = { firstName: person.firstName, lastName: person.lastName, companyName: COMPANY, country: rng.pick(COUNTRIES) };
  user.logins = [{ idpId: idp.id, clientType: idp.clientType, sso: idp.sso }];
  user.hasPassword = idp.clientType === "local";
  delete user.inviteUrl;
}

/** Every account has built-in `users` (everyone) and `admins` (type `admin`) teams (codefresh.md). */
export function builtInTeams(rng: Random, accountId: string, memberIds: readonly string[], adminIds: readonly string[]): CodefreshTeam[] {
  const members = new Set(memberIds);
  return [
    { id: rng.objectId(), name: "users", type: "default", accountId, tags: [], userIds: [...memberIds] },
    { id: rng.objectId(), name: "admins", type: "admin", accountId, tags: [], userIds: adminIds.filter((id) => members.has(id)) },
  ];
}
