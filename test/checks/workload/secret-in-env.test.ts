import { describe, expect, it } from 'vitest';
import check, { credentialKind, isCredentialName } from '../../../src/checks/workload/secret-in-env.js';
import { runCheckOn, testCheck } from '../../support/check-tester.js';

// Fake credentials, assembled at run time so no token-shaped literal sits in the repository.
const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const AWS_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join(''); // AWS's documented example id
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'c2lnbmF0dXJlLWhlcmU'].join('.');
const PEM = ['-----BEGIN RSA', 'PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA', 'PRIVATE KEY-----'].join(' ');
const DB_PASSWORD = 'Tr0ub4dor&3-literal';

testCheck(check, {
  valid: [
    {
      name: 'names-that-only-mention-credentials',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: "app:1.0"
      env:
        - {name: TOKEN_URL, value: "https://auth.example.com/token"}
        - {name: DB_PASSWORD_FILE, value: "/var/run/secrets/db/password"}
        - {name: SECRET_NAME, value: "db-credentials"}
        - {name: OPENAI_MAX_TOKENS, value: "4096"}
        - {name: ENABLE_TOKEN_AUTH, value: "true"}
        - {name: PWD, value: "/srv/app"}
        - {name: CACHE_KEY, value: "v2"}
`,
    },
    {
      name: 'credential-names-without-a-literal-credential',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: "app:1.0"
      env:
        - {name: REDIS_PASSWORD, value: ""}
        - {name: DB_PASSWORD, value: "$(DB_PASSWORD_FROM_SECRET)"}
        - {name: API_TOKEN, value: "\${API_TOKEN}"}
        - {name: USE_SECRET, value: "false"}
        - {name: SA_TOKEN, value: "/var/run/secrets/kubernetes.io/serviceaccount/token"}
        - {name: DATABASE_URL, value: "postgres://app:$(DB_PASSWORD)@db:5432/app"}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-literal-credentials-by-name-and-by-value',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: app:1.0
          env:
            - name: dbPassword
              value: "${DB_PASSWORD}"
      containers:
        - name: app
          image: app:1.0
          env:
            - {name: AWS_SECRET_ACCESS_KEY, value: "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"}
            - {name: SECRET_KEY_BASE, value: "0123456789abcdef"}
            - {name: GIT_CREDENTIALS, value: "${GITHUB_TOKEN}"}
            - {name: AWS_ACCESS_KEY_ID, value: "${AWS_KEY_ID}"}
            - {name: SESSION, value: "${JWT}"}
            - {name: TLS_KEY, value: "${PEM}"}
            - {name: DATABASE_URL, value: "postgres://app:${DB_PASSWORD}@db:5432/app"}
            - name: the_good_stuff
              value: |
                ---BEGIN OPENSSH ${'PRIVATE KEY'}---
                xxxxx
`,
      errors: [
        { messageId: 'credentialName', line: 12, path: 'spec.template.spec.initContainers[0].env[0].value', message: 'init container "migrate" sets dbPassword to a literal value' },
        { messageId: 'credentialName', line: 17, path: 'spec.template.spec.containers[0].env[0].value', message: 'AWS_SECRET_ACCESS_KEY' },
        { messageId: 'credentialName', line: 18, path: 'spec.template.spec.containers[0].env[1].value', message: 'SECRET_KEY_BASE' },
        { messageId: 'credentialValue', line: 19, message: 'sets GIT_CREDENTIALS to a literal value that looks like a GitHub token' },
        { messageId: 'credentialValue', line: 20, message: 'AWS_ACCESS_KEY_ID to a literal value that looks like an AWS access key id' },
        { messageId: 'credentialValue', line: 21, message: 'a JSON Web Token' },
        { messageId: 'credentialValue', line: 22, message: 'a PEM private key' },
        { messageId: 'credentialValue', line: 23, path: 'spec.template.spec.containers[0].env[6].value', message: 'a URL with a password' },
        { messageId: 'credentialValue', line: 25, path: 'spec.template.spec.containers[0].env[7].value', message: 'sets the_good_stuff to a literal value that looks like a PEM private key' },
      ],
    },
    {
      name: 'secrets-read-into-the-environment-are-low',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: app:1.0
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db-credentials, key: password}
      envFrom:
        - configMapRef: {name: settings}
        - secretRef: {name: api-keys}
`,
      errors: [
        { messageId: 'secretAsEnv', line: 11, path: 'spec.containers[0].env[0].valueFrom.secretKeyRef', severity: 'low', message: 'reads Secret "db-credentials" into the environment (DB_PASSWORD from key password)' },
        { messageId: 'secretAsEnv', line: 14, path: 'spec.containers[0].envFrom[1].secretRef', severity: 'low', message: 'Secret "api-keys" into the environment (envFrom: every key)' },
      ],
    },
  ],
});

it('never puts a credential value into a finding', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: app:1.0
      env:
        - {name: DB_PASSWORD, value: "${DB_PASSWORD}"}
        - {name: GIT_CREDENTIALS, value: "${GITHUB_TOKEN}"}
        - {name: DATABASE_URL, value: "postgres://app:${DB_PASSWORD}@db:5432/app"}
        - {name: SESSION, value: "${JWT}"}
`;
  const findings = runCheckOn(check, yaml);
  expect(findings).toHaveLength(4);
  const json = JSON.stringify(findings);
  for (const secret of [DB_PASSWORD, GITHUB_TOKEN, JWT, 'Tr0ub4dor']) expect(json).not.toContain(secret);
});

describe('isCredentialName', () => {
  it.each([
    ['DB_PASSWORD', true],
    ['MYSQL_PWD', true],
    ['REDIS_PASS', true],
    ['GITHUB_TOKEN', true],
    ['OPENAI_API_KEY', true],
    ['apiKey', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['SSH_PRIVATE_KEY', true],
    ['SECRET_KEY_BASE', true],
    ['TOKEN_2', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['PWD', false],
    ['TOKEN_URL', false],
    ['PASSWORD_FILE', false],
    ['PRIVATE_KEY_PATH', false],
    ['SECRET_NAME', false],
    ['MAX_TOKENS', false],
    ['PASSWORD_MIN_LENGTH', false],
    ['AWS_ACCESS_KEY_ID', false],
    ['PARTITION_KEY', false],
    ['BYPASS', false],
  ])('%s → %s', (name, expected) => {
    expect(isCredentialName(name)).toBe(expected);
  });
});

describe('credentialKind', () => {
  it('ignores ordinary values and references in URLs', () => {
    expect(credentialKind('https://example.com/path')).toBeUndefined();
    expect(credentialKind('postgres://app@db:5432/app')).toBeUndefined();
    expect(credentialKind('postgres://app:$(DB_PASSWORD)@db/app')).toBeUndefined();
    expect(credentialKind('eyJust-a-word')).toBeUndefined();
  });
});
