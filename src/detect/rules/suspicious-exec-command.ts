import { defineRule, meets } from '../rule.js';
import { execCommand } from '../exec.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['pods/exec'], verbs: ['get', 'create'] };

const PATTERNS: [RegExp, string][] = [
  [/\/dev\/tcp\/|\bnc\b.*\s-e\s|mkfifo|socat\b.*exec|bash -i|pty\.spawn|socket\.socket/, 'reverse shell'],
  [/169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|fd00:ec2::254/, 'cloud metadata service'],
  [/\/var\/run\/secrets\/kubernetes\.io|serviceaccount\/token|\/etc\/kubernetes|\/var\/lib\/kubelet|\/etc\/shadow|\/etc\/sudoers|\.ssh\/|\.aws\/|\.kube\/config|\/proc\/[^ ]*\/environ/, 'credential file'],
  [/\b(curl|wget)\b[^|]*https?:\/\//, 'download'],
];

export default defineRule({
  verbs: ['get', 'create'],
  resources: ['pods/exec'],
  meta: {
    id: 'KF-D-017',
    name: 'suspicious-exec-command',
    title: 'exec with a suspicious command (reverse shell, metadata service, credential files, downloads)',
    severity: 'high',
    attack: ['T1609', 'T1059', 'T1552.001', 'T1552.005'],
    minLevel: 'Metadata',
    stages: ['ResponseStarted', 'ResponseComplete'],
    description: 'The exec command is in requestURI (command= parameters) even at Metadata level.',
    messages: { command: '{{user}} ran "{{command}}" in {{namespace}}/{{pod}}: {{why}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    if (e.stage === 'ResponseComplete' && e.code === 101) return undefined;
    const command = execCommand(e.requestURI);
    const hit = PATTERNS.find(([p]) => p.test(command));
    return hit === undefined ? undefined : { messageId: 'command', data: { user: e.user.username, command, namespace: e.objectRef?.namespace ?? '', pod: e.objectRef?.name ?? '', why: hit[1] } };
  },
});
