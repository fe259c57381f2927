import { resolve } from 'node:path';
import { ControlPlane } from '../control-plane.ts';
import { builtinCatalog } from '../catalog.ts';
import { loadCliConfig } from './config-path.ts';
import { waitForStopSignal } from '../stop-signal.ts';

export interface UpFlags {
  config: string | undefined;
  dataDir: string | undefined;
  port: string | undefined;
}

/** `kubernel up`: serves until SIGINT or SIGTERM, then stops everything in reverse order. */
export async function runUp(flags: UpFlags): Promise<number> {
  const { config, configDir } = await loadCliConfig(flags.config);
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`kubernel: --port must be a number from 0 to 65535, got "${flags.port}"\n`);
      return 2;
    }
    config.api.port = port;
  }
  const dataDir = resolve(flags.dataDir ?? '.kubernel');
  const plane = await ControlPlane.start({ config, configDir, dataDir, catalog: builtinCatalog });
  process.stdout.write(
    [
      `Kubernel is serving the Kubernetes API at ${plane.url} (store: ${config.store.backend}, data: ${dataDir})`,
      '',
      'Use it with kubectl:',
      `  export KUBECONFIG=${plane.kubeconfigPath}`,
      '  kubectl get namespaces',
      '',
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  const signal = await waitForStopSignal();
  process.stdout.write(`\nreceived ${signal}, stopping\n`);
  await plane.stop();
  return 0;
}
