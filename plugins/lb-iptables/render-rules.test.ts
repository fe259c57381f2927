import { describe, expect, it } from 'vitest';
import { endpointInfo, serviceInfo, tcpPort } from '../../test/support/service-info.ts';
import { ChainNames } from './chain-names.ts';
import { iptablesOptionsSchema } from './options.ts';
import { renderRules, renderTeardown, type RuleSettings } from './render-rules.ts';
import { servicePortRoutes } from './service-port-routes.ts';

const NAMES = new ChainNames();
const SETTINGS: RuleSettings = { nodeAddress: '127.0.0.1', masqueradeBit: 14, algorithm: 'random', names: NAMES };
const ROUTING = { nodePorts: true, names: NAMES };
const NONE = { filter: new Set<string>(), nat: new Set<string>() };

function render(...services: Parameters<typeof servicePortRoutes>[0]): { text: string; lines: string[] } {
  const { text } = renderRules(servicePortRoutes(services, ROUTING), SETTINGS, NONE);
  return { text, lines: text.split('\n') };
}

const web = (fields: Partial<Parameters<typeof serviceInfo>[0]> = {}) =>
  serviceInfo({
    name: 'web',
    clusterIP: '10.96.0.20',
    ports: [tcpPort(80)],
    endpoints: [endpointInfo('127.9.0.10', 8080), endpointInfo('127.9.0.11', 8080), endpointInfo('127.9.0.12', 8080)],
    ...fields,
  });

const SVC = NAMES.service('default/web', 'TCP');
const sep = (ip: string, port = 8080): string => NAMES.endpoint('default/web', 'TCP', `${ip}:${port}`);

