import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { summary } from '../support/test-helpers.ts';
import { defaultEvent } from './defaults.ts';
import { validateEvent, validateEventUpdate } from './validation.ts';

function event(body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: 'nginx-7854ff8877-q2x5m.17c3a8f2d2b6e1a0', namespace: 'default', ...meta }, ...body };
}

/** What the kubelet records when it pulls an image (`kubectl get events -o yaml`). */
const pulled = {
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx-7854ff8877-q2x5m', uid: '5f1e2c3a', apiVersion: 'v1', fieldPath: 'spec.containers{nginx}' },
  reason: 'Pulled',
  message: 'Successfully pulled image "nginx:1.25" in 2.1s',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2024-05-01T10:00:00Z',
  lastTimestamp: '2024-05-01T10:00:00Z',
  count: 1,
  type: 'Normal',
};

/** An event written by an events.k8s.io client (the scheduler), as the core API shows it. */
const scheduled = {
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0' },
  reason: 'Scheduled',
  message: 'Successfully assigned default/web-0 to node-1',
  eventTime: '2024-05-01T10:00:00.123456Z',
  action: 'Binding',
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-control-plane',
  type: 'Normal',
};

describe('defaultEvent', () => {
  it('changes nothing', () => {
    const obj = event(pulled);
    defaultEvent(obj);
    expect(obj).toEqual(event(pulled));
  });
});

describe('validateEvent', () => {
  it.each([
    ['a kubelet event', event(pulled)],
    ['a scheduler event', event(scheduled)],
    ['a node event in default', event({ ...pulled, involvedObject: { kind: 'Node', name: 'node-1' }, type: 'Warning' }, { name: 'node-1.17c3a8f2' })],
    ['a new-style node event in kube-system', event({ ...scheduled, involvedObject: { kind: 'Node', name: 'node-1' } }, { namespace: 'kube-system' })],
  ])('accepts %s', (_, obj) => {
    expect(validateEvent(obj)).toEqual([]);
  });

  const { involvedObject: _omit, ...withoutObject } = pulled;
  it.each([
    ['a missing involvedObject', event(withoutObject), 'FieldValueRequired', 'involvedObject'],
    ['a namespace mismatch', event(pulled, { namespace: 'kube-system' }), 'FieldValueInvalid', 'involvedObject.namespace'],
    ['a cluster object outside default', event({ ...pulled, involvedObject: { kind: 'Node', name: 'n' } }, { namespace: 'prod' }), 'FieldValueInvalid', 'involvedObject.namespace'],
    ['an unknown type', event({ ...pulled, type: 'Error' }), 'FieldValueNotSupported', 'type'],
    ['a count as text', event({ ...pulled, count: '1' }), 'FieldValueTypeInvalid', 'count'],
    ['a malformed firstTimestamp', event({ ...pulled, firstTimestamp: '1 May 2024' }), 'FieldValueTypeInvalid', 'firstTimestamp'],
    ['a malformed lastTimestamp', event({ ...pulled, lastTimestamp: 1714557600 }), 'FieldValueTypeInvalid', 'lastTimestamp'],
    ['an involvedObject given as text', event({ ...pulled, involvedObject: 'pod/nginx' }), 'FieldValueTypeInvalid', 'involvedObject'],
    ['a new-style event without action', event({ ...scheduled, action: '' }), 'FieldValueRequired', 'action'],
    ['a new-style event without reason', event({ ...scheduled, reason: undefined }), 'FieldValueRequired', 'reason'],
    ['a new-style event without instance', event({ ...scheduled, reportingInstance: '' }), 'FieldValueRequired', 'reportingInstance'],
    ['a new-style event with a long reason', event({ ...scheduled, reason: 'x'.repeat(129) }), 'FieldValueInvalid', 'reason'],
    ['a new-style event with a long note', event({ ...scheduled, message: 'x'.repeat(1025) }), 'FieldValueInvalid', 'message'],
    ['a name with a colon', event(pulled, { name: 'nginx:pulled' }), 'FieldValueInvalid', 'metadata.name'],
  ])('rejects %s', (_, obj, type, field) => {
    expect(summary(validateEvent(obj))).toEqual([[type, field]]);
  });

  it('requires a reporting component on new-style events', () => {
    // Like Kubernetes, the empty name also fails the qualified-name rule (twice: empty, and format).
    expect(summary(validateEvent(event({ ...scheduled, reportingComponent: '' })))).toEqual([
      ['FieldValueRequired', 'reportingComponent'],
      ['FieldValueInvalid', 'reportingComponent'],
      ['FieldValueInvalid', 'reportingComponent'],
    ]);
  });

  it('words the namespace mismatch as Kubernetes does', () => {
    const [err] = validateEvent(event(pulled, { namespace: 'kube-system' }));
    expect(err?.message).toBe('Invalid value: "default": does not match event.namespace');
  });
});

describe('validateEventUpdate', () => {
  const meta = { resourceVersion: '4', uid: 'u' };

  it('accepts a recorder bumping count and lastTimestamp', () => {
    const next = event({ ...pulled, count: 2, lastTimestamp: '2024-05-01T10:01:00Z' }, meta);
    expect(validateEventUpdate(next, event(pulled, meta))).toEqual([]);
  });

  it('still checks the event', () => {
    const next = event({ ...pulled, type: 'Info' }, meta);
    expect(summary(validateEventUpdate(next, event(pulled, meta)))).toEqual([['FieldValueNotSupported', 'type']]);
  });
});
