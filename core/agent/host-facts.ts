/**
 * What the agent reports about the machine it runs on: capacity and the
 * Node's nodeInfo, read from the host (os, /proc, /etc), as kubelet's
 * cadvisor-backed machine info.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, hostname, release, totalmem } from 'node:os';

export interface HostFacts {
  hostname: string;
  cpuCores: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  architecture: string;
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function osImage(): string {
  const text = readTrimmed('/etc/os-release') ?? '';
  const line = text.split('\n').find((l) => l.startsWith('PRETTY_NAME='));
  return line === undefined ? 'Unknown' : line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '');
}

/** Kubernetes' names for Node's architectures */
function goArch(nodeArch: string): string {
  return nodeArch === 'x64' ? 'amd64' : nodeArch === 'ia32' ? '386' : nodeArch;
}

function diskBytes(path: string): number {
  try {
    const stats = statfsSync(path);
    return stats.blocks * stats.bsize;
  } catch {
    return 0;
  }
}

export function readHostFacts(dataDir: string): HostFacts {
  const machineID = readTrimmed('/etc/machine-id') ?? readTrimmed('/var/lib/dbus/machine-id') ?? randomUUID().replaceAll('-', '');
  return {
    hostname: hostname(),
    cpuCores: cpus().length,
    memoryBytes: totalmem(),
    ephemeralStorageBytes: diskBytes(dataDir),
    machineID,
    systemUUID: readTrimmed('/sys/class/dmi/id/product_uuid') ?? machineID,
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id') ?? randomUUID(),
    kernelVersion: release(),
    osImage: osImage(),
    architecture: goArch(arch()),
  };
}
