/**
 * reconcileNodeLabels: the beta OS and arch labels follow the stable ones,
 * for clients that still select on the beta names.
 */
const LABEL_PAIRS = [
  { primary: 'kubernetes.io/os', secondary: 'beta.kubernetes.io/os' },
  { primary: 'kubernetes.io/arch', secondary: 'beta.kubernetes.io/arch' },
] as const;

/** The labels to set, or undefined when the node's labels agree already. */
export function planNodeLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  const update: Record<string, string> = {};
  for (const { primary, secondary } of LABEL_PAIRS) {
    const value = labels[primary];
    if (value === undefined) continue;
    if (labels[secondary] !== value) update[secondary] = value;
  }
  return Object.keys(update).length === 0 ? undefined : update;
}
