/**
 * @module
 * One reading command of the benchmark, in a process of its own: runs `idsync <args…>` with its
 * output going to a file (as a user redirects it), then prints one JSON line with its wall and
 * CPU time from the command's start (its modules loaded), its peak RSS and the bytes it wrote.
 *
 *   node bench/_reading-child.ts <output file> <idsync arguments…>
 */
import fs from "node:fs";
import { runIdsync } from "../src/cli/idsync.ts";
import { captureStream } from "../src/cli/io.ts";

const [out = "", ...args] = process.argv.slice(2);
const stdout = fs.createWriteStream(out);
const stderr = captureStream();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const code = await runIdsync(args, { stdout, stderr, env: {} });
await new Promise<void>((resolve, reject) => stdout.end((error?: Error | null) => (error ? reject(error) : resolve())));
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
if (code !== 0) throw new Error(`idsync ${args.join(" ")} exited ${code}: ${stderr.text().trim()}`);
// maxRSS is in KiB and covers the whole process: the true peak, between samples too.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB, bytes: fs.statSync(out).size })}\n`,
);
