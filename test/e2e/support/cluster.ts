import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { ControlPlane } from '../../../core/cli/control-plane.ts';
import { builtinCatalog } from '../../../core/cli/catalog.ts';
import { parseConfig } from '../../../core/kernel/config.ts';

export interface TestCluster {
  plane: ControlPlane;
  dataDir: string;
  kubeconfig: string;
  /** stops the control plane and starts it again on the same port and data directory */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real control plane in this process on a free port with its own data
 * directory: HTTPS, certificates, token and kubeconfig exactly as `kubernel up`
 * makes them. `extraYaml` adds to the config (e.g. a store section);
 * `garbageCollection` makes deletes add the orphan/foregroundDeletion finalizers;
 * `controllers` runs the built-in controllers (off by default: API tests see only what they write).
 */
export async function startCluster(extraYaml = '', options: { garbageCollection?: boolean; controllers?: boolean } = {}): Promise<TestCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-e2e-'));
  const yaml = `api:\n  port: 0\nlogging:\n  level: warn\n${extraYaml}`;
  await writeFile(join(dataDir, 'kubernel.yaml'), yaml);
  const config = await parseConfig(yaml);
  const start = (): Promise<ControlPlane> =>
    ControlPlane.start({ config, configDir: dataDir, dataDir, catalog: builtinCatalog, logger: pino({ level: 'warn' }), controllers: false, ...options });
  const cluster: TestCluster = {
    plane: await start(),
    dataDir,
    kubeconfig: join(dataDir, 'kubeconfig'),
    restart: async () => {
      await cluster.plane.stop();
      config.api.port = Number(new URL(cluster.plane.url).port);
      cluster.plane = await start();
    },
    stop: async () => {
      await cluster.plane.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
