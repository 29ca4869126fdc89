package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Profiles name the two kube-apiserver configurations tests start from.
const (
	profileHardened = "hardened"
	profileInsecure = "insecure"
)

// testToken is a static bearer token written to the insecure profile's --token-auth-file.
type testToken struct {
	Token  string   `json:"token"`
	User   string   `json:"user"`
	UID    string   `json:"uid"`
	Groups []string `json:"groups"`
}

// insecureTokens are fixed so tests (and humans) can use them without reading files.
var insecureTokens = []testToken{
	{Token: "kubefort-insecure-admin-token", User: "token-admin", UID: "token-admin-uid", Groups: []string{"system:masters"}},
	{Token: "kubefort-insecure-user-token", User: "token-user", UID: "token-user-uid", Groups: []string{"kubefort:testers"}},
}

// strongCipherSuites is a subset of the CIS 1.2.29 allow-list that Go implements
// for TLS 1.2 (TLS 1.3 suites are not configurable in Go and always strong).
var strongCipherSuites = []string{
	"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
	"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
	"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
}

// auditPolicy records security-relevant activity without leaking secret payloads:
// Secret/ConfigMap/token bodies are never logged, exec/attach/port-forward/proxy
// are always logged, writes to workloads and RBAC keep request and response.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  # Health probes and discovery are high volume and carry no security signal.
  - level: None
    nonResourceURLs:
      - /healthz*
      - /livez*
      - /readyz*
      - /version
      - /openapi/*
  - level: None
    users: ["system:apiserver"]
    verbs: ["get", "list", "watch"]
  # Objects that hold credentials: who touched them, never their content.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews", "tokenrequests"]
      - group: authorization.k8s.io
        resources: ["subjectaccessreviews", "selfsubjectaccessreviews", "localsubjectaccessreviews"]
      - group: certificates.k8s.io
        resources: ["certificatesigningrequests"]
  # Interactive access to workloads and nodes.
  - level: Metadata
    resources:
      - group: ""
        resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy", "nodes/proxy"]
  # Events are noisy; reads of them are not interesting.
  - level: None
    resources:
      - group: ""
        resources: ["events"]
      - group: events.k8s.io
        resources: ["events"]
    verbs: ["get", "list", "watch"]
  # Changes to workloads, access control and admission: full request and response.
  - level: RequestResponse
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
    resources:
      - group: ""
        resources: ["pods", "pods/ephemeralcontainers", "services", "serviceaccounts", "namespaces", "nodes", "persistentvolumes", "persistentvolumeclaims"]
      - group: apps
      - group: batch
      - group: rbac.authorization.k8s.io
      - group: networking.k8s.io
      - group: policy
      - group: admissionregistration.k8s.io
      - group: apiextensions.k8s.io
  # Everything else: metadata only.
  - level: Metadata
`

// clusterFiles are the paths of everything serve writes into DIR.
type clusterFiles struct {
	Dir              string
	PKI              *pki
	AdminKubeconfig  string
	AuditPolicy      string
	AuditLog         string
	EncryptionConfig string
	TokenFile        string
	EtcdDataDir      string
	ReadyFile        string
}

func writeAuditPolicy(path string) error {
	return os.WriteFile(path, []byte(auditPolicy), 0o600)
}

func writeEncryptionConfig(path string) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	cfg := fmt.Sprintf(`apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: %s
      - identity: {}
`, base64.StdEncoding.EncodeToString(key))
	return os.WriteFile(path, []byte(cfg), 0o600)
}

func writeTokenFile(path string) error {
	var b strings.Builder
	for _, t := range insecureTokens {
		fmt.Fprintf(&b, "%s,%s,%s,%q\n", t.Token, t.User, t.UID, strings.Join(t.Groups, ","))
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// flagName returns "--name" for "--name=value" or "--name".
func flagName(arg string) string {
	if i := strings.IndexByte(arg, '='); i >= 0 {
		return arg[:i]
	}
	return arg
}

// mergeArgs applies overrides to base: every flag named in overrides replaces all
// occurrences of that flag in base (at the position of its first occurrence); a
// flag named several times in overrides is kept several times (repeatable flags);
// flags not in base are appended in order. Flags named in unset are removed.
func mergeArgs(base, overrides, unset []string) []string {
	byName := map[string][]string{}
	var order []string
	for _, o := range overrides {
		n := flagName(o)
		if _, seen := byName[n]; !seen {
			order = append(order, n)
		}
		byName[n] = append(byName[n], o)
	}
	drop := map[string]bool{}
	for _, u := range unset {
		drop[flagName(u)] = true
	}
	used := map[string]bool{}
	var out []string
	for _, a := range base {
		n := flagName(a)
		if drop[n] {
			continue
		}
		if repl, ok := byName[n]; ok {
			if !used[n] {
				out = append(out, repl...)
				used[n] = true
			}
			continue
		}
		out = append(out, a)
	}
	for _, n := range order {
		if !used[n] && !drop[n] {
			out = append(out, byName[n]...)
		}
	}
	return out
}

// apiserverArgs builds the kube-apiserver command line (without argv[0]) for a profile.
func apiserverArgs(profile string, f *clusterFiles, port int, etcdURL string) ([]string, error) {
	p := f.PKI
	// Flags every kubeadm control plane has, whatever its hardening.
	args := []string{
		"--advertise-address=127.0.0.1",
		"--allow-privileged=true",
		"--bind-address=127.0.0.1",
		"--client-ca-file=" + p.ClientCA.CertPath,
		"--enable-bootstrap-token-auth=true",
		// The endpoint reconciler refuses a loopback advertise address; nothing
		// here needs the default/kubernetes Endpoints, so it is turned off.
		"--endpoint-reconciler-type=none",
		"--etcd-cafile=" + p.EtcdCA.CertPath,
		"--etcd-certfile=" + p.EtcdClient.CertPath,
		"--etcd-keyfile=" + p.EtcdClient.KeyPath,
		"--etcd-servers=" + etcdURL,
		"--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
		"--proxy-client-cert-file=" + p.FrontProxyClient.CertPath,
		"--proxy-client-key-file=" + p.FrontProxyClient.KeyPath,
		"--requestheader-allowed-names=front-proxy-client",
		"--requestheader-client-ca-file=" + p.FrontProxyCA.CertPath,
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--requestheader-group-headers=X-Remote-Group",
		"--requestheader-username-headers=X-Remote-User",
		"--secure-port=" + strconv.Itoa(port),
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + p.SAPub,
		"--service-account-signing-key-file=" + p.SAKey,
		"--service-cluster-ip-range=10.96.0.0/12",
		"--tls-cert-file=" + p.APIServer.CertPath,
		"--tls-private-key-file=" + p.APIServer.KeyPath,
	}
	switch profile {
	case profileHardened:
		if err := writeAuditPolicy(f.AuditPolicy); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(f.AuditLog), 0o700); err != nil {
			return nil, err
		}
		if err := writeEncryptionConfig(f.EncryptionConfig); err != nil {
			return nil, err
		}
		args = append(args,
			"--anonymous-auth=false",
			"--authorization-mode=Node,RBAC",
			"--enable-admission-plugins=NodeRestriction",
			"--profiling=false",
			"--audit-log-path="+f.AuditLog,
			"--audit-policy-file="+f.AuditPolicy,
			"--audit-log-maxage=30",
			"--audit-log-maxbackup=10",
			"--audit-log-maxsize=100",
			"--encryption-provider-config="+f.EncryptionConfig,
			"--tls-min-version=VersionTLS12",
			"--tls-cipher-suites="+strings.Join(strongCipherSuites, ","),
			"--kubelet-client-certificate="+p.KubeletClient.CertPath,
			"--kubelet-client-key="+p.KubeletClient.KeyPath,
			"--kubelet-certificate-authority="+p.ServingCA.CertPath,
			"--service-account-lookup=true",
			"--service-account-extend-token-expiration=false",
			"--request-timeout=60s",
		)
	case profileInsecure:
		if err := writeTokenFile(f.TokenFile); err != nil {
			return nil, err
		}
		args = append(args,
			"--anonymous-auth=true",
			"--authorization-mode=AlwaysAllow",
			"--token-auth-file="+f.TokenFile,
			"--profiling=true",
		)
	default:
		return nil, fmt.Errorf("unknown profile %q (want %s or %s)", profile, profileHardened, profileInsecure)
	}
	return args, nil
}
