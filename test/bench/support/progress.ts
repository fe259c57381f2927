/** Progress goes to stderr: stdout carries only the one JSON line per benchmark. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Rounds a figure for the report: whole numbers above 100, else two decimals. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
}
