import { defineRule, meets } from '../rule.js';
import { execCommand } from '../exec.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['pods/attach'], verbs: ['get', 'create'] };

/** WebSocket attach (kubectl 1.30+) is verb get, SPDY is create: both count. */
export default defineRule({
  verbs: ['get', 'create'],
  resources: ['pods/attach'],
  meta: {
    id: 'KF-D-016',
    name: 'pod-attach',
    title: 'Attach to a running container',
    severity: 'medium',
    attack: ['T1609'],
    minLevel: 'Metadata',
    stages: ['ResponseStarted', 'ResponseComplete'],
    description: 'pods/attach with verb get or create. A successful upgrade is logged at ResponseStarted (code 101); an attempt that failed has only ResponseComplete.',
    messages: { attach: '{{user}} attach into {{namespace}}/{{pod}}{{command}}: {{outcome}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    if (e.stage === 'ResponseComplete' && e.code === 101) return undefined;
    const command = execCommand(e.requestURI);
    const outcome = e.code === 101 ? 'session opened' : e.decision === 'forbid' ? 'denied (403)' : `failed (${e.code})`;
    return { messageId: 'attach', data: { user: e.user.username || '(unauthenticated)', namespace: e.objectRef?.namespace ?? '', pod: e.objectRef?.name ?? '', command: command === '' ? '' : ` "${command}"`, outcome } };
  },
});
