import { describe, expect, it } from 'vitest';
import { LoopbackAddresses, needsNoInterface } from './loopback-addresses.ts';

function recordingIp(fail?: (args: readonly string[]) => string | undefined): { calls: string[]; run: (args: readonly string[]) => Promise<void> } {
  const calls: string[] = [];
  return {
    calls,
    run: (args) => {
      calls.push(args.join(' '));
      const message = fail?.(args);
      return message === undefined ? Promise.resolve() : Promise.reject(new Error(message));
    },
  };
}

describe('LoopbackAddresses', () => {
  it('adds a missing address as /32 (/128 for IPv6) and removes only what it added', async () => {
    const ip = recordingIp();
    const present = new Set(['10.96.0.11']);
    const loopback = new LoopbackAddresses(ip.run, (address) => present.has(address));
    expect(await loopback.ensure('10.96.0.10')).toEqual({ ok: true, added: true });
    expect(await loopback.ensure('fd00::10')).toEqual({ ok: true, added: true });
    expect(await loopback.ensure('10.96.0.11')).toEqual({ ok: true, added: false });
    expect(await loopback.ensure('127.0.0.1')).toEqual({ ok: true, added: false });
    expect(await loopback.removeAll()).toEqual([]);
    expect(ip.calls).toEqual(['addr add 10.96.0.10/32 dev lo', 'addr add fd00::10/128 dev lo', 'addr del 10.96.0.10/32 dev lo', 'addr del fd00::10/128 dev lo']);
  });

  it('takes "File exists" (added meanwhile by someone else) as present, never to be removed', async () => {
    const ip = recordingIp((args) => (args[1] === 'add' ? 'RTNETLINK answers: File exists' : undefined));
    const loopback = new LoopbackAddresses(ip.run, () => false);
    expect(await loopback.ensure('10.96.0.10')).toEqual({ ok: true, added: false });
    await loopback.removeAll();
    expect(ip.calls).toEqual(['addr add 10.96.0.10/32 dev lo']);
  });

  it('reports why an address cannot be added (not root)', async () => {
    const ip = recordingIp(() => 'RTNETLINK answers: Operation not permitted');
    const loopback = new LoopbackAddresses(ip.run, () => false);
    expect(await loopback.ensure('10.96.0.10')).toEqual({ ok: false, reason: 'RTNETLINK answers: Operation not permitted' });
  });

  it.each([
    ['0.0.0.0', true],
    ['::', true],
    ['127.0.0.1', true],
    ['127.3.4.5', true],
    ['::1', true],
    ['10.96.0.10', false],
  ])('%s needs no interface: %s', (address, expected) => {
    expect(needsNoInterface(address)).toBe(expected);
  });
});
