/**
 * The node lifecycle controller's queue holds four kinds of work; node names
 * and pod keys never contain ':' so the prefixes cannot collide.
 */
export type LifecycleWork =
  /** monitorNodeHealth over every node, every monitor period */
  | { kind: 'monitor' }
  /** doNoExecuteTaintingPass: the rate-limited NoExecute taints */
  | { kind: 'noExecute' }
  /** doNoScheduleTaintingPass and the beta label reconciliation for one node */
  | { kind: 'node'; name: string }
  /** processPod: a pod newly bound to a node that is not ready */
  | { kind: 'pod'; key: string };

export const MONITOR_KEY = 'monitor:';
export const NO_EXECUTE_KEY = 'noexecute:';

export function nodeWorkKey(name: string): string {
  return `node:${name}`;
}

export function podWorkKey(key: string): string {
  return `pod:${key}`;
}

export function parseWorkKey(key: string): LifecycleWork | undefined {
  if (key === MONITOR_KEY) return { kind: 'monitor' };
  if (key === NO_EXECUTE_KEY) return { kind: 'noExecute' };
  if (key.startsWith('node:')) return { kind: 'node', name: key.slice('node:'.length) };
  if (key.startsWith('pod:')) return { kind: 'pod', key: key.slice('pod:'.length) };
  return undefined;
}
