/**
 * Who a request is: a user name and groups, with the groups Kubernetes adds on its own.
 * RBAC itself adds nothing (a SubjectAccessReview is answered for exactly the groups it
 * names); the authenticators and impersonation add the implicit groups, and these helpers
 * do the same.
 */

export interface UserInfo {
  readonly user: string;
  readonly groups: readonly string[];
}

export const SA_PREFIX = 'system:serviceaccount:';
export const ANONYMOUS = 'system:anonymous';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const MASTERS = 'system:masters';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const NODES = 'system:nodes';

/** `system:serviceaccount:NS:NAME`. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** The namespace and name of a service-account user name, or undefined. */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_PREFIX)) return undefined;
  const rest = user.slice(SA_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1 || rest.indexOf(':', colon + 1) >= 0) return undefined;
  return { namespace: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

/** A service account's token identity: its user and the groups the token authenticator gives it. */
export function serviceAccountIdentity(namespace: string, name: string): UserInfo {
  return { user: serviceAccountUser(namespace, name), groups: [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${namespace}`, AUTHENTICATED] };
}

export function anonymousIdentity(): UserInfo {
  return { user: ANONYMOUS, groups: [UNAUTHENTICATED] };
}

/**
 * The identity the API server gives an impersonated (or authenticated) user: a service-account
 * user name without groups gets its service-account groups; everyone but `system:anonymous`
 * gets `system:authenticated` (unless it names `system:unauthenticated`), anonymous gets
 * `system:unauthenticated` (`staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go`).
 */
export function impersonatedIdentity(user: string, groups: readonly string[] = []): UserInfo {
  const out = [...groups];
  const sa = parseServiceAccountUser(user);
  if (sa !== undefined && groups.length === 0) out.push(ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${sa.namespace}`);
  // As the impersonation filter: anonymous gets system:unauthenticated; anyone else gets
  // system:authenticated unless either implicit group was named.
  if (user === ANONYMOUS) {
    if (!out.includes(UNAUTHENTICATED)) out.push(UNAUTHENTICATED);
  } else if (!out.includes(AUTHENTICATED) && !out.includes(UNAUTHENTICATED)) out.push(AUTHENTICATED);
  return { user, groups: out };
}

/**
 * A subject as the CLI names it: `system:serviceaccount:ns:name`, `sa:ns/name` or
 * `serviceaccount:ns/name`, `group:NAME`, `user:NAME`, or a plain user name.
 */
export type SubjectSpec =
  | { readonly kind: 'User'; readonly name: string }
  | { readonly kind: 'Group'; readonly name: string }
  | { readonly kind: 'ServiceAccount'; readonly namespace: string; readonly name: string };

export function parseSubjectSpec(text: string): SubjectSpec | undefined {
  const sa = parseServiceAccountUser(text);
  if (sa !== undefined) return { kind: 'ServiceAccount', ...sa };
  const m = /^(sa|serviceaccount|group|user):(.+)$/i.exec(text);
  if (m === null) return text.length > 0 ? { kind: 'User', name: text } : undefined;
  const kind = (m[1] ?? '').toLowerCase();
  const rest = m[2] ?? '';
  if (kind === 'group') return { kind: 'Group', name: rest };
  if (kind === 'user') return { kind: 'User', name: rest };
  const parts = rest.split(/[/:]/);
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { kind: 'ServiceAccount', namespace: parts[0] as string, name: parts[1] as string };
}

/** The identity a subject acts as: a group is taken as an otherwise unknown member of it. */
export function identityOf(subject: SubjectSpec): UserInfo {
  if (subject.kind === 'ServiceAccount') return serviceAccountIdentity(subject.namespace, subject.name);
  if (subject.kind === 'Group') {
    if (subject.name === UNAUTHENTICATED) return anonymousIdentity();
    return { user: `kubefort:member-of:${subject.name}`, groups: subject.name === AUTHENTICATED ? [AUTHENTICATED] : [subject.name, AUTHENTICATED] };
  }
  return impersonatedIdentity(subject.name);
}

export function formatSubject(subject: SubjectSpec): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace}/${subject.name}` : `${subject.kind} ${subject.name}`;
}
