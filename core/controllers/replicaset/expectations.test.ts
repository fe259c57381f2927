import { describe, expect, it } from 'vitest';
import { ControllerExpectations } from './expectations.ts';

describe('ControllerExpectations', () => {
  it('holds a controller back until every expected creation is observed', () => {
    const exp = new ControllerExpectations();
    expect(exp.satisfied('default/web')).toBe(true);
    exp.expectCreations('default/web', 2);
    expect(exp.satisfied('default/web')).toBe(false);
    exp.creationObserved('default/web');
    expect(exp.satisfied('default/web')).toBe(false);
    exp.creationObserved('default/web');
    expect(exp.satisfied('default/web')).toBe(true);
  });

  it('counts each expected deletion once, whether seen as a graceful delete or the delete itself', () => {
    const exp = new ControllerExpectations();
    exp.expectDeletions('default/web', ['default/a', 'default/b']);
    exp.deletionObserved('default/web', 'default/a');
    exp.deletionObserved('default/web', 'default/a');
    exp.deletionObserved('default/web', 'default/other');
    expect(exp.pending('default/web')).toEqual({ add: 0, del: 1 });
    exp.deletionObserved('default/web', 'default/b');
    expect(exp.satisfied('default/web')).toBe(true);
  });

  it('expires after the timeout, so a lost event never stalls a ReplicaSet', () => {
    let now = 0;
    const exp = new ControllerExpectations(() => now, 1000);
    exp.expectCreations('k', 1);
    now = 1000;
    expect(exp.satisfied('k')).toBe(false);
    now = 1001;
    expect(exp.satisfied('k')).toBe(true);
  });

  it('forgets a deleted ReplicaSet', () => {
    const exp = new ControllerExpectations();
    exp.expectCreations('k', 3);
    exp.delete('k');
    expect(exp.satisfied('k')).toBe(true);
    expect(exp.pending('k')).toBeUndefined();
  });
});

