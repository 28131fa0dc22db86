// Plain JavaScript on purpose: an old Node must get a readable message, not a syntax error
// from the TypeScript sources it cannot run.
import process from "node:process";
import { URL } from "node:url";

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
