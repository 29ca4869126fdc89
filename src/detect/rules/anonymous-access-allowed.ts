import { defineRule } from '../rule.js';
import { isAnonymous } from '../event.js';

const PUBLIC = [/^\/(healthz|livez|readyz|version)(\/|\?|$)/, /^\/\.well-known\/openid-configuration/, /^\/openid\/v1\/jwks/];

export default defineRule({
  meta: {
    id: 'KF-D-002',
    name: 'anonymous-access-allowed',
    title: 'An anonymous request was allowed',
    severity: 'high',
    attack: ['T1078.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'system:anonymous was authorized for something other than health, version or OIDC discovery: a binding grants unauthenticated users access.',
    messages: { allowed: 'anonymous {{verb}} {{uri}} from {{sourceIP}} was allowed ({{reason}})' },
  },
  match: (e) =>
    isAnonymous(e) && e.decision === 'allow' && !PUBLIC.some((p) => p.test(e.requestURI))
      ? { messageId: 'allowed', data: { verb: e.verb, uri: e.requestURI, sourceIP: e.sourceIP, reason: e.annotations['authorization.k8s.io/reason'] || 'no reason recorded' } }
      : undefined,
});
