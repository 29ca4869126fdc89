import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { arr, obj, str } from '../../core/shape.js';

/** Words that make a variable a credential when they end its name. */
const CREDENTIAL_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY', 'PRIVATEKEY']);
/** `<word>_KEY` pairs that name a credential (a bare `KEY` does not: CACHE_KEY, PARTITION_KEY). */
const KEY_PREFIXES = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH']);
/** Words that may follow the credential word without changing what the variable holds: SECRET_KEY_BASE, TOKEN_2, PASSWORD_OLD. */
const VALUE_SUFFIXES = new Set(['VALUE', 'VAL', 'STR', 'STRING', 'BASE', 'B64', 'BASE64', 'ENCODED', 'RAW', 'PLAIN', 'PLAINTEXT', 'HASH', 'HASHED', 'DATA', 'OLD', 'NEW', 'CURRENT', 'PREVIOUS', 'PRIMARY', 'SECONDARY']);

/** `dbPassword` → DB, PASSWORD; `APIKey` → API, KEY; `db-pass.v2` → DB, PASS, V2. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * True when the name ends in a credential word (optionally followed by value-like suffixes):
 * DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, SECRET_KEY_BASE; not TOKEN_URL, PASSWORD_FILE,
 * SECRET_NAME, TOKEN_TTL, MAX_TOKENS, or PWD alone (the shell's working directory).
 */
export function isCredentialName(name: string): boolean {
  const w = words(name);
  let end = w.length;
  while (end > 0 && (VALUE_SUFFIXES.has(w[end - 1] as string) || /^\d+$/.test(w[end - 1] as string))) end--;
  const last = w[end - 1];
  if (last === undefined) return false;
  if (last === 'PWD') return end > 1;
  if (CREDENTIAL_WORDS.has(last)) return true;
  return last === 'KEY' && KEY_PREFIXES.has(w[end - 2] ?? '');
}

/** Values that are not a credential whatever the name: flags, references to other variables, unrendered templates, file paths. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^(true|false|yes|no|on|off|enabled?|disabled?|none|null|nil)$/i.test(v) ||
    /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v) || // Kubernetes dependent variable: $(OTHER)
    /^\$\{[^}]*\}$/.test(v) || // envsubst
    /^\{\{.*\}\}$/.test(v) || // Helm or Jinja left unrendered
    v.startsWith('/') // a path to the credential, not the credential
  );
}

/** What a value looks like, when it looks like a credential. Never returns or logs the value. */
export function credentialKind(value: string): string | undefined {
  // The PEM header alone is enough: hand-written or mangled keys often lose some of its dashes.
  if (/BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY/.test(value)) return 'a PEM private key';
  if (/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.test(value)) return 'an AWS access key id';
  if (/\bgh[pousr]_[A-Za-z0-9]{36,}\b/.test(value) || /\bgithub_pat_[A-Za-z0-9_]{22,}/.test(value)) return 'a GitHub token';
  if (/\bxox[abposr]-[A-Za-z0-9-]{10,}/.test(value)) return 'a Slack token';
  if (/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/.test(value)) return 'a JSON Web Token';
  const url = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s/@]+)@/i.exec(value);
  if (url !== null && !isPlaceholder(url[1] as string) && !(url[1] as string).startsWith('$')) return 'a URL with a password';
  return undefined;
}

/** `envFrom` is not in the core container shape; read it once per pod spec, validated. */
const envFromItems = arr(obj({ secretRef: obj({ name: str }) }));
const envFromShape = obj({ containers: arr(obj({ envFrom: envFromItems })), initContainers: arr(obj({ envFrom: envFromItems })), ephemeralContainers: arr(obj({ envFrom: envFromItems })) });

export default defineCheck({
  meta: {
    id: 'KF-W-023',
    name: 'secret-in-env',
    title: 'Credential in an environment variable',
    area: 'workload',
    severity: 'high',
    description:
      'A literal credential in a manifest is readable by everyone who can read the manifest: the Git repository, CI logs, `kubectl get -o yaml` for anyone with read access to the workload (no access to Secrets needed), and the Helm release history. A variable is reported when its name ends in a credential word (PASSWORD, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS… but not TOKEN_URL, PASSWORD_FILE or SECRET_NAME) and its value is a literal (not empty, a flag, a `$(VAR)` reference, an unrendered template or a path), or when any value looks like a credential (PEM private key, AWS access key id, GitHub or Slack token, JWT, URL with a password). Findings name the variable, never its value. Secrets read into the environment (`secretKeyRef`, `envFrom.secretRef`) are reported at low severity (messageId secretAsEnv): environment variables leak into crash dumps, child processes and logs, so CIS 5.4.1 prefers Secrets mounted as files.',
    remediation:
      'Move the value into a Secret (or an external secret store) and mount it as a file:\n\n```yaml\nvolumes:\n  - name: db\n    secret: {secretName: db-credentials}\ncontainers:\n  - name: app\n    volumeMounts: [{name: db, mountPath: /var/run/secrets/db, readOnly: true}]\n    env: [{name: DB_PASSWORD_FILE, value: /var/run/secrets/db/password}]\n```\n\nThen rotate the exposed credential: it is in the repository history.',
    frameworks: [cis('5.4.1'), nsa('Network separation and hardening: Secrets')],
    messages: {
      credentialName: '{{container}} sets {{name}} to a literal value, and the name says it is a credential',
      credentialValue: '{{container}} sets {{name}} to a literal value that looks like {{kind}}',
      secretAsEnv: '{{container}} reads Secret "{{secret}}" into the environment ({{how}}); mount it as a file instead',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      const envFrom = inventory.read(pod.resource, envFromShape, pod.specPath);
      for (const c of pod.containers) {
        (c.container.env ?? []).forEach((env, i) => {
          const name = env.name ?? `#${i}`;
          const secretRef = env.valueFrom?.secretKeyRef;
          if (secretRef !== undefined) {
            report({
              messageId: 'secretAsEnv',
              data: { container: c.label, secret: secretRef.name ?? '', how: `${name} from key ${secretRef.key ?? '?'}` },
              resource: pod.resource,
              path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
              severity: 'low',
            });
          }
          const value = env.value;
          if (value === undefined) return;
          const kind = credentialKind(value);
          const path = [...c.path, 'env', i, 'value'];
          if (kind !== undefined) report({ messageId: 'credentialValue', data: { container: c.label, name, kind }, resource: pod.resource, path });
          else if (isCredentialName(name) && !isPlaceholder(value)) report({ messageId: 'credentialName', data: { container: c.label, name }, resource: pod.resource, path });
        });
        (envFrom?.[c.list]?.[c.index]?.envFrom ?? []).forEach((source, j) => {
          if (source.secretRef === undefined) return;
          report({
            messageId: 'secretAsEnv',
            data: { container: c.label, secret: source.secretRef.name ?? '', how: 'envFrom: every key' },
            resource: pod.resource,
            path: [...c.path, 'envFrom', j, 'secretRef'],
            severity: 'low',
          });
        });
      }
    }
  },
});
