/**
 * The node agent (Kubernel's kubelet): registers its Node and keeps its
 * Lease, runs the pods bound to it through a container runtime, probes them,
 * feeds them ConfigMaps and Secrets, reports their status, and serves their
 * logs and exec to the API server. An API client like any other: it reads
 * and writes only through the API.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { isRecord, type KubeObject } from '../api/types/meta.ts';
import type { ApiClient } from '../client/api-client.ts';
import { Resources } from '../client/resources.ts';
import { Controller } from '../controllers/framework/controller.ts';
import { EventRecorder } from '../controllers/framework/event-recorder.ts';
import { Indexes } from '../controllers/framework/indexed-cache.ts';
import { objectKeyOf } from '../controllers/framework/result.ts';
import { SharedInformer } from '../controllers/framework/shared-informer.ts';
import type { ContainerRuntime } from '../contracts/runtime.ts';
import { CrashBackoff, DEFAULT_CRASH_BACKOFF, type CrashBackoffSettings } from './crash-backoff.ts';
import { readHostFacts } from './host-facts.ts';
import { DEFAULT_NODE_TIMING, NodeKeeper, type NodeKeeperTiming } from './node-keeper.ts';
import type { NodeShape } from './node-object.ts';
import { Pleg } from './pleg.ts';
import { hostResolvConf, podDns, type ClusterDns } from './pod-dns.ts';
import { PodSync } from './pod-sync.ts';
import { createPodServices } from './pod-services.ts';
import { startAgentServer, type AgentServer } from './agent-server.ts';
import { StatusWriter } from './status-writer.ts';

export interface AgentOptions {
  nodeName: string;
  client: ApiClient;
  runtime: ContainerRuntime;
  /** the agent's own directory: pod volumes, runtime state */
  rootDir: string;
  /** the Node's InternalIP, where the API server reaches the agent's log/exec server */
  nodeIP: string;
  /** the log/exec server's port; 0 picks a free one */
  serverPort: number;
  /** checks a bearer token sent to the log/exec server: may it read this pod? */
  authorize(token: string, namespace: string, pod: string): Promise<boolean>;
  labels?: Record<string, string>;
  taints?: NodeShape['taints'];
  capacity?: NodeShape['capacity'];
  providerID?: string;
  crashBackoff?: CrashBackoffSettings;
  nodeTiming?: NodeKeeperTiming;
  /** the cluster DNS servers pods with dnsPolicy ClusterFirst use (kubelet's --cluster-dns); default: the kube-dns Service */
  clusterDNS?: string[];
  /** kubelet's --cluster-domain */
  clusterDomain?: string;
  /** pods synced at once */
  workers?: number;
  /** every pod is synced this often even without a change (kubelet's syncFrequency: 1 min) */
  resyncMs?: number;
  logger: Logger;
}

/** the node's own resolver settings, read once: pods with dnsPolicy Default get them */
const hostDns = hostResolvConf();

export class Agent {
  private readonly pods: SharedInformer;
  private readonly configMaps: SharedInformer;
  private readonly secrets: SharedInformer;
  private readonly services: SharedInformer;
  private readonly controller: Controller;
  private readonly pleg: Pleg;
  private readonly keeper: NodeKeeper;
  private readonly podSync: PodSync;
  private server: AgentServer | undefined;
  private readonly podServices: ReturnType<typeof createPodServices>;

  private constructor(
    private readonly options: AgentOptions,
    shape: NodeShape,
    server: AgentServer,
  ) {
    const { client, logger, nodeName, runtime } = options;
    this.server = server;
    this.pods = new SharedInformer(client, Resources.pods, logger.child({ informer: 'pods' }), { fieldSelector: `spec.nodeName=${nodeName}` });
    this.pods.addIndex('namespace', Indexes.namespace);
    this.configMaps = new SharedInformer(client, Resources.configMaps, logger.child({ informer: 'configmaps' }));
    this.secrets = new SharedInformer(client, Resources.secrets, logger.child({ informer: 'secrets' }));
    this.services = new SharedInformer(client, Resources.services, logger.child({ informer: 'services' }));
    this.keeper = new NodeKeeper(client, shape, logger, options.nodeTiming ?? DEFAULT_NODE_TIMING);
    const events = new EventRecorder(client, 'kubelet', logger);
    this.podServices = createPodServices({
      runtime,
      rootDir: options.rootDir,
      nodeName,
      hostIP: options.nodeIP,
      allocatable: shape,
      objects: {
        configMap: (namespace, name) => this.configMaps.cache.get(`${namespace}/${name}`),
        secret: (namespace, name) => this.secrets.cache.get(`${namespace}/${name}`),
      },
      services: () => this.services.cache.list(),
      events,
      onProbeChange: (key) => this.controller.enqueue(key),
      logger,
    });
    this.podSync = new PodSync({
      nodeName,
      hostIP: options.nodeIP,
      client,
      runtime,
      podOf: (key) => this.pods.cache.get(key),
      config: this.podServices.config,
      volumes: this.podServices.volumes,
      probes: this.podServices.probes,
      dnsOf: (pod) => podDns(pod, this.clusterDns(), hostDns),
      events,
      status: new StatusWriter(client, logger),
      crashBackoff: new CrashBackoff(options.crashBackoff ?? DEFAULT_CRASH_BACKOFF),
      // kubelet's image back-off keeps its own 10 s .. 300 s whatever the crash back-off is set to.
      pullBackoff: new CrashBackoff(DEFAULT_CRASH_BACKOFF),
      logger,
      now: () => Date.now(),
      resyncMs: options.resyncMs ?? 60_000,
    });
    this.controller = new Controller(this.podSync, { workers: options.workers ?? 8, logger });
    this.pleg = new Pleg(runtime, (key) => this.controller.enqueue(key), logger);
  }

