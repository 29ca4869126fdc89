/** RBAC least-privilege checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import automountServiceAccountToken from './automount-service-account-token.js';
import bindingToPublicGroup from './binding-to-public-group.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import defaultServiceAccount from './default-service-account.js';
import podExec from './pod-exec.js';
import rbacEscalationPath from './rbac-escalation-path.js';
import rbacEscalationPrimitive from './rbac-escalation-primitive.js';
import rbacEscalationVerbs from './rbac-escalation-verbs.js';
import rbacWildcard from './rbac-wildcard.js';
import secretsRead from './secrets-read.js';
import sharedServiceAccount from './shared-service-account.js';

export const rbacChecks = {
  'automount-service-account-token': automountServiceAccountToken,
  'binding-to-public-group': bindingToPublicGroup,
  'cluster-admin-binding': clusterAdminBinding,
  'default-service-account': defaultServiceAccount,
  'pod-exec': podExec,
  'rbac-escalation-path': rbacEscalationPath,
  'rbac-escalation-primitive': rbacEscalationPrimitive,
  'rbac-escalation-verbs': rbacEscalationVerbs,
  'rbac-wildcard': rbacWildcard,
  'secrets-read': secretsRead,
  'shared-service-account': sharedServiceAccount,
} satisfies Record<string, Check>;
