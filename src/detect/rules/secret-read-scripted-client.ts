import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['secrets'], verbs: ['get', 'list', 'watch'], success: true };
const SCRIPTED = /^(curl|wget|python|python-requests|go-http-client|perl|java|node|php|kali|axios|okhttp|libwww)/i;

export default defineRule({
  verbs: ['get', 'list', 'watch'],
  resources: ['secrets'],
  meta: {
    id: 'KF-D-010',
    name: 'secret-read-scripted-client',
    title: 'Secrets read with a scripted HTTP client',
    severity: 'medium',
    attack: ['T1552.007'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'get/list of secrets whose user agent is curl, wget, a language HTTP library or a pentest distribution rather than kubectl or a controller.',
    messages: { read: '{{user}} {{verb}} secrets with user agent "{{userAgent}}" from {{sourceIP}}' },
  },
  match: (e) =>
    meets(e, C0) && SCRIPTED.test(e.userAgent)
      ? { messageId: 'read', data: { user: e.user.username, verb: e.verb, userAgent: e.userAgent, sourceIP: e.sourceIP } }
      : undefined,
});
