import { defineRule, meets } from '../rule.js';
import { CHANGE_VERBS, at } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['configmaps'], verbs: CHANGE_VERBS };

const CREDENTIAL = /(aws_access_key_id|aws_secret_access_key|password|passwd|passphrase|secret[_-]?key|api[_-]?key|private[_-]?key|BEGIN [A-Z ]*PRIVATE KEY)/i;

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: ['configmaps'],
  meta: {
    id: 'KF-D-012',
    name: 'configmap-credentials',
    title: 'A ConfigMap was written with what looks like credentials',
    severity: 'medium',
    attack: ['T1552.001'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'ConfigMaps are not secret: anyone who can read them reads the credential. Needs the request body (level Request).',
    messages: { credential: '{{user}} {{verb}} configmap {{namespace}}/{{name}} with a credential-like key or value ("{{match}}")' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    const data = at(e.requestObject, 'data');
    if (typeof data !== 'object' || data === null) return undefined;
    for (const [k, v] of Object.entries(data)) {
      const m = CREDENTIAL.exec(k) ?? (typeof v === 'string' ? CREDENTIAL.exec(v) : null);
      if (m !== null) return { messageId: 'credential', data: { user: e.user.username, verb: e.verb, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', match: m[0] } };
    }
    return undefined;
  },
});
