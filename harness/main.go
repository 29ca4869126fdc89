// Command kubefort-harness runs a real kube-apiserver (compiled in from
// k8s.io/kubernetes) on top of an embedded etcd, both on 127.0.0.1, for
// kubefort's integration tests. See docs/harness.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"          // --logging-format=json, as the real binary
	_ "k8s.io/component-base/metrics/prometheus/clientgo" // client-go metrics, as the real binary
	_ "k8s.io/component-base/metrics/prometheus/version"  // version metric, as the real binary
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

const usage = `kubefort-harness: a real kube-apiserver + embedded etcd for tests

Usage:
  kubefort-harness serve --dir DIR [--profile hardened|insecure] [--arg=--flag=value ...]
                         [--unset-arg=--flag ...] [--nodes N]
  kubefort-harness identity --dir DIR --user USER [--group GROUP ...] --out FILE
  kubefort-harness version
`

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		os.Exit(serve(os.Args[2:]))
	case "identity":
		err = identity(os.Args[2:])
	case "version":
		fmt.Println(kubeVersion())
	case "-h", "--help", "help":
		fmt.Print(usage)
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubefort-harness:", err)
		os.Exit(1)
	}
}

// readyInfo is DIR/ready.json, written once the cluster is ready for tests.
type readyInfo struct {
	Server           string      `json:"server"`
	Kubeconfig       string      `json:"kubeconfig"`
	CAFile           string      `json:"caFile"`
	ClientCAFile     string      `json:"clientCAFile"`
	ClientCAKey      string      `json:"clientCAKey"`
	AdminCertFile    string      `json:"adminCertFile"`
	AdminKeyFile     string      `json:"adminKeyFile"`
	Etcd             string      `json:"etcd"`
	EtcdCAFile       string      `json:"etcdCAFile"`
	EtcdCertFile     string      `json:"etcdCertFile"`
	EtcdKeyFile      string      `json:"etcdKeyFile"`
	Profile          string      `json:"profile"`
	Version          string      `json:"version"`
	APIServerArgs    []string    `json:"apiserverArgs"`
	APIServerCommand []string    `json:"apiserverCommand"`
	EtcdArgs         []string    `json:"etcdArgs"`
	Nodes            []string    `json:"nodes"`
	Tokens           []testToken `json:"tokens,omitempty"`
	AuditLog         string      `json:"auditLog,omitempty"`
	StartupSeconds   float64     `json:"startupSeconds"`
	PID              int         `json:"pid"`
}

// freePorts reserves n distinct free TCP ports on 127.0.0.1. The listeners are
// held until all ports are chosen, then released for the servers to bind.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// lastFlagValue returns the value of the last --name=value in args.
func lastFlagValue(args []string, name string) (string, bool) {
	val, ok := "", false
	for _, a := range args {
		if strings.HasPrefix(a, name+"=") {
			val, ok = strings.TrimPrefix(a, name+"="), true
		}
	}
	return val, ok
}

func serve(argv []string) int {
	start := time.Now()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dir := fs.String("dir", "", "working directory for PKI, etcd data, config files and ready.json (required)")
	profile := fs.String("profile", profileHardened, "kube-apiserver flag profile: hardened or insecure")
	nodes := fs.Int("nodes", 1, "number of Node objects to register (1 control plane + N-1 workers)")
	var extra, unset stringList
	fs.Var(&extra, "arg", "extra kube-apiserver flag --name=value; replaces the profile's flag of that name (repeatable)")
	fs.Var(&unset, "unset-arg", "remove a profile kube-apiserver flag by name, e.g. --unset-arg=--profiling (repeatable)")
	if err := fs.Parse(argv); err != nil {
		return 2
	}
	if *dir == "" || fs.NArg() > 0 || *nodes < 1 {
		fmt.Fprint(os.Stderr, "serve: --dir is required, --nodes must be >= 1, no positional arguments\n\n"+usage)
		return 2
	}
	for _, a := range extra {
		if !strings.HasPrefix(a, "--") {
			fmt.Fprintf(os.Stderr, "serve: --arg value %q must start with --\n", a)
			return 2
		}
	}
	code, err := runServe(start, *dir, *profile, *nodes, extra, unset)
	if err != nil {
		klog.ErrorS(err, "serve failed")
		klog.Flush()
		if code == 0 {
			code = 1
		}
	}
	return code
}

