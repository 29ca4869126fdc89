import { defineRule, meets } from '../rule.js';
import { CHANGE_VERBS, POD_BEARING, containersOf, podSpecOf } from '../rule.js';
import { at } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: POD_BEARING, verbs: CHANGE_VERBS };

const DANGEROUS = ['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF', 'SYSLOG'];

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: POD_BEARING,
  meta: {
    id: 'KF-D-024',
    name: 'dangerous-capabilities',
    title: 'A container with dangerous Linux capabilities was created',
    severity: 'medium',
    attack: ['T1611', 'T1610'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, BPF and similar capabilities are container-escape primitives.',
    messages: { caps: '{{user}} {{verb}} {{kind}} {{namespace}}/{{name}}: container "{{container}}" adds {{caps}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    const spec = podSpecOf(e.requestObject);
    if (spec === undefined) return undefined;
    for (const c of containersOf(spec)) {
      const add = at(c, 'securityContext', 'capabilities', 'add');
      if (!Array.isArray(add)) continue;
      const bad = add.filter((x): x is string => typeof x === 'string' && DANGEROUS.includes(x.toUpperCase().replace(/^CAP_/, '')));
      if (bad.length > 0) return { messageId: 'caps', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', container: String(c['name'] ?? '?'), caps: bad.join(', ') } };
    }
    return undefined;
  },
});