describe('renderRules', () => {
  it('spreads a ClusterIP over its endpoints with probabilities 1/3, 1/2, then the rest', () => {
    const { lines } = render(web());
    expect(lines).toContain(`-A KUBERNEL-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web cluster IP" -j ${SVC}`);
    const picks = lines.filter((l) => l.startsWith(`-A ${SVC} `));
    expect(picks).toEqual([
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.10:8080" -m statistic --mode random --probability 0.3333333333 -j ${sep('127.9.0.10')}`,
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.11:8080" -m statistic --mode random --probability 0.5000000000 -j ${sep('127.9.0.11')}`,
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.12:8080" -j ${sep('127.9.0.12')}`,
    ]);
    expect(lines).toContain(`-A ${sep('127.9.0.11')} -p tcp -m tcp -m comment --comment "default/web" -j DNAT --to-destination 127.9.0.11:8080`);
    expect(lines).toContain(`-A ${sep('127.9.0.11')} -s 127.9.0.11/32 -m comment --comment "default/web" -j KUBERNEL-MARK-MASQ`);
  });

  it('takes endpoints in turn with round-robin: every 3rd, every 2nd of the rest, then the last', () => {
    const { text } = renderRules(servicePortRoutes([web()], ROUTING), { ...SETTINGS, algorithm: 'round-robin' }, NONE);
    expect(text.split('\n').filter((l) => l.startsWith(`-A ${SVC} `))).toEqual([
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.10:8080" -m statistic --mode nth --every 3 --packet 0 -j ${sep('127.9.0.10')}`,
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.11:8080" -m statistic --mode nth --every 2 --packet 0 -j ${sep('127.9.0.11')}`,
      `-A ${SVC} -m comment --comment "default/web -> 127.9.0.12:8080" -j ${sep('127.9.0.12')}`,
    ]);
  });

  it('names every chain after its chainPrefix, so two instances never touch each other', () => {
    const names = new ChainNames('KT7');
    const { text, chains } = renderRules(servicePortRoutes([web({ type: 'NodePort', ports: [tcpPort(80, { nodePort: 30080 })] })], { nodePorts: true, names }), { ...SETTINGS, names }, NONE);
    expect([...chains.nat, ...chains.filter].every((chain) => chain.startsWith('KT7-'))).toBe(true);
    expect(text).not.toContain('KUBERNEL');
    expect(names.isOwn('KUBERNEL-SERVICES')).toBe(false);
    expect(NAMES.isOwn('KT7-SERVICES')).toBe(false);
  });

  it('refuses chain prefixes that would not fit or that belong to other programs, naming the option', () => {
    expect(iptablesOptionsSchema.parse({}).chainPrefix).toBe('KUBERNEL');
    expect(iptablesOptionsSchema.parse({}).algorithm).toBe('round-robin');
    for (const prefix of ['KUBE', 'DOCKER', 'kubernel', 'TOOLONGPREFIX', 'A-B', '']) {
      const result = iptablesOptionsSchema.safeParse({ chainPrefix: prefix });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['chainPrefix']);
    }
  });

  it('routes only ready endpoints: unready and terminating ones get no chain', () => {
    const { text } = render(
      web({ endpoints: [endpointInfo('127.9.0.10', 8080), endpointInfo('127.9.0.11', 8080, { ready: false }), endpointInfo('127.9.0.12', 8080, { ready: false, terminating: true })] }),
    );
    expect(text).toContain(sep('127.9.0.10'));
    expect(text).not.toContain('127.9.0.11');
    expect(text).not.toContain('127.9.0.12');
    expect(text).not.toContain('--probability');
  });

  it('falls back to serving terminating endpoints when none is ready, as kube-proxy', () => {
    const { text } = render(web({ endpoints: [endpointInfo('127.9.0.12', 8080, { ready: false, serving: true, terminating: true })] }));
    expect(text).toContain('--to-destination 127.9.0.12:8080');
  });

  it('rejects a port without endpoints in filter instead of leaving it unrouted', () => {
    const { lines } = render(web({ endpoints: [], type: 'NodePort', ports: [tcpPort(80, { nodePort: 30080 })] }));
    expect(lines).toContain('-A KUBERNEL-SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -m comment --comment "default/web has no endpoints" -j REJECT');
    expect(lines).toContain('-A KUBERNEL-EXTERNAL-SERVICES -d 127.0.0.1/32 -p tcp -m tcp --dport 30080 -m comment --comment "default/web has no endpoints" -j REJECT');
    expect(lines.some((l) => l.startsWith(`:${SVC}`))).toBe(false);
  });

  it('sends a NodePort through an EXT chain that marks for masquerade, and keeps the NODEPORTS jump last', () => {
    const { lines } = render(web({ type: 'NodePort', ports: [tcpPort(80, { nodePort: 30080 })] }));
    const ext = lines.filter((l) => l.startsWith('-A KUBERNEL-EXT-'));
    expect(ext.map((l) => l.split(' -j ')[1])).toEqual(['KUBERNEL-MARK-MASQ', SVC]);
    expect(lines.find((l) => l.startsWith('-A KUBERNEL-NODEPORTS'))).toMatch(/^-A KUBERNEL-NODEPORTS -p tcp -m tcp --dport 30080 .* -j KUBERNEL-EXT-/);
    const services = lines.filter((l) => l.startsWith('-A KUBERNEL-SERVICES '));
    expect(services.at(-1)).toContain('-d 127.0.0.1/32 -m comment --comment "kubernel service nodeports; NOTE: this must be the last rule in this chain" -j KUBERNEL-NODEPORTS');
    expect(lines).toContain('-A KUBERNEL-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(lines).toContain('-A KUBERNEL-MARK-MASQ -j MARK --or-mark 0x4000');
  });

  it('keeps ClientIP affinity with -m recent: rcheck before the random picks, set on DNAT', () => {
    const { lines } = render(web({ sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 600 }));
    const svc = lines.filter((l) => l.startsWith(`-A ${SVC} `));
    expect(svc.slice(0, 3).every((l) => l.includes('--rcheck --seconds 600 --reap'))).toBe(true);
    expect(svc.slice(3).every((l) => !l.includes('-m recent'))).toBe(true);
    expect(lines).toContain(
      `-A ${sep('127.9.0.10')} -p tcp -m tcp -m comment --comment "default/web" -m recent --name ${sep('127.9.0.10')} --mask 255.255.255.255 --rsource --set -j DNAT --to-destination 127.9.0.10:8080`,
    );
  });

  it.each([
    { name: 'headless', fields: { clusterIP: 'None' } },
    { name: 'unallocated', fields: { clusterIP: '' } },
    { name: 'ExternalName', fields: { type: 'ExternalName' as const, clusterIP: '' } },
  ])('gives a $name Service no rules', ({ fields }) => {
    const { text } = render(web(fields));
    expect(text).not.toContain('default/web');
  });

  it('resolves named target ports per endpoint and uses the port protocol', () => {
    const { lines } = render(
      serviceInfo({
        name: 'dns',
        clusterIP: '10.96.0.10',
        ports: [tcpPort(53, { name: 'dns', protocol: 'UDP' })],
        endpoints: [endpointInfo('127.9.0.20', 5353, { portName: 'dns' }), endpointInfo('127.9.0.21', 5354, { portName: 'dns' })],
      }),
    );
    expect(lines.some((l) => l.includes('-d 10.96.0.10/32 -p udp -m udp --dport 53 -m comment --comment "default/dns:dns cluster IP"'))).toBe(true);
    expect(lines.some((l) => l.endsWith('-p udp -m udp -m comment --comment "default/dns:dns" -j DNAT --to-destination 127.9.0.21:5354'))).toBe(true);
  });

  it('declares every chain it writes (flushing it), and deletes the stale ones after their users are gone', () => {
    const first = renderRules(servicePortRoutes([web()], ROUTING), SETTINGS, NONE);
    const second = renderRules(servicePortRoutes([web({ endpoints: [endpointInfo('127.9.0.10', 8080)] })], ROUTING), SETTINGS, first.chains);
    const lines = second.text.split('\n');
    for (const gone of [sep('127.9.0.11'), sep('127.9.0.12')]) {
      expect(lines).toContain(`:${gone} - [0:0]`);
      expect(lines).toContain(`-X ${gone}`);
      expect(lines.indexOf(`-X ${gone}`)).toBeGreaterThan(lines.findLastIndex((l) => l.startsWith('-A ')));
    }
    expect(second.chains.nat.has(sep('127.9.0.11'))).toBe(false);
    expect(lines.filter((l) => l === 'COMMIT')).toHaveLength(2);
    expect(second.text).toBe(renderRules(servicePortRoutes([web({ endpoints: [endpointInfo('127.9.0.10', 8080)] })], ROUTING), SETTINGS, first.chains).text);
  });

  it('tears down every chain it is given and nothing else', () => {
    const text = renderTeardown({ filter: new Set(['KUBERNEL-SERVICES']), nat: new Set(['KUBERNEL-SERVICES', SVC]) });
    expect(text.split('\n').filter((l) => l.startsWith('-X')).sort()).toEqual([`-X KUBERNEL-SERVICES`, `-X KUBERNEL-SERVICES`, `-X ${SVC}`].sort());
    expect(text).not.toMatch(/-A /);
  });

  it('names chains within the 28 characters iptables allows', () => {
    expect(SVC).toMatch(/^KUBERNEL-SVC-[A-Z2-7]{15}$/);
    expect(sep('127.9.0.10').length).toBeLessThanOrEqual(28);
    expect(sep('127.9.0.10')).not.toBe(sep('127.9.0.11'));
  });
});
