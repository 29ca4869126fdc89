import { defineRule } from '../rule.js';
export default defineRule({
  meta: {
    id: 'KF-D-032',
    name: 'impersonation-denied',
    title: 'Repeated denied impersonation attempts',
    severity: 'medium',
    attack: ['T1078', 'T1134'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Denied impersonations are 403s from the impersonation filter ("cannot impersonate"), without an authorization decision annotation.',
    messages: { denied: '{{user}} was refused impersonation {{count}} times within {{window}}' },
  },
  match: (e) => (e.code === 403 && e.statusMessage.includes('cannot impersonate') ? { messageId: 'denied', data: { user: e.user.username } } : undefined),
  window: { key: (e) => e.user.username, sizeMs: 300_000, threshold: 3 },
});
