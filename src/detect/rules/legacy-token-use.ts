import { defineRule } from '../rule.js';
export default defineRule({
  meta: {
    id: 'KF-D-014',
    name: 'legacy-token-use',
    title: 'A legacy (secret-based) or stale service account token was used',
    severity: 'low',
    attack: ['T1550.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'authentication.k8s.io/legacy-token or stale-token annotations: long-lived tokens that are the usual loot of secret theft.',
    messages: { legacy: '{{user}} used a {{kind}} token from {{sourceIP}}: {{detail}}' },
  },
  match: (e) => {
    const legacy = e.annotations['authentication.k8s.io/legacy-token'];
    const stale = e.annotations['authentication.k8s.io/stale-token'];
    if (legacy !== undefined) return { messageId: 'legacy', data: { user: e.user.username, kind: 'legacy', sourceIP: e.sourceIP, detail: legacy } };
    if (stale !== undefined) return { messageId: 'legacy', data: { user: e.user.username, kind: 'stale', sourceIP: e.sourceIP, detail: stale } };
    return undefined;
  },
});
