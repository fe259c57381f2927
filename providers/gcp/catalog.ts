import type { protos } from '@google-cloud/compute';
import type { Logger } from 'pino';
import type { Architecture, CapacityType, InstanceType } from '../../core/index.ts';
import { familyOf, seriesOf } from './names.ts';
import { priceOf, type PriceTable } from './prices.ts';
import { allocatableCpuMillis, allocatableMemoryBytes } from './reservations.ts';

/**
 * The pool's instance-type catalog: the machine types Compute Engine lists
 * in the pool's zones (machineTypes.list), kept to the pool's families and
 * names, with what a node of each offers to pods and its price. Loaded when
 * the provider starts and refreshed hourly, since types come to zones and
 * prices change.
 */

type MachineType = protos.google.cloud.compute.v1.IMachineType;

/** kubelet's default --max-pods, which GKE keeps for standard pools */
export const PODS_PER_NODE = 110;

/** Arm series (Ampere Altra, Google Axion, Nvidia Grace), for when a machine type does not say its architecture. */
const ARM_SERIES = new Set(['t2a', 'c4a', 'n4a', 'a4x']);

export interface CatalogSettings {
  zones: readonly string[];
  families: readonly string[];
  instanceTypes: readonly string[];
  capacityTypes: readonly CapacityType[];
  prices: PriceTable;
}

export interface BuiltCatalog {
  types: InstanceType[];
  /** offered types nothing prices, left out (`type/capacity`) */
  unpriced: string[];
}

export function archOf(machineType: MachineType): Architecture {
  if (machineType.architecture === 'ARM64') return 'arm64';
  if (machineType.architecture === 'X86_64') return 'amd64';
  return ARM_SERIES.has(seriesOf(machineType.name ?? '')) ? 'arm64' : 'amd64';
}

export function isOffered(name: string, settings: Pick<CatalogSettings, 'families' | 'instanceTypes'>): boolean {
  return settings.instanceTypes.includes(name) || settings.families.includes(familyOf(name));
}

/** Obsolete and deleted types cannot be launched any more. */
function isRetired(machineType: MachineType): boolean {
  const state = machineType.deprecated?.state;
  return state === 'OBSOLETE' || state === 'DELETED';
}

/** The catalog from each zone's machine types: one entry per type and capacity type, with the zones it is offered in. */
export function buildCatalog(byZone: ReadonlyMap<string, readonly MachineType[]>, settings: CatalogSettings): BuiltCatalog {
  const shapes = new Map<string, { machineType: MachineType; zones: string[] }>();
  for (const zone of settings.zones) {
    for (const machineType of byZone.get(zone) ?? []) {
      const name = machineType.name ?? '';
      if (name === '' || !isOffered(name, settings) || isRetired(machineType)) continue;
      const cpus = machineType.guestCpus ?? 0;
      const memoryMb = machineType.memoryMb ?? 0;
      if (cpus <= 0 || memoryMb <= 0) continue;
      const shape = shapes.get(name) ?? { machineType, zones: [] };
      if (!shape.zones.includes(zone)) shape.zones.push(zone);
      shapes.set(name, shape);
    }
  }
  const types: InstanceType[] = [];
  const unpriced: string[] = [];
  for (const [name, { machineType, zones }] of [...shapes].sort(([a], [b]) => a.localeCompare(b))) {
    for (const capacityType of settings.capacityTypes) {
      const price = priceOf(name, capacityType, settings.prices);
      if (price === undefined) {
        unpriced.push(`${name}/${capacityType}`);
        continue;
      }
      types.push({
        name,
        cpuMillis: allocatableCpuMillis(machineType.guestCpus ?? 0),
        memoryBytes: allocatableMemoryBytes(machineType.memoryMb ?? 0),
        pods: PODS_PER_NODE,
        arch: archOf(machineType),
        zones,
        capacityType,
        pricePerHour: price,
      });
    }
  }
  return { types, unpriced };
}

/** The current catalog and its hourly refresh; a failed refresh keeps the last good catalog. */
export class InstanceCatalog {
  private types: InstanceType[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly listMachineTypes: (zone: string) => Promise<MachineType[]>,
    private readonly settings: CatalogSettings,
    private readonly logger: Logger,
  ) {}

  current(): InstanceType[] {
    return this.types;
  }

  /** Lists the zones' machine types now; concurrent callers share one load. */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const byZone = new Map<string, MachineType[]>();
    for (const zone of this.settings.zones) byZone.set(zone, await this.listMachineTypes(zone));
    const built = buildCatalog(byZone, this.settings);
    if (built.unpriced.length > 0) {
      this.logger.warn({ types: built.unpriced }, `machine types without a price are not offered (${built.unpriced.join(', ')}); give them one in the pool's options.prices`);
    }
    if (built.types.length === 0) this.logger.warn({ zones: this.settings.zones, families: this.settings.families }, 'no machine type of the pool is offered in its zones');
    this.types = built.types;
  }

  startRefreshing(intervalMs: number): void {
    this.stopRefreshing();
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn({ err: error }, 'refreshing the machine-type catalog failed; keeping the last one'));
    }, intervalMs);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
