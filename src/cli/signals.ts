/**
 * @module
 * Ctrl-C and SIGTERM (docker stop, Kubernetes) abort the running command gracefully: the sync
 * checkpoints and exits 130; the next run starts over
 * unless the sync had read the whole tenant. A second signal exits at once.
 */
import { EXIT_CODES, InterruptedError } from "../core/index.ts";

export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
    controller.abort(new InterruptedError(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return controller.signal;
}
