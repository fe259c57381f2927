import type { ChainNames } from './chain-names.ts';

export interface Jump {
  table: 'filter' | 'nat';
  /** a built-in chain: the only rules of others' chains this plugin writes, each one jump to one of ours */
  chain: string;
  rule: string[];
}

const comment = (text: string): string[] => ['-m', 'comment', '--comment', text];

/** Where our chains hook in, kube-proxy's set: first in each built-in chain so Docker's rules come after. */
export function jumps(names: ChainNames): Jump[] {
  return [
    { table: 'filter', chain: 'INPUT', rule: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernel externally-visible service portals'), '-j', names.externalServices] },
    { table: 'filter', chain: 'FORWARD', rule: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernel service portals'), '-j', names.services] },
    { table: 'filter', chain: 'OUTPUT', rule: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernel service portals'), '-j', names.services] },
    { table: 'nat', chain: 'PREROUTING', rule: [...comment('kubernel service portals'), '-j', names.services] },
    { table: 'nat', chain: 'OUTPUT', rule: [...comment('kubernel service portals'), '-j', names.services] },
    { table: 'nat', chain: 'POSTROUTING', rule: [...comment('kubernel postrouting rules'), '-j', names.postrouting] },
  ];
}