func runServe(start time.Time, dirArg, profile string, nodes int, extra, unset []string) (int, error) {
	dir, err := filepath.Abs(dirArg)
	if err != nil {
		return 1, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 1, err
	}
	files := &clusterFiles{
		Dir:              dir,
		AdminKubeconfig:  filepath.Join(dir, "admin.kubeconfig"),
		AuditPolicy:      filepath.Join(dir, "audit-policy.yaml"),
		AuditLog:         filepath.Join(dir, "audit", "audit.log"),
		EncryptionConfig: filepath.Join(dir, "encryption-config.yaml"),
		TokenFile:        filepath.Join(dir, "tokens.csv"),
		EtcdDataDir:      filepath.Join(dir, "etcd-data"),
		ReadyFile:        filepath.Join(dir, "ready.json"),
	}
	_ = os.Remove(files.ReadyFile)

	files.PKI, err = newPKI(filepath.Join(dir, "pki"))
	if err != nil {
		return 1, fmt.Errorf("generate PKI: %w", err)
	}
	ports, err := freePorts(3)
	if err != nil {
		return 1, fmt.Errorf("pick free ports: %w", err)
	}
	apiPort, etcdClientPort, etcdPeerPort := ports[0], ports[1], ports[2]

	etcd, err := startEtcd(files, etcdClientPort, etcdPeerPort)
	if err != nil {
		return 1, err
	}
	defer etcd.Stop()
	klog.InfoS("etcd ready", "url", etcd.ClientURL, "dataDir", files.EtcdDataDir)

	base, err := apiserverArgs(profile, files, apiPort, etcd.ClientURL)
	if err != nil {
		return 2, err
	}
	args := mergeArgs(base, extra, unset)
	if v, ok := lastFlagValue(args, "--secure-port"); ok {
		if apiPort, err = strconv.Atoi(v); err != nil {
			return 2, fmt.Errorf("bad --secure-port %q", v)
		}
	}
	server := "https://127.0.0.1:" + strconv.Itoa(apiPort)
	if err := writeKubeconfig(files.AdminKubeconfig, server, files.PKI.ServingCA.CertPath, files.PKI.Admin, "kubefort-admin"); err != nil {
		return 1, fmt.Errorf("write admin kubeconfig: %w", err)
	}
	command := append([]string{"kube-apiserver"}, args...)
	klog.InfoS("starting kube-apiserver", "version", kubeVersion(), "profile", profile, "command", strings.Join(command, " "))

	// NewAPIServerCommand installs the SIGTERM/SIGINT handler: its context is
	// cancelled on the first signal, and the server then shuts down gracefully.
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	ctx := cmd.Context()

	restCfg := &rest.Config{
		Host: server,
		TLSClientConfig: rest.TLSClientConfig{
			CAFile:   files.PKI.ServingCA.CertPath,
			CertFile: files.PKI.Admin.CertPath,
			KeyFile:  files.PKI.Admin.KeyPath,
		},
		QPS:   50,
		Burst: 100,
	}
	setupFailed := make(chan error, 1)
	go func() {
		info := &readyInfo{
			Server:           server,
			Kubeconfig:       files.AdminKubeconfig,
			CAFile:           files.PKI.ServingCA.CertPath,
			ClientCAFile:     files.PKI.ClientCA.CertPath,
			ClientCAKey:      files.PKI.ClientCA.KeyPath,
			AdminCertFile:    files.PKI.Admin.CertPath,
			AdminKeyFile:     files.PKI.Admin.KeyPath,
			Etcd:             etcd.ClientURL,
			EtcdCAFile:       files.PKI.EtcdCA.CertPath,
			EtcdCertFile:     files.PKI.EtcdClient.CertPath,
			EtcdKeyFile:      files.PKI.EtcdClient.KeyPath,
			Profile:          profile,
			Version:          kubeVersion(),
			APIServerArgs:    args,
			APIServerCommand: command,
			EtcdArgs:         etcd.Args,
			PID:              os.Getpid(),
		}
		if profile == profileInsecure {
			if v, _ := lastFlagValue(args, "--token-auth-file"); v == files.TokenFile {
				info.Tokens = insecureTokens
			}
		}
		if v, ok := lastFlagValue(args, "--audit-log-path"); ok {
			info.AuditLog = v
		}
		if err := afterReady(ctx, restCfg, files, info, nodes, start); err != nil {
			setupFailed <- err
		}
	}()

	runDone := make(chan int, 1)
	go func() { runDone <- cli.Run(cmd) }()

	select {
	case code := <-runDone:
		_ = os.Remove(files.ReadyFile)
		if code != 0 {
			return code, errors.New("kube-apiserver exited with an error")
		}
		klog.InfoS("kube-apiserver stopped")
		return 0, nil
	case err := <-setupFailed:
		_ = os.Remove(files.ReadyFile)
		// The API server has no way to be stopped from here but a signal; the
		// deferred etcd.Stop and process exit end everything.
		return 1, err
	}
}

