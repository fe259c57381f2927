import { describe, expect, it } from 'vitest';
import { isApiError } from '../../api/errors.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { chooseContainer } from './pod-proxy-container.ts';

function pod(spec: { init?: string[]; containers?: string[]; ephemeral?: string[] }, annotations?: Record<string, string>): KubeObject {
  const named = (names: string[] | undefined) => names?.map((name) => ({ name, image: 'busybox' }));
  return {
    metadata: { name: 'web', namespace: 'default', ...(annotations === undefined ? {} : { annotations }) },
    spec: { initContainers: named(spec.init), containers: named(spec.containers) ?? [], ephemeralContainers: named(spec.ephemeral) },
  };
}

function failure(run: () => unknown): { code: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!isApiError(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('chooseContainer', () => {
  it.each([
    ['the only container', pod({ containers: ['app'] }), undefined, 'app'],
    ['the only regular container next to an init container', pod({ init: ['setup'], containers: ['app'] }), undefined, 'app'],
    ['a named regular container', pod({ containers: ['app', 'sidecar'] }), 'sidecar', 'sidecar'],
    ['a named init container', pod({ init: ['setup'], containers: ['app', 'sidecar'] }), 'setup', 'setup'],
    ['a named ephemeral container', pod({ containers: ['app'], ephemeral: ['debugger'] }), 'debugger', 'debugger'],
    ['the only container when the query is empty', pod({ containers: ['app'] }), '', 'app'],
  ])('picks %s', (_what, p, requested, expected) => {
    expect(chooseContainer(p, requested)).toBe(expected);
  });

  it.each([
    ['several and none named', pod({ init: ['setup'], containers: ['app', 'sidecar'], ephemeral: ['dbg'] }), undefined, 'a container name must be specified for pod web, choose one of: [setup app sidecar dbg]'],
    // kube-apiserver leaves the default-container annotation to kubectl, which sends `container` itself.
    ['several with only a default-container annotation', pod({ containers: ['app', 'sidecar'] }, { 'kubectl.kubernetes.io/default-container': 'sidecar' }), undefined, 'a container name must be specified for pod web, choose one of: [app sidecar]'],
    ['none at all', pod({}), undefined, 'a container name must be specified for pod web'],
    ['an unknown name', pod({ containers: ['app'] }), 'nope', 'container nope is not valid for pod web'],
  ])('refuses %s with 400', (_what, p, requested, message) => {
    expect(failure(() => chooseContainer(p, requested))).toEqual({ code: 'BadRequest', message });
  });
});
