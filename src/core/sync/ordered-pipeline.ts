/**
 * @module
 * Runs the pages of many items concurrently but commits them strictly in item order.
 *
 * Why: the store's row order, the checkpoint and the final file must not depend on which
 * HTTP response happened to arrive first. Items are fetched up to `concurrency` at a time;
 * the head item's pages are committed as they arrive; every item, the head too, may fetch ahead
 * but buffers at most `maxBufferedPages` pages before it waits, so memory stays bounded by
 * `concurrency × maxBufferedPages` pages whatever the tenant size. The head's bound matters when
 * its pages come from memory (an unpaged answer handed out in slices): without it, its producer
 * would slice the whole list while the committer, which yields between pages, wrote the first. Everything before the head
 * is fully committed and nothing after it is, which is what makes a checkpoint exact.
 */
import { yieldToEventLoop } from "../http/index.ts";

export interface OrderedPipelineOptions<Item, P> {
  /**
   * The next item to start, or undefined when there is none right now. Asked again after
   * every commit, because committing a page may make new items available (child resources).
   */
  nextItem(): Item | undefined;
  /** Fetches all pages of one item, handing each to `push` in order. */
  produce(item: Item, push: (page: P) => Promise<void>, signal: AbortSignal): Promise<void>;
  /** Called in item order, page order. May throw to fail the whole run. */
  commit(item: Item, page: P): void;
  /** Called in item order once an item's last page is committed. */
  finish(item: Item): void;
  /** @default 4 */
  concurrency?: number;
  /** @default 2 */
  maxBufferedPages?: number;
  signal?: AbortSignal;
}

interface Slot<Item, P> {
  item: Item;
  pages: P[];
  done: boolean;
  resumeProducer: (() => void) | undefined;
}

export async function runOrderedPipeline<Item, P>(options: OrderedPipelineOptions<Item, P>): Promise<void> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxBuffered = Math.max(1, options.maxBufferedPages ?? 2);
  const controller = new AbortController();
  const outer = options.signal;
  const forwardAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener("abort", forwardAbort, { once: true });

  const window: Array<Slot<Item, P>> = [];
  const running = new Set<Promise<void>>();
  let wakeCommitter: (() => void) | undefined;
  let producerFailure: { error: unknown } | undefined;
  const wake = () => {
    const resume = wakeCommitter;
    wakeCommitter = undefined;
    resume?.();
  };

  const start = (item: Item) => {
    const slot: Slot<Item, P> = { item, pages: [], done: false, resumeProducer: undefined };
    window.push(slot);
    const push = async (page: P) => {
      controller.signal.throwIfAborted();
      slot.pages.push(page);
      wake();
      while (slot.pages.length >= maxBuffered) {
        await new Promise<void>((resolve) => (slot.resumeProducer = resolve));
        controller.signal.throwIfAborted();
      }
    };
    const run = options.produce(item, push, controller.signal).then(
      () => {
        slot.done = true;
        wake();
      },
      (error: unknown) => {
        producerFailure ??= { error };
        controller.abort(error);
        wake();
      },
    );
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  const releaseWaiters = () => {
    for (const slot of window) slot.resumeProducer?.();
  };
  controller.signal.addEventListener("abort", releaseWaiters, { once: true });

  try {
    for (;;) {
      if (outer?.aborted) throw outer.reason;
      if (producerFailure) throw producerFailure.error;
      while (window.length < concurrency) {
        const item = options.nextItem();
        if (item === undefined) break;
        start(item);
      }
      const head = window[0];
      if (!head) return;
      const page = head.pages.shift();
      if (page !== undefined) {
        options.commit(head.item, page);
        head.resumeProducer?.();
        // A commit is synchronous work, and buffered pages would follow one another without a
        // break: between two, let a signal (Ctrl-C, SIGTERM) in, so a stop is prompt.
        await yieldToEventLoop();
        continue;
      }
      if (head.done) {
        options.finish(head.item);
        window.shift();
        window[0]?.resumeProducer?.();
        continue;
      }
      // Nothing to commit yet: sleep until a producer pushes, finishes or fails. The check
      // above and this assignment run in one synchronous turn, so no wake-up is lost.
      await new Promise<void>((resolve) => (wakeCommitter = resolve));
    }
  } finally {
    outer?.removeEventListener("abort", forwardAbort);
    if (!controller.signal.aborted) controller.abort(new Error("pipeline finished"));
    // Let aborted producers wind down, so no request outlives the run that started it.
    await Promise.allSettled([...running]);
  }
}
