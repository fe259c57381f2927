import { performance } from 'node:perf_hooks';
import { benchmarks } from './registry.ts';
import { gitRevision } from './support/git-revision.ts';
import { progress } from './support/progress.ts';
import { speedIndex } from './support/speed-index.ts';

/**
 * `npm run bench -- NAME` (or `all`): runs benchmarks one after another,
 * progress on stderr, exactly one JSON line per benchmark on stdout.
 */
async function main(args: string[]): Promise<number> {
  const known = Object.keys(benchmarks);
  const asked = args.filter((arg) => !arg.startsWith('-'));
  if (asked.length === 0) {
    process.stderr.write(`usage: npm run bench -- NAME | all\nbenchmarks: ${known.join(', ')}\n`);
    return 2;
  }
  const names = asked.includes('all') ? known : asked;
  const unknown = names.filter((name) => !Object.hasOwn(benchmarks, name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}, all\n`);
    return 2;
  }
  const revision = gitRevision();
  let failed = 0;
  for (const name of names) {
    const load = benchmarks[name];
    if (load === undefined) continue;
    progress(`${name}: starting`);
    const began = performance.now();
    try {
      const bench = await load();
      // The machine's speed before and after, in this process while no server runs: see speed-index.ts.
      const speedIndexMsAtStart = speedIndex().ms;
      const figures = await bench.run();
      const speedIndexMsAtEnd = speedIndex().ms;
      process.stdout.write(`${JSON.stringify({ bench: name, ...figures, speedIndexMsAtStart, speedIndexMsAtEnd, ...revision })}\n`);
      progress(`${name}: done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      progress(`${name}: FAILED: ${message}`);
      process.stdout.write(`${JSON.stringify({ bench: name, error: error instanceof Error ? error.message : String(error), ...revision })}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

// Ctrl-C or a kill still runs the 'exit' handlers that stop the servers a benchmark started.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
// Exit explicitly: a connection a benchmark forgot to close must not hang the run (stdout is written synchronously first).
process.exit(await main(process.argv.slice(2)));
