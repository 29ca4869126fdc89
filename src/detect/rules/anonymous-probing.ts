import { defineRule } from '../rule.js';
import { isAnonymous } from '../event.js';

export default defineRule({
  meta: {
    id: 'KF-D-003',
    name: 'anonymous-probing',
    title: 'Anonymous probing of many API endpoints from one source',
    severity: 'medium',
    attack: ['T1613', 'T1190'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Unauthenticated requests denied (403) or not found (404) across many URIs from one IP: scanning of the API server.',
    messages: { sweep: 'anonymous requests to {{count}} distinct URIs from {{sourceIP}} ({{userAgent}}) were denied or not found' },
  },
  match: (e) => ((e.code === 403 || e.code === 404) && isAnonymous(e) ? { messageId: 'sweep', data: { sourceIP: e.sourceIP, userAgent: e.userAgent } } : undefined),
  window: { key: (e) => e.sourceIP, sizeMs: 300_000, threshold: 6, distinct: (e) => e.requestURI.split('?')[0] ?? '' },
});
