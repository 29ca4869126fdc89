import { defineRule } from '../rule.js';
import { objectName } from '../event.js';

/** 401s carry no user: the key is the last (trusted) source IP plus the user agent. */
export default defineRule({
  meta: {
    id: 'KF-D-001',
    name: 'brute-force-authentication',
    title: 'Brute-force authentication: many rejected credentials from one source',
    severity: 'high',
    attack: ['T1110', 'T1110.001', 'T1110.003'],
    minLevel: 'Metadata',
    stages: ['ResponseStarted', 'ResponseComplete'],
    description: 'Failed authentication produces one event at ResponseStarted with code 401 and an empty user. Ten or more from one source IP and user agent within a minute is credential guessing or a stolen, expired token being retried.',
    messages: { burst: '{{count}} failed logins (401) from {{sourceIP}} ({{userAgent}}) within {{window}}, last on {{object}}' },
  },
  match: (e) => (e.code === 401 && e.user.username === '' ? { messageId: 'burst', data: { sourceIP: e.sourceIP, userAgent: e.userAgent, object: objectName(e) } } : undefined),
  window: { key: (e) => `${e.sourceIP}\u0000${e.userAgent}`, sizeMs: 60_000, threshold: 10 },
});
