/**
 * @module
 * The account a sync reads, fetched once and shared by the syncers: the active account (from
 * `GET /user`), its members and its teams. Codefresh has no paging on these lists and no per-item
 * endpoint (shared/apis/codefresh.md), so each list is one request whose compact records (see
 * records.ts) stay for the rest of the sync: the user listing pages through the members, and role
 * grants need them again. That is one bounded cache per response, a few hundred bytes per member
 * (20,000 members ≈ a few MB), and it goes with the connector when the sync ends.
 */
import { ApiError, type SyncContext } from "../../core/index.ts";
import { CURRENT_USER_PATH, type CodefreshApi } from "./client.ts";
import { pickActiveAccount, type ActiveAccount, type MemberRecord, type TeamRecord } from "./records.ts";

export interface MemberList {
  /** In the API's order, without duplicates. */
  readonly all: readonly MemberRecord[];
  has(userId: string): boolean;
}

/** What the syncers read. Narrow on purpose: a test can hand them plain data. */
export interface AccountSource {
  account(ctx: SyncContext): Promise<ActiveAccount>;
  members(ctx: SyncContext): Promise<MemberList>;
  /** Teams, each with only members of the account. */
  teams(ctx: SyncContext): Promise<readonly TeamRecord[]>;
  team(ctx: SyncContext, teamId: string): Promise<TeamRecord | undefined>;
}

/** A value loaded once; a failed load is forgotten, so the next caller tries again. */
class Once<T> {
  #pending: Promise<T> | undefined;

  get(load: () => Promise<T>): Promise<T> {
    if (this.#pending === undefined) {
      const pending = load();
      this.#pending = pending;
      pending.catch(() => {
        if (this.#pending === pending) this.#pending = undefined;
      });
    }
    return this.#pending;
  }
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
      const user = await this.#api.currentUser(ctx.signal);
      const account = pickActiveAccount(user);
      if (account) return account;
      const name = typeof user.activeAccountName === "string" && user.activeAccountName !== "" ? `"${user.activeAccountName}"` : "(none)";
      const listed = (Array.isArray(user.account) ? user.account : []).map((entry) => entry?.name).filter((entry) => typeof entry === "string");
      throw new ApiError("not-found", `the API key's active account ${name} is not among the accounts GET ${CURRENT_USER_PATH} lists for its user (${listed.length > 0 ? listed.join(", ") : "none"})`, {
        endpoint: `GET ${CURRENT_USER_PATH}`,
        status: 200,
        hint: "a Codefresh key acts on the account that was active when it was created: switch to the account to sync in Codefresh, create a new key under User Settings → API Keys, and sync with it",
      });
    });
  }

  members(ctx: SyncContext): Promise<MemberList> {
    return this.#members.get(async () => {
      const account = await this.account(ctx);
      const records = await this.#api.accountMembers(account.id, ctx.signal);
      const ids = new Set<string>();
      const all: MemberRecord[] = [];
      for (const record of records) {
        if (ids.has(record.id)) continue;
        ids.add(record.id);
        all.push(record);
      }
      if (all.length < records.length) ctx.logger.warn("Codefresh listed some members twice; each is synced once", { account: account.name, repeated: records.length - all.length });
      // Decision: an admins entry that is not a member gets no grant. Its holder cannot use the
      // account (no membership), the file would hold a grant to a user it does not contain, and
      // Codefresh's Terraform provider likewise reports as admins only members found in the list.
      const stale = [...account.admins].filter((id) => !ids.has(id));
      if (stale.length > 0) {
        ctx.logger.warn("the account's admins list names users who are not members; they get no admin grant", { account: account.name, count: stale.length, sample: stale.slice(0, SAMPLE_IDS) });
      }
      ctx.logger.debug("loaded account members", { account: account.name, members: all.length, admins: account.admins.size - stale.length });
      return { all, has: (userId: string) => ids.has(userId) };
    });
  }

  async teams(ctx: SyncContext): Promise<readonly TeamRecord[]> {
    return (await this.#loadTeams(ctx)).list;
  }

  async team(ctx: SyncContext, teamId: string): Promise<TeamRecord | undefined> {
    return (await this.#loadTeams(ctx)).byId.get(teamId);
  }

  #loadTeams(ctx: SyncContext): Promise<{ list: TeamRecord[]; byId: Map<string, TeamRecord> }> {
    return this.#teams.get(async () => {
      const [members, records] = await Promise.all([this.members(ctx), this.#api.teams(ctx.signal)]);
      const list = records.map((team) => {
        // A team lists its members; one that is not (or no longer) an account member would be a
        // grant to nobody the file knows, so it is left out and said so.
        const memberIds = [...new Set(team.memberIds)].filter((id) => members.has(id));
        const outside = team.memberIds.filter((id) => !members.has(id)).length;
        if (outside > 0) ctx.logger.warn("a team lists users who are not account members; they get no team grant", { team: team.name, count: outside });
        return { ...team, memberIds };
      });
      return { list, byId: new Map(list.map((team) => [team.id, team])) };
    });
  }
}
