import check from '../../../src/checks/workload/host-path-volume.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-with-only-non-host-volumes',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts: [{name: cache, mountPath: /cache}, {name: data, mountPath: /data}]
  volumes:
    - name: cache
      emptyDir: {}
    - name: data
      persistentVolumeClaim: {claimName: data}
    - name: cfg
      configMap: {name: web}
    - name: nothing
      hostPath: null
`,
    },
    {
      name: 'persistent-volume-with-host-path-is-not-a-pod',
      yaml: `apiVersion: v1
kind: PersistentVolume
metadata: {name: local}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /var/run/docker.sock}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-ordinary-path-read-only-is-high',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: shipper}
spec:
  template:
    spec:
      containers:
        - name: app
          image: shipper:1.0
          volumeMounts:
            - {name: logs, mountPath: /logs, readOnly: true}
      volumes:
        - name: logs
          hostPath:
            path: /var/log/app
            type: Directory
`,
      errors: [
        { messageId: 'hostPath', line: 14, path: 'spec.template.spec.volumes[0].hostPath', severity: 'high', message: 'volume "logs" mounts host path /var/log/app (read-only by container "app")' },
      ],
    },
    {
      name: 'pod-runtime-sockets-writable-by-sidecar-and-ephemeral-are-critical',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: builder}
spec:
  initContainers:
    - name: proxy
      image: proxy:1.0
      restartPolicy: Always
      volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
  containers:
    - name: app
      image: app:1.0
      volumeMounts: [{name: docker, mountPath: /var/run/docker.sock, readOnly: true}]
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      volumeMounts: [{name: containerd, mountPath: /run/containerd}]
  volumes:
    - name: docker
      hostPath: {path: /var/run/docker.sock, type: Socket}
    - name: containerd
      hostPath: {path: /run/containerd/containerd.sock}
`,
      errors: [
        {
          messageId: 'sensitiveHostPath',
          line: 20,
          path: 'spec.volumes[0].hostPath',
          severity: 'critical',
          message: 'host path /var/run/docker.sock, the container runtime socket (mounted writable by init container "proxy"; read-only by container "app")',
        },
        { messageId: 'sensitiveHostPath', line: 22, path: 'spec.volumes[1].hostPath', severity: 'critical', message: 'mounted writable by ephemeral container "dbg"' },
      ],
    },
    {
      name: 'statefulset-root-proc-and-ancestor-of-kubelet-dir-are-critical',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers:
        - name: db
          image: db:1.0
          volumeMounts: [{name: host, mountPath: /host}]
      volumes:
        - name: host
          hostPath: {path: /}
        - name: proc
          hostPath: {path: /proc/1/ns}
        - name: var
          hostPath: {path: /var//lib/}
`,
      errors: [
        { messageId: 'sensitiveHostPath', line: 13, path: 'spec.template.spec.volumes[0].hostPath', severity: 'critical', message: 'mounts host path /, the host root filesystem (mounted writable by container "db")' },
        { messageId: 'sensitiveHostPath', line: 15, path: 'spec.template.spec.volumes[1].hostPath', severity: 'critical', message: 'host processes and kernel settings (no container mounts it)' },
        { messageId: 'sensitiveHostPath', line: 17, path: 'spec.template.spec.volumes[2].hostPath', severity: 'critical', message: "a directory holding the kubelet's state" },
      ],
    },
    {
      name: 'cronjob-etc-kubernetes-is-critical-etc-ssl-is-not',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: backup:1.0
          volumes:
            - name: pki
              hostPath: {path: /etc/kubernetes/pki}
            - name: certs
              hostPath: {path: /etc/ssl/certs}
`,
      errors: [
        { messageId: 'sensitiveHostPath', line: 16, path: 'spec.jobTemplate.spec.template.spec.volumes[0].hostPath', severity: 'critical', message: 'Kubernetes configuration and PKI' },
        { messageId: 'hostPath', line: 18, path: 'spec.jobTemplate.spec.template.spec.volumes[1].hostPath', severity: 'high' },
      ],
    },
  ],
});
