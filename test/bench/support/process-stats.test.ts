import { describe, expect, it } from 'vitest';
import { cpuTimeMs } from './process-cpu.ts';
import { peakRssMiB } from './process-memory.ts';

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('process statistics from /proc', () => {
  it('reads this process’s CPU time, which grows with work', async () => {
    const before = await cpuTimeMs(process.pid);
    const until = Date.now() + 60;
    let spin = 0;
    while (Date.now() < until) spin++;
    const after = await cpuTimeMs(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThanOrEqual((before ?? 0) + 30);
  });

  it('reads this process’s peak RSS, at least its current heap', async () => {
    const peak = await peakRssMiB(process.pid);
    expect(peak).toBeGreaterThanOrEqual(process.memoryUsage().heapUsed / 1024 / 1024);
  });

  it('answers undefined for a process that does not exist', async () => {
    expect(await cpuTimeMs(2 ** 30)).toBeUndefined();
    expect(await peakRssMiB(2 ** 30)).toBeUndefined();
  });
});
