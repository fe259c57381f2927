import { describe, expect, it } from 'vitest';
import { agentConfigOf, startupScript, type BootstrapSpec } from './startup-script.ts';

const spec: BootstrapSpec = {
  nodeName: 'general-7xk2p',
  server: 'https://203.0.113.10:6443',
  caCertPem: '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2g\n-----END CERTIFICATE-----',
  token: 'k8x2mq.4f7c1d9e0b3a6c58',
  labels: { 'kubernel.dev/node-pool': 'general' },
  taints: [{ key: 'dedicated', effect: 'NoSchedule' }],
  installCommand: 'npm install -g kubernel@0.1.0',
};

describe('the GCE startup script', () => {
  const script = startupScript(spec);

  it('runs the agent as a systemd unit with the server, token, CA file and node name', () => {
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain(
      'ExecStart=/usr/bin/env kubernel agent --server ${KUBERNEL_SERVER} --token ${KUBERNEL_TOKEN} --ca-file /etc/kubernel/ca.crt --config /etc/kubernel/agent.json --name general-7xk2p --node-ip ${NODE_IP} --data-dir /var/lib/kubernel',
    );
    expect(script).toContain('KUBERNEL_SERVER=https://203.0.113.10:6443\nKUBERNEL_TOKEN=k8x2mq.4f7c1d9e0b3a6c58\n');
    expect(script).toContain("cat > /etc/kubernel/ca.crt <<'KUBERNEL_EOF'\n-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2g\n-----END CERTIFICATE-----\nKUBERNEL_EOF\n");
    expect(script).toContain('systemctl enable --now kubernel-agent.service');
  });

  it('installs kubernel before writing the unit, and keeps secrets from other users', () => {
    expect(script.indexOf('npm install -g kubernel@0.1.0')).toBeGreaterThan(script.indexOf('agent.env'));
    expect(script.indexOf('npm install -g kubernel@0.1.0')).toBeLessThan(script.indexOf('[Unit]'));
    expect(script.indexOf('umask 077')).toBeLessThan(script.indexOf('agent.env'));
  });

  it('only starts the unit on later boots', () => {
    expect(script).toMatch(/if \[ -f \/etc\/systemd\/system\/kubernel-agent\.service \]; then\n {2}systemctl start kubernel-agent\.service\n {2}exit 0\nfi/);
  });

  it('gives the agent the node labels and taints in its config file', () => {
    expect(JSON.parse(agentConfigOf(spec))).toEqual({ apiVersion: 'kubernel.dev/v1alpha1', kind: 'AgentConfig', labels: { 'kubernel.dev/node-pool': 'general' }, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] });
    expect(script).toContain(`${agentConfigOf(spec)}\nKUBERNEL_EOF\n`);
  });

  it.each([
    ['a token of another form', { token: 'not-a-bootstrap-token' }, /bootstrap token/],
    ['a server that is no URL', { server: 'control-plane:6443' }, /not a URL|http\(s\) URL/],
    ['a server with a shell expansion', { server: 'https://cp/$(reboot)' }, /http\(s\) URL/],
    ['a CA that is no PEM', { caCertPem: 'not a certificate' }, /PEM/],
    ['a node name that is no DNS label', { nodeName: 'Node_1' }, /DNS label/],
  ])('refuses %s', (_what, change, message) => {
    expect(() => startupScript({ ...spec, ...change })).toThrow(message);
  });
});
