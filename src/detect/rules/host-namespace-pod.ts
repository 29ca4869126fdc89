import { defineRule, meets } from '../rule.js';
import { CHANGE_VERBS, POD_BEARING, containersOf, podSpecOf } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: POD_BEARING, verbs: CHANGE_VERBS };

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: POD_BEARING,
  meta: {
    id: 'KF-D-022',
    name: 'host-namespace-pod',
    title: 'A pod sharing the node\'s network, PID or IPC namespace was created',
    severity: 'high',
    attack: ['T1611', 'T1610'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'hostNetwork, hostPID or hostIPC let a container see and touch the node\'s processes and traffic.',
    messages: { host: '{{user}} {{verb}} {{kind}} {{namespace}}/{{name}} with {{fields}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    const spec = podSpecOf(e.requestObject);
    if (spec === undefined) return undefined;
    const fields = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => spec[f] === true);
    return fields.length === 0 ? undefined : { messageId: 'host', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', fields: fields.join(', ') } };
  },
});
