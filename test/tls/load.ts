/** Keep-alive HTTPS clients calling the API until stopped, for "no failure during a swap" tests. */

export interface LoadTally {
  ok: number;
  failed: number;
  errors: string[];
}

/** Starts `workers` loops fetching `url`/v1/health/live; `stop()` ends them and returns the tally. */
export function keepAliveLoad(url: string, workers: number): { tally: LoadTally; stop(): Promise<LoadTally> } {
  let stopped = false;
  const tally: LoadTally = { ok: 0, failed: 0, errors: [] };
  const loops = Array.from({ length: workers }, async () => {
    while (!stopped) {
      try {
        const r = await fetch(`${url}/v1/health/live`, { tls: { rejectUnauthorized: false } });
        await r.arrayBuffer();
        if (r.status === 200) tally.ok++;
        else tally.failed++;
      } catch (err) {
        tally.failed++;
        tally.errors.push(String(err));
      }
    }
  });
  return {
    tally,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return tally;
    },
  };
}
