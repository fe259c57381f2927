import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { ApiClient, ServiceCatalog, ServiceNetwork, ServicePluginContext } from '../../../core/index.ts';

export interface LogLine {
  level: number;
  msg: string;
}

/** A logger whose lines the test can read. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parsed: unknown = JSON.parse(chunk.toString());
      if (typeof parsed === 'object' && parsed !== null && 'msg' in parsed && 'level' in parsed) {
        lines.push({ level: Number(parsed.level), msg: String(parsed.msg) });
      }
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

export function testNetwork(fields: Partial<ServiceNetwork> = {}): ServiceNetwork {
  return {
    clusterIPRange: '10.96.0.0/16',
    dnsServiceIP: '10.96.0.10',
    nodePortRange: { first: 30000, last: 32767 },
    clusterDomain: 'cluster.local',
    nodeAddress: '127.0.0.1',
    ...fields,
  };
}

function unused(): Promise<never> {
  return Promise.reject(new Error('this test gives the DNS server no API'));
}

/** An ApiClient for servers that must not call the API (createService: false). */
export const unusedClient: ApiClient = {
  get: unused,
  list: unused,
  watch: unused,
  create: unused,
  update: unused,
  patch: unused,
  delete: unused,
  createSubresource: unused,
};

export function pluginContext(catalog: ServiceCatalog, fields: Partial<ServicePluginContext> = {}): ServicePluginContext {
  return { client: unusedClient, catalog, network: testNetwork(), logger: pino({ level: 'silent' }), ...fields };
}
