/**
 * A small "directory" HTTP API for the engine tests: organisations with teams under them
 * (child resources), users, groups with members, and roles assigned to groups (expandable) or
 * users. Lists page by an opaque cursor. Responses can be scripted per path (429s, 5xx, hangs,
 * dropped connections, repeated cursors) and slowed down, so tests see real HTTP behaviour.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface DirectoryData {
  orgs: Array<{ id: string; name: string; teams: Array<{ id: string; name: string; members: string[] }> }>;
  users: Array<{ id: string; email: string; name: string; active: boolean }>;
  groups: Array<{ id: string; name: string; members: string[] }>;
  roles: Array<{ id: string; name: string; groups: string[]; users: string[] }>;
}

export function directoryData(users = 25, groups = 4): DirectoryData {
  const data: DirectoryData = { orgs: [], users: [], groups: [], roles: [] };
  for (let i = 0; i < users; i++) {
    data.users.push({ id: `u${i}`, email: `user${i}@example.test`, name: `User ${i}`, active: i % 7 !== 3 });
  }
  for (let g = 0; g < groups; g++) {
    data.groups.push({
      id: `g${g}`,
      name: `Group ${g}`,
      members: data.users.filter((_, i) => i % groups === g).map((u) => u.id),
    });
  }
  data.roles.push({ id: "admin", name: "Admin", groups: ["g0"], users: ["u1"] });
  data.roles.push({ id: "viewer", name: "Viewer", groups: ["g1", "g2"], users: [] });
  for (let o = 0; o < 2; o++) {
    data.orgs.push({
      id: `o${o}`,
      name: `Org ${o}`,
      teams: [0, 1, 2].map((t) => ({
        id: `o${o}t${t}`,
        name: `Team ${o}.${t}`,
        members: [`u${o + t}`, `u${o + t + 5}`],
      })),
    });
  }
  return data;
}

/** What the server does with the next request to a path, instead of answering normally. */
export type Scripted =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { hang: true }
  | { drop: true }
  | { repeatCursor: true };

export interface DirectoryServer {
  origin: string;
  data: DirectoryData;
  apiKey: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  /** Queue scripted answers for the next requests whose path starts with `prefix`. */
  script(prefix: string, ...answers: Scripted[]): void;
  /** Delay every answer by this many ms. */
  latencyMs: number;
  /** Called before every request is answered (after the delay); tests use it to kill a child. */
  onRequest?: (path: string, count: number) => void;
  close(): Promise<void>;
}

const PAGE_SIZE = 4;

function page<T>(items: T[], cursor: string | null, repeat: boolean): { items: T[]; next: string | null } {
  const start = cursor ? Number(cursor.replace("c", "")) : 0;
  const end = start + PAGE_SIZE;
  const next = end < items.length ? `c${end}` : null;
  return { items: items.slice(start, end), next: repeat ? (cursor ?? "c0") : next };
}

export async function startDirectoryServer(
  data = directoryData(),
  apiKey = "dir-key-0123456789",
): Promise<DirectoryServer> {
  const scripts: Array<{ prefix: string; answer: Scripted }> = [];
  const hits = new Map<string, number>();
  let total = 0;
  const hanging = new Set<ServerResponse>();
  const state: DirectoryServer = {
    origin: "",
    data,
    apiKey,
    hits,
    latencyMs: 0,
    script(prefix, ...answers) {
      for (const answer of answers) scripts.push({ prefix, answer });
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    total++;
    state.onRequest?.(path, total);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.headers["x-api-key"] !== apiKey)
      return send(401, { error: `unknown key ${String(req.headers["x-api-key"])}` });
    const scriptIndex = scripts.findIndex((s) => path.startsWith(s.prefix));
    let repeat = false;
    if (scriptIndex >= 0) {
      const { answer } = scripts.splice(scriptIndex, 1)[0]!;
      if ("hang" in answer) return void hanging.add(res);
      if ("drop" in answer) return void res.socket?.destroy();
      if ("repeatCursor" in answer) repeat = true;
      else return send(answer.status, answer.body ?? { error: "scripted" }, answer.headers);
    }
    const cursor = url.searchParams.get("cursor");
    const parts = path.split("/").filter(Boolean);
    if (path === "/me") return send(200, { ok: true });
    if (path === "/orgs")
      return send(
        200,
        page(
          data.orgs.map(({ id, name }) => ({ id, name })),
          cursor,
          repeat,
        ),
      );
    if (parts[0] === "orgs" && parts[2] === "teams") {
      const org = data.orgs.find((o) => o.id === parts[1]);
      return org ? send(200, page(org.teams, cursor, repeat)) : send(404, { error: "no such org" });
    }
    if (path === "/users") return send(200, page(data.users, cursor, repeat));
    if (path === "/groups")
      return send(
        200,
        page(
          data.groups.map(({ id, name }) => ({ id, name })),
          cursor,
          repeat,
        ),
      );
    if (parts[0] === "groups" && parts[2] === "members") {
      const group = data.groups.find((g) => g.id === parts[1]);
      return group ? send(200, page(group.members, cursor, repeat)) : send(404, { error: "no such group" });
    }
    if (path === "/roles")
      return send(
        200,
        page(
          data.roles.map(({ id, name }) => ({ id, name })),
          cursor,
          repeat,
        ),
      );
    if (parts[0] === "roles" && parts[2] === "holders") {
      const role = data.roles.find((r) => r.id === parts[1]);
      if (!role) return send(404, { error: "no such role" });
      const holders = [
        ...role.groups.map((id) => ({ type: "group", id })),
        ...role.users.map((id) => ({ type: "user", id })),
      ];
      return send(200, page(holders, cursor, repeat));
    }
    return send(404, { error: "no route" });
  };

  const server = createServer((req, res) => {
    if (state.latencyMs > 0) setTimeout(() => handle(req, res), state.latencyMs);
    else handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
