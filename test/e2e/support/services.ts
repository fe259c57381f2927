/**
 * Clusters whose Services carry traffic: a local Docker node, the DNS plugin
 * and one load balancer, and a ClusterIP range of the test's own (a random
 * /24 in 10.96.0.0/12), so test files running at once never share an address
 * on the host's loopback device. lb/iptables gets a chain prefix of its own
 * (KT + 5 random characters) for the same reason.
 */
import { request } from 'node:http';
import { randomInt } from 'node:crypto';
import { useAgentCluster, type AgentClusterOptions, type AgentCluster } from './agents.ts';

export type LoadBalancerPlugin = 'lb/proxy' | 'lb/iptables';

export interface ServiceClusterOptions extends AgentClusterOptions {
  /** default lb/proxy */
  loadBalancer?: LoadBalancerPlugin;
  /** lb/proxy's */
  algorithm?: 'round-robin' | 'least-connections' | 'power-of-two-choices';
}

const PREFIX_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** a chain prefix no other test's lb/iptables has: KT and 5 random characters */
export function testChainPrefix(): string {
  let prefix = 'KT';
  for (let i = 0; i < 5; i++) prefix += PREFIX_CHARACTERS[randomInt(PREFIX_CHARACTERS.length)] ?? 'X';
  return prefix;
}

function loadBalancerYaml(options: ServiceClusterOptions): string[] {
  if (options.loadBalancer === 'lb/iptables') return ['  - name: lb/iptables', `    options: { chainPrefix: ${testChainPrefix()} }`];
  return ['  - name: lb/proxy', `    options: { algorithm: ${options.algorithm ?? 'round-robin'} }`];
}

export function serviceRange(): { cidr: string; dnsIP: string } {
  const second = 96 + randomInt(16);
  const third = randomInt(256);
  return { cidr: `10.${second}.${third}.0/24`, dnsIP: `10.${second}.${third}.10` };
}

export function useServiceCluster(options: ServiceClusterOptions = {}): { readonly cluster: AgentCluster; range: { cidr: string; dnsIP: string } } {
  const range = serviceRange();
  const yaml = [
    'services:',
    `  clusterIPRange: ${range.cidr}`,
    'plugins:',
    '  - name: discovery/dns',
    ...loadBalancerYaml(options),
    options.extraYaml ?? '',
  ].join('\n');
  const env = useAgentCluster({ ...options, extraYaml: yaml });
  return {
    get cluster(): AgentCluster {
      return env.cluster;
    },
    range,
  };
}

/** One HTTP GET on a fresh connection (the proxy balances connections, as kube-proxy does); the body. */
export function getOnce(host: string, port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, agent: false, headers: { connection: 'close' }, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode ?? 0}: ${body}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** A Deployment of busybox httpd answering with its pod's name, and its Service. */
export function webApp(
  name: string,
  options: { replicas: number; serviceType?: 'ClusterIP' | 'NodePort'; readinessFile?: boolean; image?: string; terminationGracePeriodSeconds?: number },
): string {
  const readiness = options.readinessFile === true ? `
          readinessProbe:
            exec: { command: ["cat", "/tmp/ready"] }
            periodSeconds: 1
            failureThreshold: 1` : `
          readinessProbe:
            httpGet: { path: /index.html, port: http }
            periodSeconds: 1`;
  const start = options.readinessFile === true ? 'touch /tmp/ready; ' : '';
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${options.replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      terminationGracePeriodSeconds: ${options.terminationGracePeriodSeconds ?? 2}
      containers:
        - name: httpd
          image: ${options.image ?? 'kubernel/busybox:1.35'}
          command: ["sh", "-c", "${start}mkdir -p /www; echo -n $HOSTNAME > /www/index.html; exec httpd -f -p 8080 -h /www"]
          ports: [{ name: http, containerPort: 8080 }]${readiness}
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec:
  type: ${options.serviceType ?? 'ClusterIP'}
  selector: { app: ${name} }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
}
