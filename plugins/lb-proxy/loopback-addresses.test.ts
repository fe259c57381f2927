import { describe, expect, it } from 'vitest';
import { LoopbackAddresses, type IpCommand } from './loopback-addresses.ts';

function fakeIp(fail?: (args: readonly string[]) => string | undefined): { ip: IpCommand; calls: string[] } {
  const calls: string[] = [];
  const ip: IpCommand = (args) => {
    calls.push(args.join(' '));
    const message = fail?.(args);
    return message === undefined ? Promise.resolve() : Promise.reject(new Error(message));
  };
  return { ip, calls };
}

describe('LoopbackAddresses', () => {
  it('adds /32 (or /128) to lo once and removes only what it added', async () => {
    const { ip, calls } = fakeIp();
    const addresses = new LoopbackAddresses(ip);
    expect(await addresses.add('10.96.3.4')).toBe('added');
    expect(await addresses.add('10.96.3.4')).toBe('added');
    expect(await addresses.add('fd00::a')).toBe('added');
    await addresses.remove('10.96.3.4');
    await addresses.remove('10.96.3.4');
    await addresses.removeAll();
    expect(calls).toEqual(['addr add 10.96.3.4/32 dev lo', 'addr add fd00::a/128 dev lo', 'addr del 10.96.3.4/32 dev lo', 'addr del fd00::a/128 dev lo']);
  });

  it('uses an address already on lo but leaves it there', async () => {
    const { ip, calls } = fakeIp((args) => (args[1] === 'add' ? 'RTNETLINK answers: File exists' : undefined));
    const addresses = new LoopbackAddresses(ip);
    expect(await addresses.add('10.96.3.5')).toBe('present');
    await addresses.removeAll();
    expect(calls).toEqual(['addr add 10.96.3.5/32 dev lo']);
  });

  it('gives up after the first refusal (not root) and says why', async () => {
    const { ip, calls } = fakeIp(() => 'RTNETLINK answers: Operation not permitted');
    const addresses = new LoopbackAddresses(ip);
    expect(await addresses.add('10.96.3.6')).toBe('unavailable');
    expect(await addresses.add('10.96.3.7')).toBe('unavailable');
    expect(addresses.unavailableReason).toMatch(/Operation not permitted/);
    expect(calls).toHaveLength(1);
  });
});
