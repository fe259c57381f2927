import { describe, expect, it } from 'vitest';
import { nginxPod, summarize, withChanges } from './test-fixtures.ts';
import { validatePod } from './validation.ts';

type Case = [name: string, volumes: unknown[], field: string, type: string, message?: string];

function validateVolumes(volumes: unknown[]): ReturnType<typeof validatePod> {
  return validatePod(withChanges(nginxPod(), [['spec.volumes', volumes]]));
}

describe('volumes', () => {
  it('accepts the common volume types', () => {
    const volumes = [
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'config', configMap: { name: 'app-config', items: [{ key: 'app.yaml', path: 'conf/app.yaml', mode: 0o400 }] } },
      { name: 'creds', secret: { secretName: 'db-creds', defaultMode: 0o440 } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc' } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      {
        name: 'bundle',
        projected: {
          sources: [
            { configMap: { name: 'a', items: [{ key: 'k', path: 'a.txt' }] } },
            { secret: { name: 'b', items: [{ key: 'k', path: 'b.txt' }] } },
            { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
          ],
        },
      },
      { name: 'share', nfs: { server: 'nfs.example.com', path: '/exports' } },
      { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
    ];
    expect(validateVolumes(volumes)).toEqual([]);
  });

  it.each<Case>([
    ['volume without name', [{ emptyDir: {} }], 'spec.volumes[0].name', 'FieldValueRequired'],
    ['name not a DNS label', [{ name: 'My_Vol' }], 'spec.volumes[0].name', 'FieldValueInvalid'],
    ['duplicate names', [{ name: 'a' }, { name: 'a' }], 'spec.volumes[1].name', 'FieldValueDuplicate', 'Duplicate value: "a"'],
    ['two sources', [{ name: 'a', emptyDir: {}, configMap: { name: 'c' } }], 'spec.volumes[0].configMap', 'FieldValueForbidden', 'Forbidden: may not specify more than 1 volume type'],
    ['downwardAPI as second source (Kubernetes misspells the path)', [{ name: 'a', emptyDir: {}, downwardAPI: {} }], 'spec.volumes[0].downwarAPI', 'FieldValueForbidden'],
    ['negative emptyDir sizeLimit', [{ name: 'a', emptyDir: { sizeLimit: '-1Gi' } }], 'spec.volumes[0].emptyDir.sizeLimit', 'FieldValueForbidden'],
    ['hostPath without path', [{ name: 'a', hostPath: {} }], 'spec.volumes[0].hostPath.path', 'FieldValueRequired'],
    ['hostPath with ..', [{ name: 'a', hostPath: { path: '/var/../etc' } }], 'spec.volumes[0].hostPath.path', 'FieldValueInvalid', 'Invalid value: "/var/../etc": must not contain \'..\''],
    ['hostPath with unknown type', [{ name: 'a', hostPath: { path: '/x', type: 'Folder' } }], 'spec.volumes[0].hostPath.type', 'FieldValueNotSupported'],
    ['configMap without name', [{ name: 'a', configMap: {} }], 'spec.volumes[0].configMap.name', 'FieldValueRequired'],
    ['configMap defaultMode too big', [{ name: 'a', configMap: { name: 'c', defaultMode: 0o1000 } }], 'spec.volumes[0].configMap.defaultMode', 'FieldValueInvalid', 'Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive'],
    ['configMap item without key', [{ name: 'a', configMap: { name: 'c', items: [{ path: 'x' }] } }], 'spec.volumes[0].configMap.items[0].key', 'FieldValueRequired'],
    ['configMap item with absolute path', [{ name: 'a', configMap: { name: 'c', items: [{ key: 'k', path: '/x' }] } }], 'spec.volumes[0].configMap.items[0].path', 'FieldValueInvalid', 'Invalid value: "/x": must be a relative path'],
    ['secret without secretName', [{ name: 'a', secret: {} }], 'spec.volumes[0].secret.secretName', 'FieldValueRequired'],
    ['secret item mode negative', [{ name: 'a', secret: { secretName: 's', items: [{ key: 'k', path: 'p', mode: -1 }] } }], 'spec.volumes[0].secret.items[0].mode', 'FieldValueInvalid'],
    ['pvc without claimName', [{ name: 'a', persistentVolumeClaim: {} }], 'spec.volumes[0].persistentVolumeClaim.claimName', 'FieldValueRequired'],
    ['downwardAPI item without source', [{ name: 'a', downwardAPI: { items: [{ path: 'x' }] } }], 'spec.volumes[0].downwardAPI', 'FieldValueRequired', 'Required value: one of fieldRef and resourceFieldRef is required'],
    ['downwardAPI unsupported field', [{ name: 'a', downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'spec.nodeName' } }] } }], 'spec.volumes[0].downwardAPI.fieldRef.fieldPath', 'FieldValueNotSupported'],
    ['projected duplicate paths', [{ name: 'a', projected: { sources: [{ configMap: { name: 'c', items: [{ key: 'k', path: 'x' }] } }, { secret: { name: 's', items: [{ key: 'k', path: 'x' }] } }] } }], 'spec.volumes[0].projected', 'FieldValueInvalid', 'Invalid value: "s": conflicting duplicate paths'],
    ['projected source with two kinds', [{ name: 'a', projected: { sources: [{ configMap: { name: 'c' }, secret: { name: 's' } }] } }], 'spec.volumes[0].projected.sources[0]', 'FieldValueForbidden'],
    ['short-lived service account token', [{ name: 'a', projected: { sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 60 } }] } }], 'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds', 'FieldValueInvalid'],
    ['nfs with relative path', [{ name: 'a', nfs: { server: 's', path: 'exports' } }], 'spec.volumes[0].nfs.path', 'FieldValueInvalid', 'Invalid value: "exports": must be an absolute path'],
    ['csi without driver', [{ name: 'a', csi: {} }], 'spec.volumes[0].csi.driver', 'FieldValueRequired'],
    ['ephemeral without template', [{ name: 'a', ephemeral: {} }], 'spec.volumes[0].ephemeral.volumeClaimTemplate', 'FieldValueRequired'],
  ])('rejects %s', (_name, volumes, field, type, message) => {
    const errors = validateVolumes(volumes);
    expect(summarize(errors)).toContain(`${field}: ${type}`);
    if (message !== undefined) expect(errors.find((e) => e.field === field && e.type === type)?.message).toBe(message);
  });

  it('does not let mounts refer to a volume that failed validation', () => {
    const pod = withChanges(nginxPod(), [
      ['spec.volumes', [{ name: 'cfg', configMap: {} }]],
      ['spec.containers[0].volumeMounts', [{ name: 'cfg', mountPath: '/etc/app' }]],
    ]);
    expect(summarize(validatePod(pod))).toEqual([
      'spec.volumes[0].configMap.name: FieldValueRequired',
      'spec.containers[0].volumeMounts[0].name: FieldValueNotFound',
    ]);
  });
});
