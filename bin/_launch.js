// Plain JavaScript on purpose: an old Node must get a readable message, not a syntax error
// from the TypeScript sources it cannot run.
import process from "node:process";
import { URL } from "node:url";

// Loading the TypeScript sources takes a noticeable moment, and a SIGINT or SIGTERM with no
// listener kills the process outright. So the very first thing the process does is listen:
// signals that come before the command installs its own handler (src/cli/signals.ts) are kept
// and handed over under this registered symbol, and the command stops in order. A second one
// still means "now", as it does later.
const EARLY_SIGNALS = Symbol.for("idsync.early-signals");
const received = [];
const keep = (signal) => {
  received.push(signal);
  if (received.length > 1) process.exit(130);
};
process.on("SIGINT", keep);
process.on("SIGTERM", keep);
process[EARLY_SIGNALS] = {
  /** Stops listening and returns the signals received so far, oldest first. */
  take() {
    process.off("SIGINT", keep);
    process.off("SIGTERM", keep);
    return received.splice(0);
  },
};

export async function launch(entry, ...args) {
  if (!process.features.typescript) {
    process.stderr.write(
      `idsync runs its TypeScript sources directly and needs Node.js 22.18 or newer (this is ${process.version}).\n` +
        "Run it through npm (`npm exec idsync -- …`, which uses the Node 24 the project pins) or install Node 24.\n",
    );
    process.exit(1);
  }
  const module = await import(new URL(`../src/cli/${entry}`, import.meta.url).href);
  await module.main(...args);
}
