import check from '../../../src/checks/workload/unsafe-sysctls.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-safe-sysctls-including-newer-additions',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: kernel.shm_rmid_forced, value: "1"}
      - {name: net.ipv4.ip_local_port_range, value: "1024 65535"}
      - {name: net.ipv4.ip_unprivileged_port_start, value: "80"}
      - {name: net.ipv4.tcp_syncookies, value: "1"}
      - {name: net.ipv4.ping_group_range, value: "0 2147483647"}
      - {name: net.ipv4.ip_local_reserved_ports, value: "30000-30100"}
      - {name: net.ipv4.tcp_keepalive_time, value: "600"}
      - {name: net.ipv4.tcp_fin_timeout, value: "30"}
      - {name: net.ipv4.tcp_keepalive_intvl, value: "60"}
      - {name: net.ipv4.tcp_keepalive_probes, value: "5"}
      - {name: net.ipv4.tcp_rmem, value: "4096 87380 6291456"}
      - {name: net.ipv4.tcp_wmem, value: "4096 16384 4194304"}
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-unsafe-sysctls',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  template:
    spec:
      securityContext:
        sysctls:
          - name: net.ipv4.tcp_syncookies
            value: "1"
          - name: kernel.msgmax
            value: "65536"
          - name: net.core.somaxconn
            value: "1024"
      containers: [{name: db, image: "db:1.0"}]
`,
      errors: [
        { messageId: 'unsafe', line: 11, path: 'spec.template.spec.securityContext.sysctls[1].name', severity: 'high', message: 'the pod sets sysctl kernel.msgmax, outside the safe set' },
        { messageId: 'unsafe', line: 13, path: 'spec.template.spec.securityContext.sysctls[2].name', message: 'net.core.somaxconn' },
      ],
    },
    {
      name: 'pod-slash-separated-names',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    sysctls:
      - {name: net/ipv4/tcp_syncookies, value: "1"}
      - {name: kernel/sem, value: "250 32000 100 128"}
  containers: [{name: app, image: "nginx:1.27"}]
`,
      errors: [
        { messageId: 'spelling', line: 7, path: 'spec.securityContext.sysctls[0].name', severity: 'low', message: 'the kernel reads it as net.ipv4.tcp_syncookies' },
        { messageId: 'unsafe', line: 8, path: 'spec.securityContext.sysctls[1].name', severity: 'high', message: 'kernel/sem' },
      ],
    },
    {
      name: 'cronjob-unsafe-sysctl',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {sysctls: [{name: vm.overcommit_memory, value: "1"}]}
          containers: [{name: job, image: "job:1.0"}]
`,
      errors: [{ messageId: 'unsafe', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext.sysctls[0].name', message: 'vm.overcommit_memory' }],
    },
  ],
});
