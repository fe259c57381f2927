import type { NodeTaint } from '../../core/index.ts';

/**
 * The GCE `startup-script` metadata item that makes a new machine a node:
 * it writes the cluster's CA and the agent's settings, installs kubernel,
 * and runs `kubernel agent --server … --token <bootstrap token> --ca-file …
 * --name <node>` as a systemd unit, which joins with the bootstrap token,
 * gets the node's certificate and registers the Node.
 *
 * GCE runs startup scripts as root on every boot; once the unit exists the
 * script only starts it (the agent keeps its certificate in its data dir).
 */
export interface BootstrapSpec {
  nodeName: string;
  server: string;
  caCertPem: string;
  token: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly NodeTaint[];
  installCommand: string;
}

export const AGENT_UNIT = 'kubernel-agent.service';
const EOF = 'KUBERNEL_EOF';
const METADATA_IP_URL = 'http://metadata.google.internal/computeMetadata/v1/instance/network-interfaces/0/ip';

/** kubeadm's bootstrap token format, which the control plane issues */
const BOOTSTRAP_TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
/** characters a shell heredoc or a systemd environment file would read specially */
const UNSAFE = /[\s'"\\$`]/;

export class BootstrapSpecError extends Error {
  override readonly name = 'BootstrapSpecError';
}

function check(spec: BootstrapSpec): void {
  if (!BOOTSTRAP_TOKEN.test(spec.token)) throw new BootstrapSpecError('the bootstrap token must look like "abcdef.0123456789abcdef"');
  let url: URL;
  try {
    url = new URL(spec.server);
  } catch {
    throw new BootstrapSpecError(`the cluster server "${spec.server}" is not a URL`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || UNSAFE.test(spec.server)) {
    throw new BootstrapSpecError(`the cluster server "${spec.server}" must be an http(s) URL without spaces, quotes, "$" or "\\"`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.nodeName)) throw new BootstrapSpecError(`node name "${spec.nodeName}" is not a DNS label`);
  if (!spec.caCertPem.includes('-----BEGIN CERTIFICATE-----') || spec.caCertPem.split('\n').some((line) => line.trim() === EOF)) {
    throw new BootstrapSpecError('the cluster CA must be a PEM certificate');
  }
}

/** The agent's config file (`kubernel agent --config`): JSON, which is YAML too. */
export function agentConfigOf(spec: Pick<BootstrapSpec, 'labels' | 'taints'>): string {
  const taints = spec.taints.map((t) => (t.value === undefined ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect }));
  return JSON.stringify({ apiVersion: 'kubernel.dev/v1alpha1', kind: 'AgentConfig', labels: spec.labels, taints });
}

export function startupScript(spec: BootstrapSpec): string {
  check(spec);
  const pem = spec.caCertPem.endsWith('\n') ? spec.caCertPem : `${spec.caCertPem}\n`;
  return [
    '#!/bin/bash',
    `# Joins this machine to the Kubernel cluster at ${spec.server} as node ${spec.nodeName}.`,
    '# Written by the gcp node provider; GCE runs it as root at every boot.',
    'set -euo pipefail',
    `if [ -f /etc/systemd/system/${AGENT_UNIT} ]; then`,
    `  systemctl start ${AGENT_UNIT}`,
    '  exit 0',
    'fi',
    'umask 077',
    'mkdir -p /etc/kubernel /var/lib/kubernel',
    `cat > /etc/kubernel/ca.crt <<'${EOF}'`,
    `${pem}${EOF}`,
    `cat > /etc/kubernel/agent.json <<'${EOF}'`,
    agentConfigOf(spec),
    EOF,
    `NODE_IP="$(curl -fsS --retry 10 -H 'Metadata-Flavor: Google' ${METADATA_IP_URL})"`,
    `cat > /etc/kubernel/agent.env <<${EOF}`,
    `KUBERNEL_SERVER=${spec.server}`,
    `KUBERNEL_TOKEN=${spec.token}`,
    'NODE_IP=${NODE_IP}',
    EOF,
    spec.installCommand,
    `cat > /etc/systemd/system/${AGENT_UNIT} <<'${EOF}'`,
    '[Unit]',
    'Description=Kubernel node agent',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'EnvironmentFile=/etc/kubernel/agent.env',
    `ExecStart=/usr/bin/env kubernel agent --server \${KUBERNEL_SERVER} --token \${KUBERNEL_TOKEN} --ca-file /etc/kubernel/ca.crt --config /etc/kubernel/agent.json --name ${spec.nodeName} --node-ip \${NODE_IP} --data-dir /var/lib/kubernel`,
    'Restart=always',
    'RestartSec=5',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    EOF,
    `chmod 0644 /etc/systemd/system/${AGENT_UNIT}`,
    'systemctl daemon-reload',
    `systemctl enable --now ${AGENT_UNIT}`,
    '',
  ].join('\n');
}
