/**
 * @module
 * The account a sync reads, fetched once and shared by the syncers: the active account (from
 * `GET /user`), its members and service accounts, and its teams. Codefresh has no paging on these
 * lists and no per-item endpoint (shared/apis/codefresh.md), so each list is one request whose
 * compact records (client.ts) stay for the rest of the sync: the user listing pages through the
 * members, and role grants need them again. That is one bounded cache per response, a few hundred bytes per member
 * (20,000 members ≈ a few MB), and it goes with the connector when the sync ends.
 */
import { ApiError, Once, type SyncContext } from "../../core/kit.ts";
import {
  CURRENT_USER_PATH,
  nonEmptyText,
  SERVICE_USERS_PATH,
  type ApiAccount,
  type ApiCurrentUser,
  type CodefreshApi,
  type MemberRecord,
  type TeamRecord,
} from "./client.ts";

/** The account the key acts on. */
export interface ActiveAccount {
  id: string;
  name: string;
  admins: ReadonlySet<string>;
  /**
   * The key's own user (`GET /user` `_id`, the id `GET /accounts/{id}/users` lists members by:
   * terraform-provider-codefresh `codefresh/cfclient/user.go` `User.ID`, and
   * `current_account.go`, which reads members' `_id` for the same account). A member of the
   * account, or one of its service accounts when the key is a service account's.
   */
  userId?: string;
}

/** The id of an account entry, from `id` or `_id`, whichever is present. */
export function accountIdOf(account: ApiAccount): string | undefined {
  return nonEmptyText(account.id) ?? nonEmptyText(account._id);
}

/**
 * The entry of `user.account` named by `user.activeAccountName`, as the Terraform provider picks
 * it; undefined when there is no active name or no entry of that name (a deleted account, a key
 * of a user removed from it).
 */
export function pickActiveAccount(user: ApiCurrentUser): ActiveAccount | undefined {
  const name = nonEmptyText(user.activeAccountName);
  if (name === undefined) return undefined;
  const entry = (Array.isArray(user.account) ? user.account : []).find(
    (account) => account !== null && typeof account === "object" && account.name === name,
  );
  const id = entry && accountIdOf(entry);
  if (!entry || id === undefined) return undefined;
  const admins = Array.isArray(entry.admins)
    ? entry.admins.filter((admin): admin is string => typeof admin === "string")
    : [];
  const userId = nonEmptyText(user._id);
  return { id, name, admins: new Set(admins), ...(userId === undefined ? {} : { userId }) };
}

export interface MemberList {
  /** The members in the API's order, then the service accounts in theirs; without duplicates. */
  readonly all: readonly MemberRecord[];
  has(userId: string): boolean;
}

/** What the syncers read. Narrow on purpose: a test can hand them plain data. */
export interface AccountSource {
  account(ctx: SyncContext): Promise<ActiveAccount>;
  members(ctx: SyncContext): Promise<MemberList>;
  /** Teams, each with only members (people or service accounts) of the account. */
  teams(ctx: SyncContext): Promise<readonly TeamRecord[]>;
  team(ctx: SyncContext, teamId: string): Promise<TeamRecord | undefined>;
}

const SAMPLE_IDS = 5;

export class AccountDirectory implements AccountSource {
  readonly #api: CodefreshApi;
  readonly #account = new Once<ActiveAccount>();
  readonly #members = new Once<MemberList>();
  readonly #teams = new Once<{ list: TeamRecord[]; byId: Map<string, TeamRecord> }>();

  constructor(api: CodefreshApi) {
    this.#api = api;
  }

