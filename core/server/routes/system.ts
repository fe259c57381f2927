import type { FastifyInstance } from 'fastify';

/** The Kubernetes minor version whose API Kubernel serves; kubectl warns on a skew of more than one. */
export const KUBERNETES_VERSION = { major: '1', minor: '32' };

export function versionInfo(kubernelVersion: string): Record<string, string> {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: `v${KUBERNETES_VERSION.major}.${KUBERNETES_VERSION.minor}.0-kubernel.${kubernelVersion}`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsx',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** Health and version endpoints; reachable without credentials, as in Kubernetes. */
export function registerSystemRoutes(app: FastifyInstance, kubernelVersion: string, ready: () => boolean): void {
  const ok = async (): Promise<string> => 'ok';
  app.get('/healthz', ok);
  app.get('/livez', ok);
  app.get('/readyz', async (_req, reply) => {
    if (ready()) return 'ok';
    return reply.code(503).type('text/plain').send('[-]informer-sync failed: not ready\nreadyz check failed');
  });
  app.get('/version', async () => versionInfo(kubernelVersion));
}

export const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
