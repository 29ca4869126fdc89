package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// keyPair is a certificate with its private key, as loaded from or written to disk.
type keyPair struct {
	Cert     *x509.Certificate
	Key      crypto.Signer
	CertPath string
	KeyPath  string
}

// certSpec describes a certificate to issue.
type certSpec struct {
	CommonName   string
	Organization []string
	DNSNames     []string
	IPs          []net.IP
	Server       bool
	Client       bool
}

const certValidity = 365 * 24 * time.Hour

func newKey() (crypto.Signer, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

func serialNumber() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

func writeCertAndKey(dir, name string, cert *x509.Certificate, key crypto.Signer) (*keyPair, error) {
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	kp := &keyPair{
		Cert:     cert,
		Key:      key,
		CertPath: filepath.Join(dir, name+".crt"),
		KeyPath:  filepath.Join(dir, name+".key"),
	}
	if err := os.WriteFile(kp.CertPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(kp.KeyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, err
	}
	return kp, nil
}

// newCA creates a self-signed certificate authority and writes NAME.crt/NAME.key in dir.
func newCA(dir, name, commonName string) (*keyPair, error) {
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * certValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create CA %s: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return writeCertAndKey(dir, name, cert, key)
}

// issue signs a leaf certificate with ca and writes NAME.crt/NAME.key in dir.
func (ca *keyPair) issue(dir, name string, spec certSpec) (*keyPair, error) {
	key, err := newKey()
	if err != nil {
		return nil, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: spec.CommonName, Organization: spec.Organization},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		DNSNames:     spec.DNSNames,
		IPAddresses:  spec.IPs,
	}
	if spec.Server {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageServerAuth)
	}
	if spec.Client {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, fmt.Errorf("issue %s: %w", name, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return writeCertAndKey(dir, name, cert, key)
}

// loadKeyPair reads a PEM certificate and PKCS#8 (or EC/PKCS#1) key written by this program.
func loadKeyPair(certPath, keyPath string) (*keyPair, error) {
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s: no PEM certificate", certPath)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, err
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, err
	}
	kblock, _ := pem.Decode(keyPEM)
	if kblock == nil {
		return nil, fmt.Errorf("%s: no PEM key", keyPath)
	}
	var parsed any
	switch kblock.Type {
	case "PRIVATE KEY":
		parsed, err = x509.ParsePKCS8PrivateKey(kblock.Bytes)
	case "EC PRIVATE KEY":
		parsed, err = x509.ParseECPrivateKey(kblock.Bytes)
	case "RSA PRIVATE KEY":
		parsed, err = x509.ParsePKCS1PrivateKey(kblock.Bytes)
	default:
		return nil, fmt.Errorf("%s: unsupported key type %q", keyPath, kblock.Type)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := parsed.(crypto.Signer)
	if !ok {
		return nil, errors.New(keyPath + ": key is not a signer")
	}
	return &keyPair{Cert: cert, Key: signer, CertPath: certPath, KeyPath: keyPath}, nil
}

// writeServiceAccountKey writes an RSA signing key (sa.key) and its public key (sa.pub).
func writeServiceAccountKey(dir string) (keyPath, pubPath string, err error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", "", err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return "", "", err
	}
	keyPath = filepath.Join(dir, "sa.key")
	pubPath = filepath.Join(dir, "sa.pub")
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return "", "", err
	}
	return keyPath, pubPath, nil
}

// pki holds every credential a harness cluster uses. Files live in DIR/pki.
type pki struct {
	Dir string
	// ServingCA signs the API server's serving certificate and (in a real cluster) kubelet serving certs.
	ServingCA *keyPair
	// ClientCA signs every client certificate the API server accepts (--client-ca-file).
	ClientCA *keyPair
	// EtcdCA is etcd's own CA (server, peer and client certificates), as kubeadm does.
	EtcdCA *keyPair
	// FrontProxyCA signs the aggregation-layer proxy client certificate.
	FrontProxyCA *keyPair

	APIServer        *keyPair
	Admin            *keyPair
	KubeletClient    *keyPair
	EtcdServer       *keyPair
	EtcdPeer         *keyPair
	EtcdClient       *keyPair
	FrontProxyClient *keyPair
	SAKey, SAPub     string
}

// newPKI generates a complete set of credentials in dir.
func newPKI(dir string) (*pki, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &pki{Dir: dir}
	var err error
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	steps := []func() error{
		func() (e error) { p.ServingCA, e = newCA(dir, "ca", "kubefort-harness-ca"); return },
		func() (e error) { p.ClientCA, e = newCA(dir, "client-ca", "kubefort-harness-client-ca"); return },
		func() (e error) { p.EtcdCA, e = newCA(dir, "etcd-ca", "kubefort-harness-etcd-ca"); return },
		func() (e error) {
			p.FrontProxyCA, e = newCA(dir, "front-proxy-ca", "kubefort-harness-front-proxy-ca")
			return
		},
		func() (e error) {
			p.APIServer, e = p.ServingCA.issue(dir, "apiserver", certSpec{
				CommonName: "kube-apiserver",
				DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
					"kubernetes.default.svc.cluster.local", "harness-control-plane"},
				IPs:    []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.96.0.1")},
				Server: true,
			})
			return
		},
		func() (e error) {
			p.Admin, e = p.ClientCA.issue(dir, "admin", certSpec{CommonName: "kubefort-admin", Organization: []string{"system:masters"}, Client: true})
			return
		},
		func() (e error) {
			p.KubeletClient, e = p.ClientCA.issue(dir, "apiserver-kubelet-client", certSpec{
				CommonName: "kube-apiserver-kubelet-client", Organization: []string{"kubeadm:cluster-admins"}, Client: true})
			return
		},
		func() (e error) {
			p.EtcdServer, e = p.EtcdCA.issue(dir, "etcd-server", certSpec{
				CommonName: "harness-control-plane", DNSNames: []string{"localhost", "harness-control-plane"}, IPs: loopback, Server: true, Client: true})
			return
		},
		func() (e error) {
			p.EtcdPeer, e = p.EtcdCA.issue(dir, "etcd-peer", certSpec{
				CommonName: "harness-control-plane", DNSNames: []string{"localhost", "harness-control-plane"}, IPs: loopback, Server: true, Client: true})
			return
		},
		func() (e error) {
			p.EtcdClient, e = p.EtcdCA.issue(dir, "apiserver-etcd-client", certSpec{CommonName: "kube-apiserver-etcd-client", Client: true})
			return
		},
		func() (e error) {
			p.FrontProxyClient, e = p.FrontProxyCA.issue(dir, "front-proxy-client", certSpec{CommonName: "front-proxy-client", Client: true})
			return
		},
		func() (e error) { p.SAKey, p.SAPub, e = writeServiceAccountKey(dir); return },
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return nil, err
		}
	}
	return p, nil
}