// afterReady waits for /readyz, registers the kubeadm-like objects and writes ready.json.
func afterReady(ctx context.Context, cfg *rest.Config, files *clusterFiles, info *readyInfo, nodes int, start time.Time) error {
	client, err := kubernetes.NewForConfig(rest.AddUserAgent(rest.CopyConfig(cfg), "kubefort-harness"))
	if err != nil {
		return err
	}
	var lastErr error
	err = wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 120*time.Second, true, func(ctx context.Context) (bool, error) {
		_, lastErr = client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return lastErr == nil, nil
	})
	if err != nil {
		return fmt.Errorf("kube-apiserver not ready: %w (last /readyz error: %v)", err, lastErr)
	}
	klog.InfoS("kube-apiserver ready", "after", time.Since(start).Round(time.Millisecond))

	if err := ensureDefaultServiceAccounts(ctx, client, "default", "kube-system", "kube-public", "kube-node-lease"); err != nil {
		return err
	}
	if err := startControllers(ctx, cfg); err != nil {
		return fmt.Errorf("start controllers: %w", err)
	}
	cp, err := registerNodes(ctx, client, nodes)
	if err != nil {
		return err
	}
	for i := 0; i < nodes; i++ {
		if i == 0 {
			info.Nodes = append(info.Nodes, controlPlaneNode)
		} else {
			info.Nodes = append(info.Nodes, fmt.Sprintf("harness-worker-%d", i))
		}
	}
	endpoint := strings.TrimPrefix(info.Server, "https://")
	if err := registerMirrorPod(ctx, client, cp, staticPod{
		Component: "kube-apiserver",
		Image:     "registry.k8s.io/kube-apiserver:" + info.Version,
		Command:   info.APIServerCommand,
		Endpoint:  endpoint,
		Dir:       files.Dir,
	}); err != nil {
		return err
	}
	if err := registerMirrorPod(ctx, client, cp, staticPod{
		Component: "etcd",
		Image:     "registry.k8s.io/etcd:" + etcdImageVersion,
		Command:   append([]string{"etcd"}, info.EtcdArgs...),
		Endpoint:  strings.TrimPrefix(info.Etcd, "https://"),
		Dir:       files.Dir,
	}); err != nil {
		return err
	}

	info.StartupSeconds = time.Since(start).Seconds()
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	// Write then rename, so a reader never sees a partial file.
	tmp := files.ReadyFile + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, files.ReadyFile); err != nil {
		return err
	}
	klog.InfoS("harness ready", "server", info.Server, "readyFile", files.ReadyFile, "startup", time.Since(start).Round(time.Millisecond))
	return nil
}

// identity issues a client certificate for USER/GROUPs signed by the cluster's
// client CA and writes a kubeconfig using it.
func identity(argv []string) error {
	fs := flag.NewFlagSet("identity", flag.ContinueOnError)
	dir := fs.String("dir", "", "the serve --dir of a running cluster (required)")
	user := fs.String("user", "", "user name, the certificate's CN (required)")
	out := fs.String("out", "", "kubeconfig file to write (required)")
	server := fs.String("server", "", "API server URL (default: from DIR/ready.json)")
	var groups stringList
	fs.Var(&groups, "group", "group, a certificate O (repeatable)")
	if err := fs.Parse(argv); err != nil {
		return err
	}
	if *dir == "" || *user == "" || *out == "" {
		return errors.New("identity: --dir, --user and --out are required")
	}
	pkiDir := filepath.Join(*dir, "pki")
	ca, err := loadKeyPair(filepath.Join(pkiDir, "client-ca.crt"), filepath.Join(pkiDir, "client-ca.key"))
	if err != nil {
		return fmt.Errorf("load client CA: %w", err)
	}
	if *server == "" {
		data, err := os.ReadFile(filepath.Join(*dir, "ready.json"))
		if err != nil {
			return fmt.Errorf("no --server and cannot read ready.json: %w", err)
		}
		var info readyInfo
		if err := json.Unmarshal(data, &info); err != nil {
			return fmt.Errorf("parse ready.json: %w", err)
		}
		*server = info.Server
	}
	tmpDir, err := os.MkdirTemp("", "kubefort-identity-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	kp, err := ca.issue(tmpDir, "client", certSpec{CommonName: *user, Organization: groups, Client: true})
	if err != nil {
		return err
	}
	return writeKubeconfig(*out, *server, filepath.Join(pkiDir, "ca.crt"), kp, *user)
}
