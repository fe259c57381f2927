import { isRecord } from '../../types/meta.ts';

/**
 * A readable account of how two specs differ, appended to "pod updates may not change
 * fields" errors. Kubernetes prints go-cmp's diff of its Go structs there; that format
 * cannot be reproduced over JSON, so this lists each differing JSON path instead:
 * `- path: old` and `+ path: new`.
 */
export function describeDiff(before: unknown, after: unknown): string {
  const lines: string[] = [];
  collect('', before, after, lines);
  return lines.join('\n');
}

function collect(path: string, before: unknown, after: unknown, lines: string[]): void {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) collect(path === '' ? k : `${path}.${k}`, before[k], after[k], lines);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => collect(`${path}[${i}]`, item, after[i], lines));
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before !== undefined) lines.push(`- ${path}: ${JSON.stringify(before)}`);
  if (after !== undefined) lines.push(`+ ${path}: ${JSON.stringify(after)}`);
}
