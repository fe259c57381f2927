import { describe, expect, it } from 'vitest';
import type { BlockedCandidate, Candidate, CandidateSelection } from './candidates.ts';
import { viewClaim, type ClaimView } from './cluster-view.ts';
import { BlockedNotices, cannotDisruptMessage, disruptingMessage } from './events.ts';
import { claim, node, pool, snapshotOf } from './test-fixtures.ts';

const view = (name: string): ClaimView => viewClaim(snapshotOf({ pools: [pool('default')], claims: [], nodes: [node(`node-${name}`)] }), claim(name));
const blocked = (name: string, reason: string, announce = true): BlockedCandidate => ({ view: view(name), reason, announce });
const candidate = (name: string): Candidate => ({ view: view(name), method: 'Underutilized', cost: 1 });
const selection = (parts: { blocked?: BlockedCandidate[]; candidates?: Candidate[] }): CandidateSelection => ({ blocked: parts.blocked ?? [], candidates: parts.candidates ?? [] });

describe('messages', () => {
  it.each<[string, string]>([
    [disruptingMessage('NodeClaim', 'Empty'), 'Disrupting NodeClaim: Empty'],
    [disruptingMessage('Node', 'Underutilized (pods fit on other nodes)'), 'Disrupting Node: Underutilized (pods fit on other nodes)'],
    [cannotDisruptMessage('NodeClaim', 'pdb "default/web" prevents pod evictions'), 'Cannot disrupt NodeClaim: pdb "default/web" prevents pod evictions'],
  ])('%s', (message, expected) => {
    expect(message).toBe(expected);
  });
});

describe('BlockedNotices: once per reason change', () => {
  const pdbWeb = 'pdb "default/web" prevents pod evictions';
  const pdbDb = 'pdb "default/db" prevents pod evictions';
  const all = new Set(['uid-c1', 'uid-c2']);

  it.each<[string, CandidateSelection[], string[]]>([
    ['the same reason pass after pass: once', [selection({ blocked: [blocked('c1', pdbWeb)] }), selection({ blocked: [blocked('c1', pdbWeb)] }), selection({ blocked: [blocked('c1', pdbWeb)] })], [`c1 ${pdbWeb}`]],
    ['a new reason: again', [selection({ blocked: [blocked('c1', pdbWeb)] }), selection({ blocked: [blocked('c1', pdbDb)] })], [`c1 ${pdbWeb}`, `c1 ${pdbDb}`]],
    ['not a candidate for a while, then blocked the same way: not again', [selection({ blocked: [blocked('c1', pdbWeb)] }), selection({}), selection({ blocked: [blocked('c1', pdbWeb)] })], [`c1 ${pdbWeb}`]],
    ['a candidate in between: a new episode', [selection({ blocked: [blocked('c1', pdbWeb)] }), selection({ candidates: [candidate('c1')] }), selection({ blocked: [blocked('c1', pdbWeb)] })], [`c1 ${pdbWeb}`, `c1 ${pdbWeb}`]],
    ['each claim on its own', [selection({ blocked: [blocked('c1', pdbWeb), blocked('c2', pdbWeb)] })], [`c1 ${pdbWeb}`, `c2 ${pdbWeb}`]],
    ['do-not-disrupt is never announced', [selection({ blocked: [blocked('c1', 'Pod "default/x" has "kubernel.dev/do-not-disrupt" annotation', false)] })], []],
  ])('%s', (_, passes, expected) => {
    const announced: string[] = [];
    const notices = new BlockedNotices((b) => announced.push(`${b.view.name} ${b.reason}`));
    for (const pass of passes) notices.update(pass, all);
    expect(announced).toEqual(expected);
  });

  it('forgets claims that are gone', () => {
    const announced: string[] = [];
    const notices = new BlockedNotices((b) => announced.push(b.view.name));
    notices.update(selection({ blocked: [blocked('c1', pdbWeb)] }), all);
    notices.update(selection({}), new Set());
    notices.update(selection({ blocked: [blocked('c1', pdbWeb)] }), all);
    expect(announced).toEqual(['c1', 'c1']);
  });
});
