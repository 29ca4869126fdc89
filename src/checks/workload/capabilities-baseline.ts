import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import { canonicalCapability, describeCapability } from './_util.js';

/** PSS baseline "Capabilities": the only names `capabilities.add` may hold (compared exactly, as Pod Security Admission does). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export default defineCheck({
  meta: {
    id: 'KF-W-007',
    name: 'capabilities-baseline',
    title: 'Container adds capabilities beyond the baseline set',
    area: 'workload',
    severity: 'high',
    description:
      'Capabilities split root\'s power into pieces; some pieces (SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, ALL …) are enough to escape the container or take over the node. Pod Security Standards baseline lets `capabilities.add` hold only the runtime\'s default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), spelled exactly so: Pod Security Admission rejects `CAP_CHOWN` or `chown` even though runtimes read them as CHOWN (reported as low).',
    remediation:
      'Remove the capability from `capabilities.add`, or give the pod a design that does not need it (a port above 1024 instead of NET_BIND_SERVICE, a CSI driver instead of SYS_ADMIN mounts). Better still, drop everything and add back only what the process needs, spelled as Kubernetes lists it:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]\n```',
    frameworks: [cis('5.2.9'), pssBaseline('Capabilities')],
    messages: {
      notAllowed: '{{container}} adds capability {{capability}}, outside the baseline set',
      spelling: '{{container}} adds capability "{{written}}": runtimes read it as {{name}}, which baseline allows, but Pod Security Admission compares names exactly and rejects this spelling; write {{name}}',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        c.container.securityContext?.capabilities?.add?.forEach((written, index) => {
          if (BASELINE_CAPABILITIES.has(written)) return;
          const path = [...c.path, 'securityContext', 'capabilities', 'add', index];
          const name = canonicalCapability(written);
          if (BASELINE_CAPABILITIES.has(name)) report({ messageId: 'spelling', data: { container: c.label, written, name }, resource: pod.resource, path, severity: 'low' });
          else report({ messageId: 'notAllowed', data: { container: c.label, capability: describeCapability(written) }, resource: pod.resource, path });
        });
      }
    }
  },
});
