/** RBAC analysis: the exact authorizer, who-can, effective permissions, escalation paths, least privilege from audit logs. */
export * from './match.js';
export * from './model.js';
export * from './identity.js';
export * from './authorizer.js';
export * from './escalation.js';
export * from './audit.js';
