import check from '../../../src/checks/workload/restricted-volume-types.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-every-allowed-type-and-a-source-less-volume',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
  volumes:
    - {name: a, configMap: {name: cfg}}
    - {name: b, csi: {driver: secrets-store.csi.k8s.io}}
    - {name: c, downwardAPI: {items: []}}
    - {name: d, emptyDir: {}}
    - name: e
      ephemeral:
        volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}
    - {name: f, image: {reference: "models:1.0"}}
    - {name: g, persistentVolumeClaim: {claimName: data}}
    - {name: h, projected: {sources: []}}
    - {name: i, secret: {secretName: tls}}
    - name: defaulted-to-empty-dir
`,
    },
    {
      name: 'host-path-is-left-to-host-path-volume',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent}
spec:
  containers: [{name: agent, image: "agent:1.0"}]
  volumes:
    - {name: logs, hostPath: {path: /var/log}}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-nfs-and-git-repo',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
      volumes:
        - name: shared
          nfs:
            server: nfs.example.com
            path: /exports
        - name: code
          gitRepo: {repository: "https://example.com/app.git"}
        - name: cfg
          configMap: {name: cfg}
`,
      errors: [
        { messageId: 'volumeType', line: 10, path: 'spec.template.spec.volumes[0].nfs', message: 'volume "shared" uses the nfs volume type' },
        { messageId: 'volumeType', line: 14, path: 'spec.template.spec.volumes[1].gitRepo', message: 'volume "code" uses the gitRepo volume type' },
      ],
    },
    {
      name: 'pod-and-cronjob-cloud-and-block-volumes',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: db, image: "db:1.0"}]
  volumes:
    - name: disk
      awsElasticBlockStore: {volumeID: vol-123}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: backup, image: "backup:1.0"}]
          volumes: [{name: ceph, cephfs: {monitors: ["10.0.0.1:6789"]}}, {name: blk, iscsi: {targetPortal: "10.0.0.2:3260", iqn: "iqn.x", lun: 0}}]
`,
      errors: [
        { messageId: 'volumeType', line: 8, path: 'spec.volumes[0].awsElasticBlockStore' },
        { messageId: 'volumeType', line: 20, path: 'spec.jobTemplate.spec.template.spec.volumes[0].cephfs', message: 'volume "ceph"' },
        { messageId: 'volumeType', line: 20, path: 'spec.jobTemplate.spec.template.spec.volumes[1].iscsi', message: 'volume "blk"' },
      ],
    },
  ],
});
