import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { archOf, buildCatalog, InstanceCatalog, isOffered, type CatalogSettings } from './catalog.ts';

const e2 = (size: number) => ({ name: `e2-standard-${size}`, guestCpus: size, memoryMb: size * 4096 });

const settings: CatalogSettings = {
  zones: ['us-central1-a', 'us-central1-b'],
  families: ['e2-standard'],
  instanceTypes: [],
  capacityTypes: ['on-demand', 'spot'],
  prices: {},
};

describe('the instance-type catalog', () => {
  it('offers each type of the pool\'s families once per capacity type, with the zones that list it', () => {
    const byZone = new Map([
      ['us-central1-a', [e2(2), e2(4), { name: 'e2-highmem-2', guestCpus: 2, memoryMb: 16384 }]],
      ['us-central1-b', [e2(2)]],
      ['us-central1-c', [e2(8)]],
    ]);
    const { types, unpriced } = buildCatalog(byZone, settings);
    expect(types.map((t) => [t.name, t.capacityType, t.zones, t.pricePerHour])).toEqual([
      ['e2-standard-2', 'on-demand', ['us-central1-a', 'us-central1-b'], 0.06701],
      ['e2-standard-2', 'spot', ['us-central1-a', 'us-central1-b'], 0.0294],
      ['e2-standard-4', 'on-demand', ['us-central1-a'], 0.13402],
      ['e2-standard-4', 'spot', ['us-central1-a'], 0.05879],
    ]);
    expect(unpriced).toEqual([]);
    expect(types[0]).toMatchObject({ cpuMillis: 1930, pods: 110, arch: 'amd64' });
  });

  it('leaves out types nothing prices, and says which', () => {
    const byZone = new Map([['us-central1-a', [{ name: 'c3-standard-4', guestCpus: 4, memoryMb: 16384 }]]]);
    const built = buildCatalog(byZone, { ...settings, families: ['c3-standard'], prices: { 'c3-standard-4': { 'on-demand': 0.2 } } });
    expect(built.types.map((t) => `${t.name}/${t.capacityType}/${t.pricePerHour}`)).toEqual(['c3-standard-4/on-demand/0.2']);
    expect(built.unpriced).toEqual(['c3-standard-4/spot']);
  });

  it('skips retired and shapeless types', () => {
    const byZone = new Map([['us-central1-a', [{ ...e2(2), deprecated: { state: 'OBSOLETE' } }, { name: 'e2-standard-4', guestCpus: 0, memoryMb: 0 }, e2(8)]]]);
    expect(buildCatalog(byZone, settings).types.map((t) => t.name)).toEqual(['e2-standard-8', 'e2-standard-8']);
  });

  it.each([
    [{ name: 't2a-standard-4', architecture: 'ARM64' }, 'arm64'],
    [{ name: 't2a-standard-4' }, 'arm64'],
    [{ name: 'c4a-standard-8' }, 'arm64'],
    [{ name: 'e2-standard-4', architecture: 'X86_64' }, 'amd64'],
    [{ name: 'n2d-standard-4' }, 'amd64'],
  ])('%o runs %s', (machineType, arch) => {
    expect(archOf(machineType)).toBe(arch);
  });

  it('offers types by family or by exact name', () => {
    expect(isOffered('n2-standard-4', { families: ['n2-standard'], instanceTypes: [] })).toBe(true);
    expect(isOffered('n2d-standard-4', { families: ['n2-standard'], instanceTypes: [] })).toBe(false);
    expect(isOffered('c3-highcpu-4', { families: ['e2-standard'], instanceTypes: ['c3-highcpu-4'] })).toBe(true);
  });

  it('keeps the last catalog when a refresh fails, and shares one load between callers', async () => {
    let calls = 0;
    let fail = false;
    const catalog = new InstanceCatalog(
      async () => {
        calls += 1;
        if (fail) throw new Error('compute.googleapis.com unreachable');
        return [e2(2)];
      },
      { ...settings, zones: ['us-central1-a'], capacityTypes: ['on-demand'] },
      pino({ level: 'silent' }),
    );
    await Promise.all([catalog.refresh(), catalog.refresh()]);
    expect(calls).toBe(1);
    expect(catalog.current().map((t) => t.name)).toEqual(['e2-standard-2']);
    fail = true;
    await expect(catalog.refresh()).rejects.toThrow(/unreachable/);
    expect(catalog.current().map((t) => t.name)).toEqual(['e2-standard-2']);
  });

  it('lists the machine types again every refresh interval until stopped', async () => {
    vi.useFakeTimers();
    try {
      const zonesListed: string[] = [];
      const catalog = new InstanceCatalog(async (zone) => {
        zonesListed.push(zone);
        return [e2(2)];
      }, settings, pino({ level: 'silent' }));
      catalog.startRefreshing(3_600_000);
      await vi.advanceTimersByTimeAsync(3_599_999);
      expect(zonesListed).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(zonesListed).toEqual(['us-central1-a', 'us-central1-b']);
      catalog.stopRefreshing();
      await vi.advanceTimersByTimeAsync(7_200_000);
      expect(zonesListed).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