  /** Starts the agent: its server, the Node and Lease, then the pods bound to it. */
  static async start(options: AgentOptions): Promise<Agent> {
    await mkdir(join(options.rootDir, 'pods'), { recursive: true, mode: 0o750 });
    const facts = readHostFacts(options.rootDir);
    const runtimeVersion = await options.runtime.version();
    let agent: Agent | undefined;
    const server = await startAgentServer({
      host: options.nodeIP,
      port: options.serverPort,
      runtime: options.runtime,
      authorize: options.authorize,
      podOf: (namespace, name) => agent?.pods.cache.get(`${namespace}/${name}`),
      logger: options.logger,
    });
    const shape: NodeShape = {
      name: options.nodeName,
      facts,
      capacity: options.capacity ?? {},
      labels: options.labels ?? {},
      taints: options.taints ?? [],
      internalIP: options.nodeIP,
      serverPort: server.port,
      runtimeVersion,
      ...(options.providerID === undefined ? {} : { providerID: options.providerID }),
    };
    agent = new Agent(options, shape, server);
    try {
      await agent.run();
    } catch (error) {
      await agent.stop();
      throw error;
    }
    return agent;
  }

  /** kubelet's --cluster-dns, else the `kube-dns` Service's ClusterIP as the cluster has it now */
  private clusterDns(): ClusterDns {
    const domain = this.options.clusterDomain ?? 'cluster.local';
    if (this.options.clusterDNS !== undefined) return { nameservers: this.options.clusterDNS, domain };
    const service = this.services.cache.get('kube-system/kube-dns');
    const ip = service !== undefined && isRecord(service['spec']) ? service['spec']['clusterIP'] : undefined;
    return { nameservers: typeof ip === 'string' && ip !== '' && ip !== 'None' ? [ip] : [], domain };
  }

  get nodeName(): string {
    return this.options.nodeName;
  }

  private async run(): Promise<void> {
    await this.keeper.register();
    const enqueue = (pod: KubeObject): void => this.controller.enqueue(objectKeyOf(pod.metadata));
    this.pods.addHandlers({ onAdd: enqueue, onUpdate: (_old, pod) => enqueue(pod), onDelete: enqueue });
    // A changed ConfigMap or Secret reaches the files of the pods that mount it at their next sync.
    const touchNamespace = (object: KubeObject): void => {
      for (const pod of this.pods.cache.byIndex('namespace', object.metadata.namespace ?? '')) enqueue(pod);
    };
    for (const informer of [this.configMaps, this.secrets]) informer.addHandlers({ onUpdate: (_old, o) => touchNamespace(o), onAdd: touchNamespace });
    this.pods.start();
    this.configMaps.start();
    this.secrets.start();
    this.services.start();
    await Promise.all([this.pods.waitForSync(), this.configMaps.waitForSync(), this.secrets.waitForSync(), this.services.waitForSync()]);
    // Containers of pods deleted while the agent was away are found by the first relist and removed.
    for (const key of await this.pleg.relist()) this.controller.enqueue(key);
    this.controller.start();
    this.pleg.start();
    this.keeper.start();
    this.options.logger.info({ node: this.options.nodeName, runtime: this.options.runtime.name }, 'node agent running');
  }

  /** Stops the agent; the containers keep running, to be adopted by the next start. */
  async stop(): Promise<void> {
    this.pleg.stop();
    this.keeper.stop();
    await this.controller.stop();
    this.pods.stop();
    this.configMaps.stop();
    this.secrets.stop();
    this.podServices.stop();
    this.services.stop();
    await this.server?.close();
    this.server = undefined;
  }
}
