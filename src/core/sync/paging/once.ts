/**
 * @module
 * A value loaded once for a connector's life (one sync), shared by every caller: an unpaged
 * list several syncers read, the account a sync is about. A failed load is forgotten, so the
 * next caller tries again instead of meeting the same error forever.
 */
export class Once<T> {
  #pending: Promise<T> | undefined;

  /** The value, loading it with `load` when no load has succeeded or is under way. */
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
