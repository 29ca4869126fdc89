import { defineCheck } from '../../core/check.js';
import { pssRestricted } from '../../core/framework.js';
import { getAt, isRecord } from '../../core/path.js';

/**
 * PSS restricted "Volume Types": the sources a volume may use. The published list plus `image`
 * (OCI image volumes), which Pod Security Admission allows since Kubernetes 1.33.
 */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export default defineCheck({
  meta: {
    id: 'KF-W-014',
    name: 'restricted-volume-types',
    title: 'Volume type not allowed by the restricted profile',
    area: 'workload',
    severity: 'low',
    description:
      'Volume sources other than configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret make the kubelet mount storage the pod chooses itself (nfs, iscsi, rbd, cephfs, gitRepo …): a pod author can reach storage servers, use node credentials, or (gitRepo) run git on the node. Pod Security Standards restricted allows only the listed types, so that other storage comes through PersistentVolumes an administrator controls. hostPath is reported by host-path-volume (KF-W-005).',
    remediation:
      'Define the storage as a PersistentVolume (or a StorageClass) managed by an administrator, and reference it through a claim; replace gitRepo with an init container that clones into an emptyDir:\n\n```yaml\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data     # bound to an nfs/iscsi/... PersistentVolume\n```',
    frameworks: [pssRestricted('Volume Types')],
    messages: { volumeType: 'volume "{{volume}}" uses the {{type}} volume type; restricted allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      // The typed volume shape knows only hostPath: read the raw volume objects.
      const volumes = getAt(pod.resource.object, [...pod.specPath, 'volumes']);
      if (!Array.isArray(volumes)) continue;
      volumes.forEach((volume: unknown, index) => {
        if (!isRecord(volume)) return;
        const name = typeof volume.name === 'string' ? volume.name : `#${index}`;
        for (const [key, value] of Object.entries(volume)) {
          // A volume with no source is defaulted to emptyDir by the API server; hostPath is KF-W-005's.
          if (key === 'name' || key === 'hostPath' || value === undefined || value === null || RESTRICTED_VOLUME_TYPES.has(key)) continue;
          report({ messageId: 'volumeType', data: { volume: name, type: key }, resource: pod.resource, path: [...pod.specPath, 'volumes', index, key] });
        }
      });
    }
  },
});
