import type { NodeTaint } from '../../core/index.ts';

/**
 * The EC2 user data of a node: a shell script cloud-init runs once, as root,
 * at first boot. It asks the instance metadata service (IMDSv2, the only
 * version the provider's launches allow) for the node's name and address,
 * installs kubernel, writes the cluster CA, the agent's config and its
 * secrets, and starts `kubernel agent` as a systemd unit that joins the
 * cluster with the claim's bootstrap token.
 *
 * The node name is the instance's private DNS name (`ip-10-0-1-23.ec2.internal`,
 * IMDS `local-hostname`), as kubelet names EC2 nodes, or the instance id
 * where the VPC gives no DNS name; provider.ts reports the same name from
 * the RunInstances answer.
 */

export interface BootScriptInput {
  claimName: string;
  server: string;
  caCertPem: string;
  bootstrapToken: string;
  installCommand: string;
  /** the Node's labels, taints and pod capacity, for the agent's config file */
  labels: Readonly<Record<string, string>>;
  taints: readonly NodeTaint[];
  pods: number;
}

/** EC2 refuses user data above 16 KiB (before base64) */
export const MAX_USER_DATA_BYTES = 16 * 1024;

export const AGENT_PORT = 10250;
const HEREDOC_END = 'KUBERNEL_EOF';

/** A systemd EnvironmentFile value: double-quoted, with `\` and `"` escaped. */
export function environmentValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`a boot-script setting cannot span lines: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A file written verbatim by a quoted here-document, so that the shell expands nothing in it. */
function literalFile(path: string, content: string, mode: string): string {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  if (body.split('\n').includes(HEREDOC_END)) throw new Error(`the content of ${path} contains the line ${HEREDOC_END}`);
  return `install -m ${mode} /dev/null ${path}\ncat > ${path} <<'${HEREDOC_END}'\n${body}${HEREDOC_END}\n`;
}

/** `kubernel agent --config`: labels and taints the Node registers with, and its pod capacity (the catalog's ENI-limited figure). */
export function agentConfig(input: Pick<BootScriptInput, 'labels' | 'taints' | 'pods'>): string {
  const config = {
    apiVersion: 'kubernel.dev/v1alpha1',
    kind: 'AgentConfig',
    port: AGENT_PORT,
    labels: input.labels,
    taints: input.taints,
    capacity: { pods: input.pods },
  };
  // JSON is YAML, and needs no quoting rules of its own here.
  return `${JSON.stringify(config, null, 2)}\n`;
}

const AGENT_UNIT = `[Unit]
Description=Kubernel node agent
Wants=network-online.target
After=network-online.target

[Service]
EnvironmentFile=/etc/kubernel/agent.env
ExecStart=/usr/bin/env kubernel agent --server \${KUBERNEL_SERVER} --token \${KUBERNEL_TOKEN} --ca-file /etc/kubernel/ca.crt --name \${KUBERNEL_NODE_NAME} --node-ip \${KUBERNEL_NODE_IP} --config /etc/kubernel/agent.yaml --data-dir /var/lib/kubernel
Restart=always
RestartSec=5
# Pods the agent started keep running across its restarts; the next start adopts them.
KillMode=process

[Install]
WantedBy=multi-user.target
`;

export function bootScript(input: BootScriptInput): string {
  const secrets = `KUBERNEL_SERVER=${environmentValue(input.server)}\nKUBERNEL_TOKEN=${environmentValue(input.bootstrapToken)}\n`;
  return `#!/bin/bash
# Kubernel node bootstrap for node claim ${input.claimName.replace(/[^a-zA-Z0-9.-]/g, '_')}, written by the aws node provider.
set -euo pipefail

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}
INSTANCE_ID=$(imds instance-id)
NODE_NAME=$(imds local-hostname || true)
NODE_NAME=\${NODE_NAME%% *}
if [ -z "$NODE_NAME" ]; then NODE_NAME=$INSTANCE_ID; fi
NODE_NAME=$(printf '%s' "$NODE_NAME" | tr '[:upper:]' '[:lower:]')
NODE_IP=$(imds local-ipv4)

${input.installCommand}

install -d -m 0755 /etc/kubernel /var/lib/kubernel
${literalFile('/etc/kubernel/ca.crt', input.caCertPem, '0644')}${literalFile('/etc/kubernel/agent.yaml', agentConfig(input), '0644')}${literalFile('/etc/kubernel/agent.env', secrets, '0600')}printf 'KUBERNEL_NODE_NAME=%s\\nKUBERNEL_NODE_IP=%s\\n' "$NODE_NAME" "$NODE_IP" >> /etc/kubernel/agent.env
${literalFile('/etc/systemd/system/kubernel-agent.service', AGENT_UNIT, '0644')}systemctl daemon-reload
systemctl enable --now kubernel-agent.service
`;
}

/** RunInstances' UserData: the script, base64-encoded (the SDK sends the string as given). */
export function encodeUserData(script: string): string {
  const bytes = Buffer.byteLength(script, 'utf8');
  if (bytes > MAX_USER_DATA_BYTES) throw new Error(`the boot script is ${bytes} bytes; EC2 takes at most ${MAX_USER_DATA_BYTES} bytes of user data`);
  return Buffer.from(script, 'utf8').toString('base64');
}
