import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUpstream, hostUpstreams, nameserversOf, parseUpstream, upstreamsFromResolvConf } from './upstreams.ts';

describe('parseUpstream', () => {
  it.each([
    ['10.0.0.2', { address: '10.0.0.2', port: 53 }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353 }],
    ['::1', { address: '::1', port: 53 }],
    ['[fd00::53]:1053', { address: 'fd00::53', port: 1053 }],
    ['dns.example:53', undefined],
    ['10.0.0.2:0', undefined],
    ['10.0.0.2:70000', undefined],
    ['[10.0.0.2]:53', undefined],
    ['', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseUpstream(text)).toEqual(expected);
  });

  it('formats IPv6 upstreams with brackets', () => {
    expect(formatUpstream({ address: 'fd00::53', port: 53 })).toBe('[fd00::53]:53');
    expect(formatUpstream({ address: '10.0.0.2', port: 53 })).toBe('10.0.0.2:53');
  });
});

const RESOLV_CONF = `# generated
search example.com
nameserver 10.96.0.10
nameserver 192.168.1.1 # home router
; nameserver 9.9.9.9
nameserver fe80::1%eth0
nameserver not-an-ip
options ndots:5
`;

describe('resolv.conf upstreams', () => {
  it('reads nameserver lines in order, without comments, scopes or junk', () => {
    expect(nameserversOf(RESOLV_CONF)).toEqual(['10.96.0.10', '192.168.1.1', 'fe80::1']);
  });

  it('leaves out the cluster DNS itself (a loop otherwise)', () => {
    expect(upstreamsFromResolvConf(RESOLV_CONF, ['10.96.0.10'])).toEqual([
      { address: '192.168.1.1', port: 53 },
      { address: 'fe80::1', port: 53 },
    ]);
  });

  it('reads the host file, and gives none when there is no file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dns-resolv-'));
    try {
      await writeFile(join(dir, 'resolv.conf'), 'nameserver 10.1.1.1\n');
      expect(await hostUpstreams([], join(dir, 'resolv.conf'))).toEqual([{ address: '10.1.1.1', port: 53 }]);
      expect(await hostUpstreams([], join(dir, 'missing'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
