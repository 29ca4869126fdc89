import { defineRule, meets } from '../rule.js';
import { CHANGE_VERBS, POD_BEARING, containersOf, podSpecOf } from '../rule.js';
import { at } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: POD_BEARING, verbs: CHANGE_VERBS };

const SENSITIVE = ['/', '/proc', '/root', '/etc', '/var', '/var/run', '/run', '/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/var/lib/kubelet', '/var/lib/kubelet/pki', '/etc/kubernetes', '/etc/kubernetes/manifests', '/etc/kubernetes/pki', '/home/admin', '/var/lib/docker', '/sys'];

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: POD_BEARING,
  meta: {
    id: 'KF-D-023',
    name: 'sensitive-hostpath-pod',
    title: 'A pod mounting a sensitive host path was created',
    severity: 'high',
    attack: ['T1611'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'hostPath volumes of /, /etc, /proc, runtime sockets or kubelet directories hand the node to the container.',
    messages: { hostPath: '{{user}} {{verb}} {{kind}} {{namespace}}/{{name}} mounting host path {{path}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    const spec = podSpecOf(e.requestObject);
    const volumes = spec?.['volumes'];
    if (!Array.isArray(volumes)) return undefined;
    for (const v of volumes) {
      const p = at(v, 'hostPath', 'path');
      if (typeof p === 'string' && SENSITIVE.includes(p.replace(/\/+$/, '') || '/'))
        return { messageId: 'hostPath', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', path: p } };
    }
    return undefined;
  },
});
