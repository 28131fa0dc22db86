/** Samples process memory every few milliseconds and reports the peaks, in MiB. */
export function sampleMemory(everyMs = 20): { stop(): { rssMiB: number; heapMiB: number } } {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
      return { rssMiB: mib(rss), heapMiB: mib(heap) };
    },
  };
}
