import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['nodes/proxy'], nonSystem: true };
export default defineRule({
  resources: ['nodes/proxy'],
  meta: {
    id: 'KF-D-020',
    name: 'kubelet-proxy',
    title: 'Kubelet API reached through the API server (nodes/proxy)',
    severity: 'high',
    attack: ['T1611', 'T1609'],
    minLevel: 'Metadata',
    stages: ['ResponseStarted', 'ResponseComplete'],
    description: 'nodes/proxy gives the kubelet API: /run, /exec and /pods there bypass admission and the audit of the proxied action.',
    messages: { proxy: '{{user}} used nodes/proxy on {{node}}: {{uri}}' },
  },
  match: (e) =>
    meets(e, C0) && !/\/proxy\/(metrics|stats|healthz|configz)/.test(e.requestURI) && !(e.stage === 'ResponseComplete' && e.code === 101)
      ? { messageId: 'proxy', data: { user: e.user.username, node: e.objectRef?.name ?? '', uri: e.requestURI } }
      : undefined,
});
