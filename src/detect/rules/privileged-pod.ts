import { defineRule, meets } from '../rule.js';
import { CHANGE_VERBS, POD_BEARING, containersOf, podSpecOf } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: POD_BEARING, verbs: CHANGE_VERBS };

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: POD_BEARING,
  meta: {
    id: 'KF-D-021',
    name: 'privileged-pod',
    title: 'A privileged container was created',
    severity: 'high',
    attack: ['T1611', 'T1610'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'securityContext.privileged: true gives the container every device and capability of the node: escape to the host is one command away.',
    messages: { privileged: '{{user}} {{verb}} {{kind}} {{namespace}}/{{name}} with privileged container "{{container}}"' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    const spec = podSpecOf(e.requestObject);
    if (spec === undefined) return undefined;
    const c = containersOf(spec).find((x) => (x['securityContext'] as { privileged?: unknown } | undefined)?.privileged === true);
    return c === undefined ? undefined : { messageId: 'privileged', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', container: String(c['name'] ?? '?') } };
  },
});
