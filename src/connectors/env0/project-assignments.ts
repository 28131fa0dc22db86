/**
 * @module
 * A project's role assignments, read once for both of its phases. A project's entitlements need
 * its assignments (a role id `/roles` does not know gets an entitlement of its own), and so do
 * its grants, which the engine asks for after every project's entitlements. Keeping what the
 * entitlements phase read halves the requests: two per project instead of four.
 *
 * What is kept is bounded; past the bound, and in a resumed sync (whose entitlements ran in
 * another process), a project's grants read its assignments again.
 */
import type { Env0Api, Env0ProjectTeamAssignment, Env0ProjectUserAssignment } from "./client.ts";

/** Assignments held at most (about 100 bytes each): every project of a large organization, a bound for a huge one. */
export const HELD_ASSIGNMENTS = 100_000;

export interface ProjectAssignments {
  users: Env0ProjectUserAssignment[];
  teams: Env0ProjectTeamAssignment[];
}

type AssignmentsApi = Pick<Env0Api, "listProjectUserAssignments" | "listProjectTeamAssignments">;

export class ProjectAssignmentsLookup {
  readonly #client: AssignmentsApi;
  readonly #limit: number;
  readonly #held = new Map<string, ProjectAssignments>();
  #heldCount = 0;

  constructor(client: AssignmentsApi, limit = HELD_ASSIGNMENTS) {
    this.#client = client;
    this.#limit = limit;
  }

  /**
   * Reads a project's assignments and keeps them for its grants while room remains. The engine
   * takes grants in the order it listed entitlements, so the projects kept are the first asked.
   */
  async read(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const assignments = await this.#fetch(projectId, signal);
    this.#forget(projectId);
    const size = assignments.users.length + assignments.teams.length;
    if (this.#heldCount + size <= this.#limit) {
      this.#held.set(projectId, assignments);
      this.#heldCount += size;
    }
    return assignments;
  }

  /** The assignments `read` kept (given up, as grants are asked once), else read again. */
  take(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const held = this.#held.get(projectId);
    if (!held) return this.#fetch(projectId, signal);
    this.#forget(projectId);
    return Promise.resolve(held);
  }

  async #fetch(projectId: string, signal: AbortSignal): Promise<ProjectAssignments> {
    const [users, teams] = await Promise.all([
      this.#client.listProjectUserAssignments(signal, projectId),
      this.#client.listProjectTeamAssignments(signal, projectId),
    ]);
    return { users, teams };
  }

  #forget(projectId: string): void {
    const held = this.#held.get(projectId);
    if (!held) return;
    this.#held.delete(projectId);
    this.#heldCount -= held.users.length + held.teams.length;
  }
}
