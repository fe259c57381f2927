import type { CapacityType } from '../../core/index.ts';

/**
 * Built-in hourly prices (USD, Linux, us-central1) for a few machine
 * families, so that a pool picks the cheapest type without a price table of
 * its own. Other regions cost more or less: set `options.prices` there.
 *
 * Source: SkyPilot's GCP catalog (github.com/skypilot-org/skypilot-catalog,
 * catalogs/v8/gcp/vms.csv, commit 006059e0f18acb1341e22a27751e9f80df6ba92f),
 * which collects the Cloud Billing Catalog API's SKUs; its on-demand figures
 * match cloud.google.com/compute/vm-instance-pricing (e2-standard-2:
 * 2 × $0.021811 per vCPU + 8 × $0.002923 per GB = $0.067006). Spot prices
 * change up to once a month; these are that snapshot's.
 */
export interface PriceEntry {
  'on-demand'?: number;
  spot?: number;
}

export type PriceTable = Readonly<Record<string, PriceEntry>>;

/** Rows read from the catalog (us-central1-a; the region's zones share a price). */
const MEASURED: PriceTable = {
  'e2-standard-2': { 'on-demand': 0.06701, spot: 0.0294 },
  'e2-standard-4': { 'on-demand': 0.13402, spot: 0.05879 },
  'e2-standard-8': { 'on-demand': 0.26805, spot: 0.11758 },
  'e2-standard-16': { 'on-demand': 0.53609, spot: 0.23517 },
  'e2-standard-32': { 'on-demand': 1.07218, spot: 0.47034 },
  'n2-standard-8': { 'on-demand': 0.38847, spot: 0.12701 },
  'n2-standard-48': { 'on-demand': 2.33083, spot: 0.76205 },
  'n2-standard-64': { 'on-demand': 3.10778, spot: 1.01606 },
  'n2-standard-80': { 'on-demand': 3.88472, spot: 1.27008 },
  't2a-standard-8': { 'on-demand': 0.308, spot: 0.08517 },
  't2a-standard-48': { 'on-demand': 1.848, spot: 0.51101 },
  't2d-standard-1': { 'on-demand': 0.04225, spot: 0.00802 },
};

/**
 * The other sizes of those families, scaled from a measured row: Compute
 * Engine bills a series' vCPUs and memory at fixed rates, and a standard
 * shape has 4 GB per vCPU, so its price is proportional to its vCPUs
 * (n2-standard-8 / 4 = $0.09712, the published n2-standard-2 price).
 */
function scaled(family: string, measuredSize: number, sizes: readonly number[]): PriceTable {
  const measured = MEASURED[`${family}-${measuredSize}`];
  const out: Record<string, PriceEntry> = {};
  if (measured === undefined) return out;
  for (const size of sizes) {
    const entry: PriceEntry = {};
    for (const capacityType of ['on-demand', 'spot'] as const) {
      const price = measured[capacityType];
      if (price !== undefined) entry[capacityType] = round5((price * size) / measuredSize);
    }
    out[`${family}-${size}`] = entry;
  }
  return out;
}

function round5(value: number): number {
  return Math.round(value * 100_000) / 100_000;
}

export const BUILT_IN_PRICES: PriceTable = {
  ...scaled('n2-standard', 8, [2, 4, 16, 32]),
  ...scaled('t2a-standard', 8, [1, 2, 4, 16]),
  ...scaled('t2d-standard', 1, [2, 4, 8, 16, 32]),
  ...MEASURED,
};

/** The price of a type: the pool's table first, then the built-in one; undefined when neither has it. */
export function priceOf(type: string, capacityType: CapacityType, overrides: PriceTable, builtIn: PriceTable = BUILT_IN_PRICES): number | undefined {
  return overrides[type]?.[capacityType] ?? builtIn[type]?.[capacityType];
}
