/**
 * @module
 * Small builders shared by the tenant seed and `mutate()`: a Codefresh user for a roster person,
 * an API key, a team, and the calendar their dates are laid out on.
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
/**
 * The seed lays its calendar out against this fixed day: people registered when the roster says
 * they were hired (2016 up to it), invitations went out in the year before it, accounts were
 * created on fixed days. `onCalendar` then moves every date the API shows by (reference date −
 * anchor), so the anchor lands on the reference date and "invited 3 months ago" stays 3 months
 * before it. Ids keep the fixed calendar (an ObjectId embeds its creation second), so they do not
 * change from day to day; only the dates do.
 */
const CALENDAR_ANCHOR = Date.UTC(2025, 0, 1);
const INVITED_FROM = new Date(Date.UTC(2024, 0, 1));
const INVITED_TO = new Date(CALENDAR_ANCHOR);

/** A moment of the seed's fixed calendar, moved so that the anchor falls on `reference`, as ISO-8601 UTC. */
export function onCalendar(fixed: Date | string, reference: Date): string {
  return new Date(new Date(fixed).getTime() + reference.getTime() - CALENDAR_ANCHOR).toISOString();
}

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

/** `reference`: the tenant's reference date (see `onCalendar`). */
export function newUser(
  rng: Random,
  person: Person,
  status: CodefreshUserStatus,
  activeAccountName: string,
  reference: Date,
): CodefreshUser {
  const pending = status === "pending";
  const idp = rng.pick(IDPS);
  const registered = pending ? rng.dateBetween(INVITED_FROM, INVITED_TO) : new Date(person.hiredAt);
  const registerDate = onCalendar(registered, reference);
  return {
    id: rng.objectId(registered),
    // ASSUMPTION: an invitee who never signed in has their email as user name.
    userName: pending ? person.email : person.username,
    email: person.email,
    status,
    roles: ["User"],
    ...(pending
      ? {}
      : {
          personal: {
            firstName: person.firstName,
            lastName: person.lastName,
            companyName: COMPANY,
            country: rng.pick(COUNTRIES),
          },
        }),
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
  user.personal = {
    firstName: person.firstName,
    lastName: person.lastName,
    companyName: COMPANY,
    country: rng.pick(COUNTRIES),
  };
  user.logins = [{ idpId: idp.id, clientType: idp.clientType, sso: idp.sso }];
  user.hasPassword = idp.clientType === "local";
  delete user.inviteUrl;
}

/** Every account has built-in `users` (everyone) and `admins` (type `admin`) teams (codefresh.md). */
export function builtInTeams(
  rng: Random,
  accountId: string,
  memberIds: readonly string[],
  adminIds: readonly string[],
): CodefreshTeam[] {
  const members = new Set(memberIds);
  return [
    { id: rng.objectId(), name: "users", type: "default", accountId, tags: [], userIds: [...memberIds] },
    {
      id: rng.objectId(),
      name: "admins",
      type: "admin",
      accountId,
      tags: [],
      userIds: adminIds.filter((id) => members.has(id)),
    },
  ];
}
