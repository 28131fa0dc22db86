/**
 * @module
 * `campaign verify`: for each item decided "revoke", is the access gone in a newer sync of its
 * app? A revoke means the grant is gone: an item on an entitlement is done when the account no
 * longer holds it (directly or through a group) or is gone; an item on the account itself
 * (dormant, pending invite, orphan…) is done when the account is gone, or is disabled or
 * deleted and holds nothing. An account disabled or deleted that still holds the entitlement
 * (or, for an item on the account, anything) is "disabled-with-grant", apart from both: the
 * product may stop it signing in, but the grant is still there, and comes back with the
 * account. A revocation whose app no newer file was given for is "unchecked": not shown to be
 * done.
 */
import { C1zReader, ConfigError, parseResourceKey, type C1zReaderOptions, type SyncRun } from "../core/index.ts";
import { AccessResolver, isPendingInvite, statusLabel, userFacts } from "../review/index.ts";
import { currentDecisions } from "./decisions.ts";
import type { Campaign, CampaignItem, DecisionEntry } from "./format.ts";
import { sha256File } from "./store.ts";
import { wholeSync } from "./whole-sync.ts";

export const VERIFY_STATES = ["done", "outstanding", "disabled-with-grant", "unchecked"] as const;
export type VerifyState = (typeof VERIFY_STATES)[number];

export interface VerifiedItem {
  item: CampaignItem;
  decision: DecisionEntry;
  state: VerifyState;
  /** What the newer sync shows, in words: "no longer holds Admin role", "still enabled". */
  detail: string;
}

export interface VerifySync {
  app: string;
  file: string;
  sha256: string;
  syncId: string;
  syncEndedAt: string;
}

export interface Verification {
  campaignId: string;
  /** The newer syncs checked against. */
  syncs: VerifySync[];
  items: VerifiedItem[];
  counts: Record<VerifyState, number>;
}

export interface VerifyOptions {
  inputs: ReadonlyArray<{ app: string; file: string }>;
  read?: Pick<C1zReaderOptions, "maxDecodedBytes">;
}

export async function verifyCampaign(campaign: Campaign, options: VerifyOptions): Promise<Verification> {
  const current = currentDecisions(campaign);
  const revokes = campaign.items.flatMap((item) => {
    const decision = current.get(item.id);
    return decision?.decision === "revoke" ? [{ item, decision }] : [];
  });
  const apps = campaign.syncs.map((sync) => sync.app);
  const results = new Map<string, VerifiedItem>();
  const syncs: VerifySync[] = [];
  for (const { app, file } of options.inputs) {
    const source = campaign.syncs.find((sync) => sync.app === app);
    if (!source) {
      throw new ConfigError(`${file} is the app "${app}", which the campaign does not review`, {
        setting: "app",
        hint: `the campaign's apps are ${apps.join(", ")}; name the file's app with --app`,
      });
    }
    const sha256 = sha256File(file);
    const reader = await C1zReader.open(file, options.read ?? {});
    try {
      const sync = wholeSync(reader, "verify");
      checkNewer(file, sync, source);
      syncs.push({ app, file, sha256, syncId: sync.id, syncEndedAt: (sync.endedAt ?? sync.startedAt).toISOString() });
      const resolver = new AccessResolver(reader, sync.id);
      for (const revoke of revokes.filter(({ item }) => item.app === app)) {
        results.set(revoke.item.id, { ...revoke, ...checkItem(reader, sync, resolver, revoke.item) });
      }
    } finally {
      reader.close();
    }
  }
  const items = revokes.map(
    (revoke) =>
      results.get(revoke.item.id) ?? {
        ...revoke,
        state: "unchecked" as const,
        detail: `no newer sync of ${revoke.item.app} was given`,
      },
  );
  const counts: Record<VerifyState, number> = { done: 0, outstanding: 0, "disabled-with-grant": 0, unchecked: 0 };
  for (const item of items) counts[item.state]++;
  return { campaignId: campaign.id, syncs, items, counts };
}

/** Verifying against the reviewed sync itself, or an older one, would prove nothing. */
function checkNewer(file: string, sync: SyncRun, source: Campaign["syncs"][number]): void {
  if (sync.id === source.syncId) {
    throw new ConfigError(`${file}: its sync ${sync.id} is the one the campaign reviewed, not a newer one`, {
      setting: "file",
      hint: "sync the app again after the revocations, then verify against that file",
    });
  }
  if ((sync.endedAt ?? sync.startedAt).getTime() < Date.parse(source.syncEndedAt)) {
    throw new ConfigError(
      `${file}: its sync ${sync.id} is older than the one the campaign reviewed (${source.syncId})`,
      {
        setting: "file",
        hint: "verify against a sync made after the campaign's",
      },
    );
  }
}

function checkItem(
  reader: C1zReader,
  sync: SyncRun,
  resolver: AccessResolver,
  item: CampaignItem,
): Pick<VerifiedItem, "state" | "detail"> {
  const id = parseResourceKey(item.account.key);
  const resource = id && reader.getResource(sync.id, id);
  const facts = resource ? userFacts(resource) : undefined;
  if (!resource || !facts) return { state: "done", detail: "the account is gone" };
  const off = !isPendingInvite(resource) && facts.status !== "enabled" && facts.status !== "unspecified";
  const access = resolver.accessOf(resource.id).entries;
  if (item.entitlement) {
    const entitlement = item.entitlement;
    const held = access.find((entry) => entry.entitlementId === entitlement.id);
    if (!held) return { state: "done", detail: `no longer holds ${entitlement.name}` };
    const how = held.direct ? "directly" : `through ${held.via.map((path) => path.join(" → ")).join(" and ")}`;
    if (off)
      return {
        state: "disabled-with-grant",
        detail: `account ${statusLabel(facts)}, grant still present: holds ${entitlement.name}, ${how}`,
      };
    return { state: "outstanding", detail: `still holds ${entitlement.name}, ${how}` };
  }
  if (isPendingInvite(resource)) return { state: "outstanding", detail: "still a pending invite" };
  if (!off) return { state: "outstanding", detail: `still ${statusLabel(facts)}` };
  if (access.length === 0) return { state: "done", detail: `now ${statusLabel(facts)}, holding nothing` };
  return {
    state: "disabled-with-grant",
    detail: `account ${statusLabel(facts)}, grant still present: holds ${heldText(access)}`,
  };
}

/** "Admin role and Engineering member", or "Admin role and 3 more". */
function heldText(access: ReadonlyArray<{ entitlementName: string }>): string {
  const names = [...new Set(access.map((entry) => entry.entitlementName))];
  return names.length <= 2 ? names.join(" and ") : `${names[0]} and ${names.length - 1} more`;
}
