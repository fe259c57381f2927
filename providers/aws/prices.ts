import type { CapacityType } from '../../core/index.ts';

/**
 * Hourly prices the catalog ranks instance types by. EC2's own price list
 * (the Pricing API) is large and slow, so the provider carries a small
 * table: AWS's public on-demand prices for Linux in us-east-1, for the common
 * general-purpose (t3, t4g, m5, m6i, m6g, m7i, m7g), compute (c5, c6i, c6g,
 * c7g) and memory (r5, r6i, r6g) families, as listed on
 * https://aws.amazon.com/ec2/pricing/on-demand/ in January 2026. Other
 * regions cost a little more or less; `options.prices` overrides any entry
 * and adds types the table lacks.
 */
const ON_DEMAND_US_EAST_1: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  t3: { nano: 0.0052, micro: 0.0104, small: 0.0208, medium: 0.0416, large: 0.0832, xlarge: 0.1664, '2xlarge': 0.3328 },
  t4g: { nano: 0.0042, micro: 0.0084, small: 0.0168, medium: 0.0336, large: 0.0672, xlarge: 0.1344, '2xlarge': 0.2688 },
  m5: { large: 0.096, xlarge: 0.192, '2xlarge': 0.384, '4xlarge': 0.768, '8xlarge': 1.536, '12xlarge': 2.304, '16xlarge': 3.072, '24xlarge': 4.608 },
  m6i: { large: 0.096, xlarge: 0.192, '2xlarge': 0.384, '4xlarge': 0.768, '8xlarge': 1.536, '12xlarge': 2.304, '16xlarge': 3.072, '24xlarge': 4.608, '32xlarge': 6.144 },
  m6g: { medium: 0.0385, large: 0.077, xlarge: 0.154, '2xlarge': 0.308, '4xlarge': 0.616, '8xlarge': 1.232, '12xlarge': 1.848, '16xlarge': 2.464 },
  m7i: { large: 0.1008, xlarge: 0.2016, '2xlarge': 0.4032, '4xlarge': 0.8064, '8xlarge': 1.6128, '12xlarge': 2.4192, '16xlarge': 3.2256, '24xlarge': 4.8384, '48xlarge': 9.6768 },
  m7g: { medium: 0.0408, large: 0.0816, xlarge: 0.1632, '2xlarge': 0.3264, '4xlarge': 0.6528, '8xlarge': 1.3056, '12xlarge': 1.9584, '16xlarge': 2.6112 },
  c5: { large: 0.085, xlarge: 0.17, '2xlarge': 0.34, '4xlarge': 0.68, '9xlarge': 1.53, '12xlarge': 2.04, '18xlarge': 3.06, '24xlarge': 4.08 },
  c6i: { large: 0.085, xlarge: 0.17, '2xlarge': 0.34, '4xlarge': 0.68, '8xlarge': 1.36, '12xlarge': 2.04, '16xlarge': 2.72, '24xlarge': 4.08, '32xlarge': 5.44 },
  c6g: { medium: 0.034, large: 0.068, xlarge: 0.136, '2xlarge': 0.272, '4xlarge': 0.544, '8xlarge': 1.088, '12xlarge': 1.632, '16xlarge': 2.176 },
  c7g: { medium: 0.0363, large: 0.0725, xlarge: 0.145, '2xlarge': 0.29, '4xlarge': 0.58, '8xlarge': 1.16, '12xlarge': 1.74, '16xlarge': 2.32 },
  r5: { large: 0.126, xlarge: 0.252, '2xlarge': 0.504, '4xlarge': 1.008, '8xlarge': 2.016, '12xlarge': 3.024, '16xlarge': 4.032, '24xlarge': 6.048 },
  r6i: { large: 0.126, xlarge: 0.252, '2xlarge': 0.504, '4xlarge': 1.008, '8xlarge': 2.016, '12xlarge': 3.024, '16xlarge': 4.032, '24xlarge': 6.048, '32xlarge': 8.064 },
  r6g: { medium: 0.0504, large: 0.1008, xlarge: 0.2016, '2xlarge': 0.4032, '4xlarge': 0.8064, '8xlarge': 1.6128, '12xlarge': 2.4192, '16xlarge': 3.2256 },
};

export type PriceOverrides = Readonly<Record<string, { 'on-demand'?: number | undefined; spot?: number | undefined }>>;

/** Every instance type the built-in table prices, `m5.large` first by family then size order. */
export function builtinPricedTypes(): string[] {
  return Object.entries(ON_DEMAND_US_EAST_1).flatMap(([family, sizes]) => Object.keys(sizes).map((size) => `${family}.${size}`));
}

function builtinOnDemand(type: string): number | undefined {
  const dot = type.indexOf('.');
  if (dot < 0) return undefined;
  return ON_DEMAND_US_EAST_1[type.slice(0, dot)]?.[type.slice(dot + 1)];
}

/**
 * The hourly price of a type at a capacity type, or undefined when nothing
 * prices it. A spot price nobody gave is the on-demand one: since 2017 a spot
 * instance launched without a maximum price never costs more than on-demand,
 * so that is a true upper bound; give `prices.<type>.spot` to let the
 * provisioner see spot as cheaper.
 */
export function priceOf(type: string, capacityType: CapacityType, overrides: PriceOverrides): number | undefined {
  const override = overrides[type];
  const onDemand = override?.['on-demand'] ?? builtinOnDemand(type);
  if (capacityType === 'on-demand') return onDemand;
  return override?.spot ?? onDemand;
}
