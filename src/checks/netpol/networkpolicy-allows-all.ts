import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { netpolEngine, peerIsEntireCluster, type RuleSpec } from '../../analysis/netpol/index.js';

const EVERY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

function portsText(rule: RuleSpec): string {
  if (rule.ports === 'all') return 'on every port';
  return `on ${rule.ports.map((p) => (p.port === undefined ? `${p.protocol} all ports` : `${p.protocol} ${p.port}${p.endPort === undefined ? '' : `-${p.endPort}`}`)).join(', ')}`;
}

export default defineCheck({
  meta: {
    id: 'KF-N-014',
    name: 'networkpolicy-allows-all',
    title: 'NetworkPolicy rule that allows every peer',
    area: 'network',
    severity: 'medium',
    description:
      'A rule without `from`/`to` allows every pod of every namespace and every address; a peer `namespaceSelector: {}` allows every pod of every namespace (including namespaces created later); an ipBlock 0.0.0.0/0 without `except` allows the whole internet. Such a rule undoes the isolation the policy seems to provide, often by accident (`ingress: [{}]` versus `ingress: []`, or a forgotten podSelector). Medium when the rule is open on every port, low when it restricts ports.',
    remediation:
      'Name the peers that need access, for example:\n\n```yaml\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}\n        podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}\n    ports: [{port: 8080}]\n```\n\nFor egress to the internet, exclude internal and link-local ranges with `except` (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16).',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      noPeers: '{{rule}} has no `{{field}}`: it allows every pod of every namespace and every address {{ports}}',
      allNamespaces: '{{peer}} (namespaceSelector: {}) allows every pod of every namespace {{ports}}',
      anyAddress: '{{peer}} (ipBlock {{cidr}}) allows every address {{ports}}',
    },
    kinds: ['NetworkPolicy'],
  },
  run(inventory, { report }) {
    const engine = netpolEngine(inventory);
    for (const policy of engine.model.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        if (!policy.types[rule.direction]) continue; // rules of a direction not in policyTypes do nothing
        const field = rule.direction === 'ingress' ? 'from' : 'to';
        const name = `spec.${rule.direction}[${rule.index}]`;
        const severity = rule.ports === 'all' ? 'medium' : 'low';
        const ports = portsText(rule);
        if (rule.peers === 'all') {
          report({ messageId: 'noPeers', data: { rule: name, field, ports }, resource: policy.resource, path: rule.path, severity });
          continue;
        }
        for (const peer of rule.peers) {
          const peerName = `${name}.${field}[${peer.index}]`;
          if (peerIsEntireCluster(peer)) {
            report({ messageId: 'allNamespaces', data: { peer: peerName, ports }, resource: policy.resource, path: [...rule.path, field, peer.index, 'namespaceSelector'], severity });
          } else if (peer.ipBlock !== undefined && peer.invalid === undefined && EVERY_ADDRESS.has(peer.ipBlock.cidr) && peer.ipBlock.except.length === 0) {
            report({ messageId: 'anyAddress', data: { peer: peerName, cidr: peer.ipBlock.cidr, ports }, resource: policy.resource, path: [...rule.path, field, peer.index, 'ipBlock', 'cidr'], severity });
          }
        }
      }
    }
  },
});
