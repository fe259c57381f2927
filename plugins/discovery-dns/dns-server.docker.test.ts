/**
 * End to end from a container: the server listens on an address it adds to
 * `lo` itself (a random 10.99.x.y of this test), a busybox container with
 * `--dns` on that address resolves a Service name through the docker0
 * gateway, and the address is gone from `lo` after stop. (`--dns 127.0.0.1`
 * would be the container's own loopback.)
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dockerAvailable, TEST_IMAGE } from '../../test/support/docker.ts';
import { DnsServer } from './dns-server.ts';
import { isLocalAddress } from '../../core/index.ts';
import { dnsOptionsSchema } from './options.ts';
import { endpointInfo, FakeCatalog, serviceInfo } from './testing/fake-catalog.ts';
import { pluginContext } from './testing/plugin-context.ts';

const run = promisify(execFile);
const docker = await dockerAvailable();
const root = process.getuid?.() === 0;
if (docker && !root) console.warn('[kubernel tests] SKIPPING the DNS-from-a-container test: adding an address to lo needs root');
const TEST_LABEL = 'kubernel.test=discovery-dns';

async function nslookup(dnsIP: string, args: string[]): Promise<string> {
  const name = `kubernel-dns-test-${process.pid}-${randomInt(1e9)}`;
  try {
    const { stdout } = await run('docker', ['run', '--rm', '--name', name, '--label', TEST_LABEL, '--dns', dnsIP, TEST_IMAGE, 'nslookup', ...args], {
      timeout: 30_000,
    }).catch((error: unknown) => {
      // nslookup exits 1 on NXDOMAIN; its output is what the test reads
      if (typeof error === 'object' && error !== null && 'stdout' in error) return { stdout: String(error.stdout) };
      throw error;
    });
    return stdout;
  } finally {
    await run('docker', ['rm', '-f', name]).catch(() => undefined);
  }
}

describe.skipIf(!docker || !root)('cluster DNS from inside a Docker container', () => {
  it('resolves Service and headless names via --dns on an address the server added to lo, and removes it on stop', { timeout: 90_000 }, async () => {
    const address = `10.99.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    expect(isLocalAddress(address)).toBe(false);
    const catalog = new FakeCatalog();
    catalog.set(
      serviceInfo({ name: 'web', clusterIP: '10.96.5.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 0 }] }),
      serviceInfo({ name: 'db', clusterIP: 'None', endpoints: [endpointInfo('172.17.0.3', { hostname: 'db-0' }), endpointInfo('172.17.0.4', { ready: false })] }),
    );
    const options = dnsOptionsSchema.parse({ listen: [address], upstream: [], createService: false });
    const server = new DnsServer(options, pluginContext(catalog));
    await server.start();
    try {
      expect(isLocalAddress(address)).toBe(true);
      const web = await nslookup(address, ['web.default.svc.cluster.local']);
      expect(web).toMatch(/Name:\s+web\.default\.svc\.cluster\.local\s+Address:\s+10\.96\.5\.20/);
      const db = await nslookup(address, ['db.default.svc.cluster.local']);
      expect(db).toContain('172.17.0.3');
      expect(db).not.toContain('172.17.0.4');
      const missing = await nslookup(address, ['nope.default.svc.cluster.local']);
      expect(missing).toMatch(/NXDOMAIN/);
    } finally {
      await server.stop();
    }
    expect(isLocalAddress(address)).toBe(false);
  });
});
