/**
 * `kubernel agent`: a node agent in a process of its own, for any machine
 * that can reach the API server. Runs until SIGINT or SIGTERM; its
 * containers keep running after it stops and are adopted by its next start.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { parse } from 'yaml';
import { Agent } from '../../agent/agent.ts';
import { agentConfigSchema, type AgentConfig } from '../../agent/agent-config.ts';
import { apiAuthorizer } from '../../agent/api-authorizer.ts';
import { nodeApiCredentials } from '../../agent/bootstrap.ts';
import { loadRuntimePlugins } from '../../agent/runtime-plugins.ts';
import { selectRuntime } from '../../agent/runtime-select.ts';
import { createHttpApiClient } from '../../client/http-client.ts';
import { KernelError } from '../../kernel/errors.ts';
import { builtinCatalog } from '../catalog.ts';
import { waitForStopSignal } from '../stop-signal.ts';

export interface AgentFlags {
  server: string | undefined;
  token: string | undefined;
  /** a bootstrap token: the agent asks for a client certificate with it (a --token of that form does the same) */
  bootstrapToken?: string | undefined;
  name: string | undefined;
  runtime: string | undefined;
  config: string | undefined;
  caFile: string | undefined;
  nodeIP: string | undefined;
  port: string | undefined;
  dataDir: string | undefined;
}

async function loadAgentConfig(file: string | undefined): Promise<AgentConfig> {
  const raw: unknown = file === undefined ? {} : (parse(await readFile(file, 'utf8'), { maxAliasCount: 100 }) ?? {});
  const result = agentConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new KernelError('KERNEL_ERR_CONFIG_INVALID', `${file ?? 'agent config'} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export async function runAgent(flags: AgentFlags): Promise<number> {
  if (flags.server === undefined || (flags.token === undefined && flags.bootstrapToken === undefined)) {
    process.stderr.write('kubernel agent: --server URL and --token TOKEN (or --bootstrap-token TOKEN) are required\n');
    return 2;
  }
  const config = await loadAgentConfig(flags.config);
  const port = flags.port === undefined ? config.port : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`kubernel agent: --port must be a number from 0 to 65535, got "${flags.port ?? ''}"\n`);
    return 2;
  }
  const caCertPem = flags.caFile === undefined ? '' : await readFile(flags.caFile, 'utf8');
  const nodeName = flags.name ?? config.name ?? hostname().toLowerCase();
  const rootDir = resolve(flags.dataDir ?? config.dataDir ?? join('.kubernel-agent', nodeName));
  const logger = pino({ level: process.env['KUBERNEL_LOG_LEVEL'] ?? 'info', base: { component: 'agent', node: nodeName } });
  const credentials = await nodeApiCredentials({
    server: flags.server,
    caCertPem,
    nodeName,
    dataDir: rootDir,
    ...(flags.token === undefined ? {} : { token: flags.token }),
    ...(flags.bootstrapToken === undefined ? {} : { bootstrapToken: flags.bootstrapToken }),
    logger: logger.child({ component: 'bootstrap' }),
  }).catch((error: unknown) => {
    process.stderr.write(`kubernel agent: TLS bootstrap failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  });
  if (credentials === undefined) return 1;

  const { runtimes } = await loadRuntimePlugins(builtinCatalog, logger);
  const choice = await selectRuntime(runtimes, flags.runtime ?? config.runtime, config.runtimeOptions, flags.runtime === undefined ? 'runtime' : '--runtime');
  if (choice.fallbackReason !== undefined) process.stderr.write(`kubernel agent: ${choice.fallbackReason}; running pods with the ${choice.factory.name} runtime\n`);
  const runtime = await choice.factory.create(choice.options, { nodeName, stateDir: join(rootDir, 'runtime'), logger: logger.child({ component: 'runtime' }) });
  const client = createHttpApiClient({ server: flags.server, ...credentials, ...(caCertPem === '' ? {} : { ca: caCertPem }), userAgent: `kubernel-agent/${nodeName}` });
  const agent = await Agent.start({
    nodeName,
    client,
    runtime,
    rootDir,
    nodeIP: flags.nodeIP ?? config.nodeIP,
    serverPort: port,
    authorize: apiAuthorizer(flags.server, caCertPem),
    labels: config.labels,
    taints: config.taints,
    capacity: config.capacity,
    ...(config.clusterDNS === undefined ? {} : { clusterDNS: config.clusterDNS }),
    clusterDomain: config.clusterDomain,
    crashBackoff: { initialMs: config.crashLoopBackOff.initialSeconds * 1000, maxMs: config.crashLoopBackOff.maxSeconds * 1000 },
    nodeTiming: { leaseRenewMs: config.leaseRenewSeconds * 1000, statusCheckMs: config.statusUpdateSeconds * 1000, statusReportMs: 300_000 },
    logger,
  });
  process.stdout.write(`kubernel agent: node ${nodeName} joined ${flags.server} (runtime: ${runtime.name})\n`);
  await waitForStopSignal();
  await agent.stop();
  await runtime.close?.();
  client.close();
  return 0;
}
