/**
 * `$(VAR)` references in an exec probe's command, expanded from the
 * container's env as kubelet's ExpandContainerCommandOnlyStatic does: only
 * the literal `value`s count (a `valueFrom` variable expands to ''), `$$` is
 * an escaped `$`, and an unknown or unterminated reference stays as written.
 */
import { isRecord } from '../../api/types/meta.ts';

export function expandProbeCommand(command: string[], container: Record<string, unknown>): string[] {
  const env = staticEnv(container['env']);
  return command.map((part) => expand(part, env));
}

function staticEnv(value: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (!Array.isArray(value)) return env;
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry['name'] !== 'string') continue;
    env.set(entry['name'], typeof entry['value'] === 'string' ? entry['value'] : '');
  }
  return env;
}

function expand(input: string, env: Map<string, string>): string {
  let out = '';
  let cursor = 0;
  while (cursor < input.length) {
    const char = input[cursor];
    if (char !== '$' || cursor + 1 >= input.length) {
      out += char;
      cursor++;
      continue;
    }
    const next = input[cursor + 1];
    if (next === '$') {
      out += '$';
      cursor += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close === -1) {
        out += '$(';
        cursor += 2;
      } else {
        const name = input.slice(cursor + 2, close);
        out += env.get(name) ?? `$(${name})`;
        cursor = close + 1;
      }
    } else {
      out += `$${next}`;
      cursor += 2;
    }
  }
  return out;
}
