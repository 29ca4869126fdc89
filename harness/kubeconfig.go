package main

import (
	"os"
	"path/filepath"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const clusterName = "kubefort-harness"

// writeKubeconfig writes a self-contained kubeconfig (certificates embedded) for
// the client certificate kp, trusting caPath for the server.
func writeKubeconfig(path, server, caPath string, kp *keyPair, user string) error {
	ca, err := os.ReadFile(caPath)
	if err != nil {
		return err
	}
	cert, err := os.ReadFile(kp.CertPath)
	if err != nil {
		return err
	}
	key, err := os.ReadFile(kp.KeyPath)
	if err != nil {
		return err
	}
	return writeKubeconfigData(path, server, ca, cert, key, user)
}

func writeKubeconfigData(path, server string, ca, cert, key []byte, user string) error {
	ctxName := user + "@" + clusterName
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{ClientCertificateData: cert, ClientKeyData: key}
	cfg.Contexts[ctxName] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: user, Namespace: "default"}
	cfg.CurrentContext = ctxName
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return err
	}
	return os.Chmod(path, 0o600)
}
