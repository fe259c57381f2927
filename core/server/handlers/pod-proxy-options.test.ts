import { describe, expect, it } from 'vitest';
import { isApiError } from '../../api/errors.ts';
import type { Query } from '../query.ts';
import { podExecRequest, podLogRequest } from './pod-proxy-options.ts';

describe('podLogRequest', () => {
  it.each<[string, Query, string]>([
    ['nothing', {}, ''],
    ['follow and tail', { follow: 'true', tailLines: '5' }, 'follow=true&tailLines=5'],
    ['every option', { previous: '1', timestamps: 'true', sinceSeconds: '30', limitBytes: '100' }, 'limitBytes=100&previous=true&sinceSeconds=30&timestamps=true'],
    ['false spelled as apimachinery reads it', { follow: 'False', previous: '0' }, ''],
    ['an empty value, which apimachinery reads as true', { timestamps: '' }, 'timestamps=true'],
    ['sinceTime in RFC 3339', { sinceTime: '2024-05-01T10:00:00Z' }, 'sinceTime=2024-05-01T10%3A00%3A00Z'],
  ])('forwards %s to kubelet', (_what, query, kubelet) => {
    expect(podLogRequest('web', query).kubeletQuery.toString()).toBe(kubelet);
  });

  it('keeps the container and whether it follows', () => {
    expect(podLogRequest('web', { container: 'app', follow: 'true' })).toMatchObject({ container: 'app', follow: true });
  });

  it.each<[string, Query, string, string]>([
    ['a negative tail', { tailLines: '-1' }, 'Invalid', 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['a zero byte limit', { limitBytes: '0' }, 'Invalid', 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0'],
    ['both since options', { sinceSeconds: '5', sinceTime: '2024-05-01T10:00:00Z' }, 'Invalid', 'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ['two errors', { tailLines: '-2', sinceSeconds: '0' }, 'Invalid', 'PodLogOptions "web" is invalid: [tailLines: Invalid value: -2: must be greater than or equal to 0, sinceSeconds: Invalid value: 0: must be greater than 0]'],
    ['a non-number', { tailLines: 'ten' }, 'BadRequest', 'strconv.ParseInt: parsing "ten": invalid syntax'],
  ])('refuses %s', (_what, query, code, message) => {
    let caught: unknown;
    try {
      podLogRequest('web', query);
    } catch (error) {
      caught = error;
    }
    expect(isApiError(caught) && { code: caught.code, message: caught.message }).toEqual({ code, message });
  });
});

describe('podExecRequest', () => {
  it.each<[string, Query, string]>([
    ['kubectl exec POD -- echo hi', { command: ['echo', 'hi'], stdout: 'true', stderr: 'true' }, 'command=echo&command=hi&error=1&output=1'],
    ['kubectl exec -it', { command: 'sh', stdin: 'true', stdout: 'true', tty: 'true' }, 'command=sh&error=1&input=1&output=1&tty=1'],
    ['stdout and stderr, which default to true', { command: 'ls' }, 'command=ls&error=1&output=1'],
    ['streams turned off', { command: 'ls', stdout: 'false', stderr: '0', stdin: 'true' }, 'command=ls&input=1'],
    ['a command with spaces', { command: ['sh', '-c', 'exit 3'] }, 'command=sh&command=-c&command=exit+3&error=1&output=1'],
  ])('maps %s to kubelet parameters', (_what, query, kubelet) => {
    expect(podExecRequest(query).kubeletQuery.toString()).toBe(kubelet);
  });

  it('keeps the container', () => {
    expect(podExecRequest({ container: 'sidecar', command: 'ls' }).container).toBe('sidecar');
  });
});
