/**
 * @module
 * Ctrl-C and SIGTERM (docker stop, Kubernetes) abort the running command gracefully: the sync
 * checkpoints and exits 130; the next run starts over
 * unless the sync had read the whole tenant. A second signal exits at once.
 */
import { EXIT_CODES, InterruptedError } from "../core/index.ts";

/** What `bin/_launch.js` leaves on `process`: the signals that came before this handler. */
const EARLY_SIGNALS = Symbol.for("idsync.early-signals");
interface EarlySignals {
  take(): NodeJS.Signals[];
}

export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
    controller.abort(new InterruptedError(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Listening before the launcher lets go leaves no moment in which a signal kills the process.
  const early = (process as unknown as Record<symbol, EarlySignals | undefined>)[EARLY_SIGNALS];
  for (const signal of early?.take() ?? []) onSignal(signal);
  return controller.signal;
}