  account(ctx: SyncContext): Promise<ActiveAccount> {
    return this.#account.get(async () => {
      const user = await this.#api.getCurrentUser({ signal: ctx.signal });
      const account = pickActiveAccount(user);
      if (account) return account;
      const name =
        typeof user.activeAccountName === "string" && user.activeAccountName !== ""
          ? `"${user.activeAccountName}"`
          : "(none)";
      const listed = (Array.isArray(user.account) ? user.account : [])
        .map((entry) => entry?.name)
        .filter((entry) => typeof entry === "string");
      throw new ApiError(
        "not-found",
        `the API key's active account ${name} is not among the accounts GET ${CURRENT_USER_PATH} lists for its user (${listed.length > 0 ? listed.join(", ") : "none"})`,
        {
          endpoint: `GET ${CURRENT_USER_PATH}`,
          status: 200,
          hint: "a Codefresh key acts on the account that was active when it was created: switch to the account to sync in Codefresh, create a new key under User Settings → API Keys, and sync with it",
        },
      );
    });
  }

  members(ctx: SyncContext): Promise<MemberList> {
    return this.#members.get(async () => {
      const account = await this.account(ctx);
      const [people, robots] = await Promise.all([
        this.#api.listMembers({ accountId: account.id, signal: ctx.signal }),
        this.#serviceUsers(ctx),
      ]);
      const ids = new Set<string>();
      const all: MemberRecord[] = [];
      for (const record of people) {
        if (ids.has(record.id)) continue;
        ids.add(record.id);
        all.push(record);
      }
      if (all.length < people.length)
        ctx.logger.warn("Codefresh listed some members twice; each is synced once", {
          account: account.name,
          repeated: people.length - all.length,
        });
      // Service accounts are not in the member list (GET /service-users is their only listing); one
      // that were would already be synced as that member.
      for (const record of robots) {
        if (ids.has(record.id)) continue;
        ids.add(record.id);
        all.push(record);
      }
      // Decision: an admins entry that is not a member gets no grant. Its holder cannot use the
      // account (no membership), the file would hold a grant to a user it does not contain, and
      // Codefresh's Terraform provider likewise reports as admins only members found in the list.
      const stale = [...account.admins].filter((id) => !ids.has(id));
      if (stale.length > 0) {
        ctx.logger.warn("the account's admins list names users who are not members; they get no admin grant", {
          account: account.name,
          count: stale.length,
          sample: stale.slice(0, SAMPLE_IDS),
        });
      }
      ctx.logger.debug("loaded account members", {
        account: account.name,
        members: all.length - robots.length,
        serviceAccounts: robots.length,
        admins: account.admins.size - stale.length,
      });
      return { all, has: (userId: string) => ids.has(userId) };
    });
  }

  /**
   * The service accounts. A 404 means an installation older than service accounts (the base URL
   * is right: `GET /user` answered under it), which has none; said in a warning. Any other
   * failure fails the sync like the other lists.
   */
  async #serviceUsers(ctx: SyncContext): Promise<MemberRecord[]> {
    try {
      return await this.#api.listServiceUsers({ signal: ctx.signal });
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === "not-found" && error.status === 404)) throw error;
      ctx.logger.warn(
        `this Codefresh installation has no GET ${SERVICE_USERS_PATH} (404): no service accounts are synced`,
        { endpoint: error.endpoint },
      );
      return [];
    }
  }

  async teams(ctx: SyncContext): Promise<readonly TeamRecord[]> {
    return (await this.#loadTeams(ctx)).list;
  }

  async team(ctx: SyncContext, teamId: string): Promise<TeamRecord | undefined> {
    return (await this.#loadTeams(ctx)).byId.get(teamId);
  }

  #loadTeams(ctx: SyncContext): Promise<{ list: TeamRecord[]; byId: Map<string, TeamRecord> }> {
    return this.#teams.get(async () => {
      const [members, records] = await Promise.all([this.members(ctx), this.#api.listTeams({ signal: ctx.signal })]);
      // A service account's teams come with it too; a team's own list may or may not name it.
      const robotsOf = new Map<string, string[]>();
      for (const member of members.all)
        for (const teamId of member.service?.teamIds ?? [])
          robotsOf.set(teamId, [...(robotsOf.get(teamId) ?? []), member.id]);
      const list = records.map((team) => {
        // A team lists its members; one that is neither an account member nor a service account
        // would be a grant to nobody the file knows, so it is left out and said so.
        const listed = [...team.memberIds, ...(robotsOf.get(team.id) ?? [])];
        const memberIds = [...new Set(listed)].filter((id) => members.has(id));
        const outside = team.memberIds.filter((id) => !members.has(id)).length;
        if (outside > 0)
          ctx.logger.warn("a team lists users who are not account members; they get no team grant", {
            team: team.name,
            count: outside,
          });
        return { ...team, memberIds };
      });
      return { list, byId: new Map(list.map((team) => [team.id, team])) };
    });
  }
}
