import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { runOrderedPipeline } from "./ordered-pipeline.ts";

/** Items whose pages arrive after item-specific delays, so completion order differs from item order. */
function delays(item: number, page: number): number {
  return ((item * 7 + page * 3) % 5) * 2;
}

test("commits pages in item order whatever order they arrive in", async () => {
  const items = [0, 1, 2, 3, 4, 5, 6, 7];
  let next = 0;
  const committed: string[] = [];
  const finished: number[] = [];
  await runOrderedPipeline<number, string>({
    concurrency: 4,
    nextItem: () => items[next++],
    produce: async (item, push) => {
      for (let page = 0; page < 3; page++) {
        await sleep(delays(item, page));
        await push(`${item}.${page}`);
      }
    },
    commit: (_item, page) => committed.push(page),
    finish: (item) => finished.push(item),
  });
  assert.deepEqual(
    committed,
    items.flatMap((i) => [`${i}.0`, `${i}.1`, `${i}.2`]),
  );
  assert.deepEqual(finished, items);
});

test("never runs more producers than the concurrency bound and bounds buffered pages", async () => {
  let active = 0;
  let maxActive = 0;
  let next = 0;
  let maxBuffered = 0;
  let pushed = 0;
  let committed = 0;
  await runOrderedPipeline<number, number>({
    concurrency: 3,
    maxBufferedPages: 2,
    nextItem: () => (next < 12 ? next++ : undefined),
    produce: async (item, push) => {
      active++;
      maxActive = Math.max(maxActive, active);
      // Item 0 is slow, so the others fetch ahead and must stop at the buffer bound.
      for (let page = 0; page < 5; page++) {
        await sleep(item === 0 ? 5 : 0);
        pushed++;
        maxBuffered = Math.max(maxBuffered, pushed - committed);
        await push(page);
      }
      active--;
    },
    commit: () => committed++,
    finish: () => {},
  });
  assert.equal(committed, 60);
  assert.ok(maxActive <= 3, `max active ${maxActive}`);
  // 2 non-head producers × 2 buffered pages + the head's page in flight.
  assert.ok(maxBuffered <= 5, `max buffered ${maxBuffered}`);
});

test("items made available by a commit are picked up (child listings)", async () => {
  const queue = ["root"];
  let next = 0;
  const seen: string[] = [];
  await runOrderedPipeline<string, string[]>({
    concurrency: 2,
    nextItem: () => (next < queue.length ? queue[next++] : undefined),
    produce: async (item, push) => {
      await push(item === "root" ? ["a", "b"] : item === "a" ? ["a1"] : []);
    },
    commit: (item, children) => {
      seen.push(item);
      queue.push(...children);
    },
    finish: () => {},
  });
  assert.deepEqual(seen, ["root", "a", "b", "a1"]);
});

test("a producer failure rejects the run and stops the others", async () => {
  let next = 0;
  let abortedSeen = 0;
  await assert.rejects(
    runOrderedPipeline<number, number>({
      concurrency: 3,
      nextItem: () => (next < 5 ? next++ : undefined),
      produce: async (item, push, signal) => {
        if (item === 1) throw new Error("boom");
        try {
          await sleep(50, undefined, { signal });
        } catch {
          abortedSeen++;
          throw signal.reason;
        }
        await push(item);
      },
      commit: () => {},
      finish: () => {},
    }),
    /boom/,
  );
  assert.ok(abortedSeen >= 1);
});

test("a commit failure rejects the run", async () => {
  let next = 0;
  await assert.rejects(
    runOrderedPipeline<number, number>({
      nextItem: () => (next < 3 ? next++ : undefined),
      produce: async (item, push) => push(item),
      commit: (item) => {
        if (item === 1) throw new Error("guard tripped");
      },
      finish: () => {},
    }),
    /guard tripped/,
  );
});

test("an outer abort stops the run with its reason", async () => {
  const controller = new AbortController();
  let next = 0;
  const run = runOrderedPipeline<number, number>({
    signal: controller.signal,
    nextItem: () => (next < 100 ? next++ : undefined),
    produce: async (item, push, signal) => {
      await sleep(5, undefined, { signal });
      await push(item);
    },
    commit: (item) => {
      if (item === 3) controller.abort(new Error("interrupted"));
    },
    finish: () => {},
  });
  await assert.rejects(run, /interrupted/);
});

test("a stop is honoured between two commits, even when the pages are already buffered", async () => {
  const controller = new AbortController();
  const committed: number[] = [];
  const stopped = runOrderedPipeline<number, number>({
    signal: controller.signal,
    concurrency: 1,
    nextItem: (() => {
      let next = 0;
      return () => (next < 1 ? next++ : undefined);
    })(),
    produce: async (_item, push) => {
      for (let page = 0; page < 50; page++) await push(page);
    },
    commit: (_item, page) => {
      committed.push(page);
      // As a signal handler would: it runs only when the event loop gets a turn.
      if (committed.length === 1) setImmediate(() => controller.abort(new Error("interrupted")));
    },
    finish: () => {},
  });
  await assert.rejects(stopped, /interrupted/);
  assert.deepEqual(committed, [0], "no page was committed after the stop");
});

test("bounds the head item's buffered pages too, when its pages come from memory without a wait", async () => {
  let pushed = 0;
  let committed = 0;
  let maxAhead = 0;
  await runOrderedPipeline<number, number>({
    concurrency: 2,
    maxBufferedPages: 2,
    nextItem: (() => {
      let next = 0;
      return () => (next < 2 ? next++ : undefined);
    })(),
    // Slices of a list already held: each page is ready at once, as pageOfList's are.
    produce: async (_item, push) => {
      for (let page = 0; page < 200; page++) {
        pushed++;
        maxAhead = Math.max(maxAhead, pushed - committed);
        await push(page);
      }
    },
    commit: () => committed++,
    finish: () => {},
  });
  assert.equal(committed, 400);
  // Two producers × two buffered pages, plus one being pushed.
  assert.ok(maxAhead <= 5, `${maxAhead} pages were produced ahead of the commits`);
});
