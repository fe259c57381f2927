import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentConfig, bootScript, encodeUserData, environmentValue, MAX_USER_DATA_BYTES, type BootScriptInput } from './user-data.ts';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIU$HOME`id`\n-----END CERTIFICATE-----\n';

const input: BootScriptInput = {
  claimName: 'workers-7xk2p',
  server: 'https://10.0.0.10:6443',
  caCertPem: CA,
  bootstrapToken: 'abcdef.0123456789abcdef',
  installCommand: 'echo "npm install -g kubernel@0.1.0" >> "$BOOT_LOG"',
  labels: { 'kubernel.dev/node-pool': 'workers', 'example.com/quote': "it's" },
  taints: [{ key: 'dedicated', value: 'payments', effect: 'NoSchedule' }],
  pods: 29,
};

/** Runs the script as cloud-init would, with its files under `root` and curl/systemctl answered by stubs. */
function boot(root: string, script: string, hostname: string | undefined): void {
  const bin = join(root, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  const localHostname = hostname === undefined ? 'exit 22' : `printf '%s' '${hostname}'`;
  writeFileSync(
    join(bin, 'curl'),
    `#!/bin/bash\necho "curl $*" >> "$BOOT_LOG"\ncase "$*" in\n*api/token*) printf TOKEN ;;\n*local-hostname*) ${localHostname} ;;\n*instance-id*) printf i-0123456789abcdef0 ;;\n*local-ipv4*) printf 10.0.1.23 ;;\nesac\n`,
  );
  writeFileSync(join(bin, 'systemctl'), '#!/bin/bash\necho "systemctl $*" >> "$BOOT_LOG"\n');
  chmodSync(join(bin, 'curl'), 0o755);
  chmodSync(join(bin, 'systemctl'), 0o755);
  const rooted = script.replaceAll('/etc/', `${root}/etc/`).replaceAll('/var/lib/kubernel', `${root}/var/lib/kubernel`);
  execFileSync('bash', ['-c', rooted], { env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}`, BOOT_LOG: join(root, 'boot.log') } });
}

describe('the EC2 boot script', () => {
  let root = '';
  afterEach(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it('writes the CA, the agent config, its secrets and a systemd unit, then starts the agent', () => {
    root = mkdtempSync(join(tmpdir(), 'kubernel-aws-boot-'));
    execFileSync('mkdir', ['-p', join(root, 'etc', 'systemd', 'system')]);
    boot(root, bootScript(input), 'IP-10-0-1-23.ec2.internal other.name');

    expect(readFileSync(join(root, 'etc/kubernel/ca.crt'), 'utf8')).toBe(CA);
    expect(JSON.parse(readFileSync(join(root, 'etc/kubernel/agent.yaml'), 'utf8'))).toEqual({
      apiVersion: 'kubernel.dev/v1alpha1',
      kind: 'AgentConfig',
      port: 10250,
      labels: input.labels,
      taints: input.taints,
      capacity: { pods: 29 },
    });
    expect(readFileSync(join(root, 'etc/kubernel/agent.env'), 'utf8')).toBe(
      'KUBERNEL_SERVER="https://10.0.0.10:6443"\nKUBERNEL_TOKEN="abcdef.0123456789abcdef"\nKUBERNEL_NODE_NAME=ip-10-0-1-23.ec2.internal\nKUBERNEL_NODE_IP=10.0.1.23\n',
    );
    expect(statSync(join(root, 'etc/kubernel/agent.env')).mode & 0o777).toBe(0o600);
    const unit = readFileSync(join(root, 'etc/systemd/system/kubernel-agent.service'), 'utf8').replaceAll(root, '');
    expect(unit).toContain(
      'ExecStart=/usr/bin/env kubernel agent --server ${KUBERNEL_SERVER} --token ${KUBERNEL_TOKEN} --ca-file /etc/kubernel/ca.crt --name ${KUBERNEL_NODE_NAME} --node-ip ${KUBERNEL_NODE_IP} --config /etc/kubernel/agent.yaml --data-dir /var/lib/kubernel',
    );
    expect(unit).toContain('EnvironmentFile=/etc/kubernel/agent.env');
    const log = readFileSync(join(root, 'boot.log'), 'utf8').split('\n');
    expect(log).toContain('curl -fsS -X PUT http://169.254.169.254/latest/api/token -H X-aws-ec2-metadata-token-ttl-seconds: 300');
    expect(log).toContain('curl -fsS -H X-aws-ec2-metadata-token: TOKEN http://169.254.169.254/latest/meta-data/local-hostname');
    expect(log.filter((line) => line.startsWith('systemctl') || line.startsWith('npm'))).toEqual([
      'npm install -g kubernel@0.1.0',
      'systemctl daemon-reload',
      'systemctl enable --now kubernel-agent.service',
    ]);
  });

  it('names the node after its instance id where the VPC gives no private DNS name', () => {
    root = mkdtempSync(join(tmpdir(), 'kubernel-aws-boot-'));
    execFileSync('mkdir', ['-p', join(root, 'etc', 'systemd', 'system')]);
    boot(root, bootScript(input), undefined);
    expect(readFileSync(join(root, 'etc/kubernel/agent.env'), 'utf8')).toContain('KUBERNEL_NODE_NAME=i-0123456789abcdef0\n');
  });

  it.each([
    ['plain', 'https://cp:6443', '"https://cp:6443"'],
    ['quotes', 'a"b', '"a\\"b"'],
    ['backslashes', 'a\\b', '"a\\\\b"'],
  ])('quotes %s for systemd', (_name, value, quoted) => {
    expect(environmentValue(value)).toBe(quoted);
  });

  it('refuses settings that would break out of their line or here-document', () => {
    expect(() => environmentValue('a\nb')).toThrow(/cannot span lines/);
    expect(() => bootScript({ ...input, caCertPem: `${CA}KUBERNEL_EOF\nrm -rf /\n` })).toThrow(/contains the line KUBERNEL_EOF/);
  });

  it('encodes user data in base64 within EC2’s 16 KiB', () => {
    const script = bootScript(input);
    expect(Buffer.from(encodeUserData(script), 'base64').toString('utf8')).toBe(script);
    expect(() => encodeUserData('#'.repeat(MAX_USER_DATA_BYTES + 1))).toThrow(/at most 16384 bytes/);
  });

  it('writes the agent config as JSON, which the agent reads as YAML', () => {
    expect(agentConfig({ labels: {}, taints: [], pods: 110 })).toBe(
      '{\n  "apiVersion": "kubernel.dev/v1alpha1",\n  "kind": "AgentConfig",\n  "port": 10250,\n  "labels": {},\n  "taints": [],\n  "capacity": {\n    "pods": 110\n  }\n}\n',
    );
  });
});
