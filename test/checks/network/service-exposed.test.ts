import check from '../../../src/checks/network/service-exposed.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'cluster-internal-services',
      yaml: `
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: upstream, namespace: shop}
spec:
  type: ExternalName
  externalName: api.example.com
`,
    },
  ],
  invalid: [
    {
      name: 'nodeport-with-fixed-node-port',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  ports:
    - {port: 80, nodePort: 30080}
    - {port: 443}
`,
      errors: [{ messageId: 'nodePort', line: 5, path: 'spec.type', severity: 'medium', message: 'NodePort Service opens ports 80→30080/TCP, 443/TCP on every node' }],
    },
    {
      name: 'loadbalancers-open-restricted-and-internal',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: open, namespace: shop}
spec:
  type: LoadBalancer
  ports: [{port: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: world, namespace: shop}
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["10.0.0.0/8", "0.0.0.0/0"]
  ports: [{port: 443}]
---
apiVersion: v1
kind: Service
metadata: {name: office, namespace: shop}
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: ["203.0.113.0/24"]
  ports: [{port: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata:
  name: private
  namespace: shop
  annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal}
spec:
  type: LoadBalancer
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: shop
  annotations: {service.beta.kubernetes.io/load-balancer-source-ranges: "198.51.100.0/24"}
spec:
  type: LoadBalancer
  ports: [{port: 8443}]
`,
      errors: [
        { messageId: 'loadBalancer', line: 5, severity: 'high', message: 'LoadBalancer Service exposes port 443/TCP to every address: no loadBalancerSourceRanges' },
        { messageId: 'loadBalancer', line: 12, severity: 'high', message: 'source ranges include 0.0.0.0/0' },
        { messageId: 'loadBalancer', line: 20, severity: 'medium', message: 'exposes port 53/UDP to source ranges 203.0.113.0/24' },
        { messageId: 'loadBalancer', line: 31, severity: 'medium', message: 'on an internal load balancer' },
        { messageId: 'loadBalancer', line: 41, severity: 'medium', message: 'to source ranges 198.51.100.0/24' },
      ],
    },
    {
      name: 'cluster-ip-with-external-ips',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  ports: [{port: 80}]
  externalIPs:
    - 192.0.2.10
`,
      errors: [{ messageId: 'externalIPs', line: 6, path: 'spec.externalIPs', message: 'external IPs 192.0.2.10 on every node (port 80/TCP)' }],
    },
  ],
});
