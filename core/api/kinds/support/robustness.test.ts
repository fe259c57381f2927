/** Defaults and validation run on untrusted JSON before any type is known: they must report, never crash. */
import { expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultConfigMap } from '../configmap/defaults.ts';
import { validateConfigMap, validateConfigMapUpdate } from '../configmap/validation.ts';
import { defaultEndpoints } from '../endpoints/defaults.ts';
import { validateEndpoints, validateEndpointsUpdate } from '../endpoints/validation.ts';
import { defaultEndpointSlice } from '../endpointslice/defaults.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../endpointslice/validation.ts';
import { defaultEvent } from '../event/defaults.ts';
import { validateEvent, validateEventUpdate } from '../event/validation.ts';
import { defaultLease } from '../lease/defaults.ts';
import { validateLease, validateLeaseUpdate } from '../lease/validation.ts';
import { defaultNamespace } from '../namespace/defaults.ts';
import { validateNamespace, validateNamespaceUpdate } from '../namespace/validation.ts';
import { defaultNode } from '../node/defaults.ts';
import { validateNode, validateNodeUpdate } from '../node/validation.ts';
import { defaultPersistentVolume } from '../persistentvolume/defaults.ts';
import { validatePersistentVolume, validatePersistentVolumeUpdate } from '../persistentvolume/validation.ts';
import { defaultPersistentVolumeClaim } from '../persistentvolumeclaim/defaults.ts';
import { validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate } from '../persistentvolumeclaim/validation.ts';
import { defaultSecret } from '../secret/defaults.ts';
import { validateSecret, validateSecretUpdate } from '../secret/validation.ts';
import { defaultService } from '../service/defaults.ts';
import { prepareServiceForUpdate } from '../service/prepare-update.ts';
import { validateService, validateServiceUpdate } from '../service/validation.ts';
import { defaultServiceAccount } from '../serviceaccount/defaults.ts';
import { validateServiceAccount, validateServiceAccountUpdate } from '../serviceaccount/validation.ts';

const kinds: Array<[(o: KubeObject) => void, (o: KubeObject) => unknown[], (o: KubeObject, p: KubeObject) => unknown[]]> = [
  [defaultConfigMap, validateConfigMap, validateConfigMapUpdate],
  [defaultEndpoints, validateEndpoints, validateEndpointsUpdate],
  [defaultEndpointSlice, validateEndpointSlice, validateEndpointSliceUpdate],
  [defaultEvent, validateEvent, validateEventUpdate],
  [defaultLease, validateLease, validateLeaseUpdate],
  [defaultNamespace, validateNamespace, validateNamespaceUpdate],
  [defaultNode, validateNode, validateNodeUpdate],
  [defaultPersistentVolume, validatePersistentVolume, validatePersistentVolumeUpdate],
  [defaultPersistentVolumeClaim, validatePersistentVolumeClaim, validatePersistentVolumeClaimUpdate],
  [defaultSecret, validateSecret, validateSecretUpdate],
  [(o) => defaultService(o), (o) => validateService(o), (o, p) => { prepareServiceForUpdate(o, p); return validateServiceUpdate(o, p); }],
  [defaultServiceAccount, validateServiceAccount, validateServiceAccountUpdate],
];

const junk: unknown[] = [null, 'x', 7, true, [], [1, 'a', null], {}, { a: null }, { ports: 'x', selector: [], finalizers: {} }];
const fields = ['spec', 'status', 'data', 'binaryData', 'stringData', 'subsets', 'endpoints', 'ports', 'addressType', 'type', 'involvedObject', 'immutable', 'metadata'];

it('never throws, whatever JSON types the fields hold', () => {
  for (const [def, validate, validateUpdate] of kinds) {
    for (const field of fields) {
      for (const value of junk) {
        const obj: KubeObject = { metadata: { name: 'a', namespace: 'default', resourceVersion: '1' }, [field]: structuredClone(value) };
        const old: KubeObject = { metadata: { name: 'a', namespace: 'default', resourceVersion: '1' }, [field]: structuredClone(value) };
        expect(() => {
          def(obj);
          validate(obj);
          validateUpdate(obj, old);
        }).not.toThrow();
      }
    }
  }
});
