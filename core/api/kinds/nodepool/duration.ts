/**
 * Go's time.Duration as text. ParseDuration reads spec.disruption.consolidateAfter
 * and a claim's spec.terminationGracePeriod: one or more decimal numbers each
 * followed by a unit ("300ms", "1.5h", "1m30s"), or "0". The disruption
 * controller reads consolidateAfter through consolidateAfterMs, so the API
 * server and the controller agree on what a pool's text means. Duration.String
 * writes the durations Events and conditions quote.
 */

const NANOS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 MICRO SIGN
  'μs': 1e3, // U+03BC GREEK SMALL LETTER MU
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's limit: a Duration is an int64 of nanoseconds. */
const MAX_DURATION_NANOS = 2 ** 63 - 1;

/** One number (digits, an optional fraction) and the letters after it, as ParseDuration consumes them. */
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

/** The duration in milliseconds, or undefined when Go would refuse the text. Negative durations parse, as in Go. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let nanos = 0;
  while (rest !== '') {
    const match = TERM.exec(rest);
    const whole = match?.[1] ?? '';
    const fraction = match?.[2];
    const unit = match?.[3] ?? '';
    // "1s" and ".5s" and "1.s" are numbers; "." alone is not.
    if (match === null || (whole === '' && (fraction ?? '') === '')) return undefined;
    const perUnit = NANOS_PER_UNIT[unit];
    if (perUnit === undefined) return undefined;
    nanos += Number(`${whole === '' ? '0' : whole}.${fraction ?? ''}0`) * perUnit;
    if (nanos > MAX_DURATION_NANOS) return undefined;
    rest = rest.slice(match[0].length);
  }
  return (sign * nanos) / 1e6;
}

/** Go's time.Duration.String for whole milliseconds: `15m0s`, `1h0m0s`, `2.5s`, `300ms`, `0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatGoDuration(-ms)}`;
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Number(((ms % 60_000) / 1000).toFixed(3)).toString();
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** What disables consolidation of a pool altogether. */
export const CONSOLIDATE_NEVER = 'Never';

/**
 * How long a node must have been empty or underused before it is consolidated:
 * milliseconds, Infinity for "Never", undefined for text validation refuses
 * (a negative duration among it).
 */
export function consolidateAfterMs(value: string): number | undefined {
  if (value === CONSOLIDATE_NEVER) return Number.POSITIVE_INFINITY;
  const ms = parseGoDuration(value);
  return ms === undefined || ms < 0 ? undefined : ms;
}
