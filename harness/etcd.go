package main

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

const etcdName = "harness-control-plane"

// etcdServer is an embedded etcd member and the command line an equivalent
// standalone etcd would run with.
type etcdServer struct {
	e         *embed.Etcd
	ClientURL string
	Args      []string
}

// startEtcd starts a single-member etcd on 127.0.0.1 with TLS and client
// certificate authentication on both the client and the peer listener.
func startEtcd(f *clusterFiles, clientPort, peerPort int) (*etcdServer, error) {
	if err := os.RemoveAll(f.EtcdDataDir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(f.EtcdDataDir, 0o700); err != nil {
		return nil, err
	}
	p := f.PKI
	clientURL := url.URL{Scheme: "https", Host: "127.0.0.1:" + strconv.Itoa(clientPort)}
	peerURL := url.URL{Scheme: "https", Host: "127.0.0.1:" + strconv.Itoa(peerPort)}

	cfg := embed.NewConfig()
	cfg.Name = etcdName
	cfg.Dir = f.EtcdDataDir
	cfg.ListenClientUrls = []url.URL{clientURL}
	cfg.AdvertiseClientUrls = []url.URL{clientURL}
	cfg.ListenPeerUrls = []url.URL{peerURL}
	cfg.AdvertisePeerUrls = []url.URL{peerURL}
	cfg.InitialCluster = etcdName + "=" + peerURL.String()
	cfg.ClusterState = embed.ClusterStateFlagNew
	cfg.SnapshotCount = 10000
	cfg.ClientTLSInfo.CertFile = p.EtcdServer.CertPath
	cfg.ClientTLSInfo.KeyFile = p.EtcdServer.KeyPath
	cfg.ClientTLSInfo.TrustedCAFile = p.EtcdCA.CertPath
	cfg.ClientTLSInfo.ClientCertAuth = true
	cfg.PeerTLSInfo.CertFile = p.EtcdPeer.CertPath
	cfg.PeerTLSInfo.KeyFile = p.EtcdPeer.KeyPath
	cfg.PeerTLSInfo.TrustedCAFile = p.EtcdCA.CertPath
	cfg.PeerTLSInfo.ClientCertAuth = true
	cfg.ClientAutoTLS = false
	cfg.PeerAutoTLS = false
	cfg.Logger = "zap"
	cfg.LogLevel = "warn"
	cfg.LogOutputs = []string{"stderr"}

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, fmt.Errorf("start etcd: %w", err)
	}
	select {
	case <-e.Server.ReadyNotify():
	case err := <-e.Err():
		e.Close()
		return nil, fmt.Errorf("etcd failed: %w", err)
	case <-time.After(60 * time.Second):
		e.Server.Stop()
		e.Close()
		return nil, fmt.Errorf("etcd not ready after 60s")
	}

	// The flags a standalone etcd would need for exactly this configuration
	// (what kubeadm's etcd static pod runs with).
	args := []string{
		"--advertise-client-urls=" + clientURL.String(),
		"--auto-tls=" + strconv.FormatBool(cfg.ClientAutoTLS),
		"--cert-file=" + cfg.ClientTLSInfo.CertFile,
		"--client-cert-auth=" + strconv.FormatBool(cfg.ClientTLSInfo.ClientCertAuth),
		"--data-dir=" + cfg.Dir,
		"--initial-advertise-peer-urls=" + peerURL.String(),
		"--initial-cluster=" + cfg.InitialCluster,
		"--initial-cluster-state=" + cfg.ClusterState,
		"--key-file=" + cfg.ClientTLSInfo.KeyFile,
		"--listen-client-urls=" + joinURLs(cfg.ListenClientUrls),
		"--listen-peer-urls=" + joinURLs(cfg.ListenPeerUrls),
		"--log-level=" + cfg.LogLevel,
		"--name=" + cfg.Name,
		"--peer-auto-tls=" + strconv.FormatBool(cfg.PeerAutoTLS),
		"--peer-cert-file=" + cfg.PeerTLSInfo.CertFile,
		"--peer-client-cert-auth=" + strconv.FormatBool(cfg.PeerTLSInfo.ClientCertAuth),
		"--peer-key-file=" + cfg.PeerTLSInfo.KeyFile,
		"--peer-trusted-ca-file=" + cfg.PeerTLSInfo.TrustedCAFile,
		"--snapshot-count=" + strconv.FormatUint(cfg.SnapshotCount, 10),
		"--trusted-ca-file=" + cfg.ClientTLSInfo.TrustedCAFile,
	}
	return &etcdServer{e: e, ClientURL: clientURL.String(), Args: args}, nil
}

func joinURLs(us []url.URL) string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = u.String()
	}
	return strings.Join(s, ",")
}

// Stop closes the member and waits for it to shut down.
func (s *etcdServer) Stop() {
	s.e.Close()
}
