package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/component-base/version"
	"k8s.io/klog/v2"
	namespacecontroller "k8s.io/kubernetes/pkg/controller/namespace"
	serviceaccountcontroller "k8s.io/kubernetes/pkg/controller/serviceaccount"
)

const (
	controlPlaneNode  = "harness-control-plane"
	mirrorAnnotation  = "kubernetes.io/config.mirror"
	etcdImageVersion  = "3.7.0-0"
	containerdVersion = "containerd://2.1.4"
	osImage           = "Debian GNU/Linux 12 (bookworm)"
)

// kubeVersion is the Kubernetes release the API server was built from: the
// version stamped by build.sh, else the k8s.io/kubernetes module version.
func kubeVersion() string {
	v := version.Get().GitVersion
	if strings.HasPrefix(v, "v") && !strings.Contains(v, "$Format") && !strings.HasPrefix(v, "v0.0.0") {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "k8s.io/kubernetes" {
				return d.Version
			}
		}
	}
	return v
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func kernelVersion() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// createOrGet creates obj, or tolerates that it already exists.
func ignoreExists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

// registerNodes creates the control-plane node and n-1 workers, with a status
// that a kubelet would report, written through the status subresource.
func registerNodes(ctx context.Context, c kubernetes.Interface, n int) (*corev1.Node, error) {
	var controlPlane *corev1.Node
	for i := 0; i < n; i++ {
		name := controlPlaneNode
		ip := "127.0.0.1"
		if i > 0 {
			name = fmt.Sprintf("harness-worker-%d", i)
			ip = fmt.Sprintf("127.0.1.%d", i)
		}
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: name,
				Labels: map[string]string{
					"kubernetes.io/hostname":   name,
					"kubernetes.io/os":         "linux",
					"kubernetes.io/arch":       runtime.GOARCH,
					"beta.kubernetes.io/os":    "linux",
					"beta.kubernetes.io/arch":  runtime.GOARCH,
					"kubefort.io/harness-node": "true",
				},
				Annotations: map[string]string{
					"kubeadm.alpha.kubernetes.io/cri-socket":                 "unix:///var/run/containerd/containerd.sock",
					"node.alpha.kubernetes.io/ttl":                           "0",
					"volumes.kubernetes.io/controller-managed-attach-detach": "true",
				},
			},
			Spec: corev1.NodeSpec{
				PodCIDR:  fmt.Sprintf("10.244.%d.0/24", i),
				PodCIDRs: []string{fmt.Sprintf("10.244.%d.0/24", i)},
			},
		}
		if i == 0 {
			node.Labels["node-role.kubernetes.io/control-plane"] = ""
			node.Labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
			node.Spec.Taints = []corev1.Taint{{Key: "node-role.kubernetes.io/control-plane", Effect: corev1.TaintEffectNoSchedule}}
		}
		created, err := c.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err != nil {
			return nil, fmt.Errorf("create node %s: %w", name, err)
		}
		now := metav1.Now()
		capacity := corev1.ResourceList{
			corev1.ResourceCPU:              resource.MustParse("2"),
			corev1.ResourceMemory:           resource.MustParse("8Gi"),
			corev1.ResourcePods:             resource.MustParse("110"),
			corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
		}
		created.Status = corev1.NodeStatus{
			Capacity:    capacity,
			Allocatable: capacity,
			Phase:       corev1.NodeRunning,
			Conditions: []corev1.NodeCondition{
				{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasSufficientMemory", Message: "kubelet has sufficient memory available", LastHeartbeatTime: now, LastTransitionTime: now},
				{Type: corev1.NodeDiskPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasNoDiskPressure", Message: "kubelet has no disk pressure", LastHeartbeatTime: now, LastTransitionTime: now},
				{Type: corev1.NodePIDPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasSufficientPID", Message: "kubelet has sufficient PID available", LastHeartbeatTime: now, LastTransitionTime: now},
				{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", Message: "kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now},
			},
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: ip},
				{Type: corev1.NodeHostName, Address: name},
			},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: 10250}},
			NodeInfo: corev1.NodeSystemInfo{
				MachineID:               randomHex(16),
				SystemUUID:              randomHex(16),
				BootID:                  randomHex(16),
				KernelVersion:           kernelVersion(),
				OSImage:                 osImage,
				ContainerRuntimeVersion: containerdVersion,
				KubeletVersion:          kubeVersion(),
				OperatingSystem:         "linux",
				Architecture:            runtime.GOARCH,
			},
		}
		updated, err := c.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{})
		if err != nil {
			return nil, fmt.Errorf("update status of node %s: %w", name, err)
		}
		if i == 0 {
			controlPlane = updated
		}
	}
	return controlPlane, nil
}

// staticPod describes a control-plane static pod whose mirror pod we register.
type staticPod struct {
	Component string
	Image     string
	Command   []string
	Endpoint  string // advertise endpoint annotation value, "" for none
	Dir       string // host directory holding its files, mounted read-only
}

// registerMirrorPod creates the mirror pod a kubelet would create for a static
// pod manifest in /etc/kubernetes/manifests, then marks it running.
func registerMirrorPod(ctx context.Context, c kubernetes.Interface, node *corev1.Node, sp staticPod) error {
	hash := randomHex(16)
	name := sp.Component + "-" + node.Name
	annotations := map[string]string{
		mirrorAnnotation:                hash,
		"kubernetes.io/config.hash":     hash,
		"kubernetes.io/config.source":   "file",
		"kubernetes.io/config.seen":     time.Now().UTC().Format(time.RFC3339Nano),
		"kubefort.io/harness-generated": "true",
	}
	if sp.Endpoint != "" {
		annotations["kubeadm.kubernetes.io/"+sp.Component+".advertise-address.endpoint"] = sp.Endpoint
	}
	hostPathType := corev1.HostPathDirectoryOrCreate
	yes := true
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Namespace:   metav1.NamespaceSystem,
			Labels:      map[string]string{"component": sp.Component, "tier": "control-plane"},
			Annotations: annotations,
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "v1", Kind: "Node", Name: node.Name, UID: node.UID, Controller: &yes,
			}},
		},
		Spec: corev1.PodSpec{
			NodeName:          node.Name,
			HostNetwork:       true,
			PriorityClassName: "system-node-critical",
			Tolerations:       []corev1.Toleration{{Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}},
			SecurityContext: &corev1.PodSecurityContext{
				SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
			},
			Containers: []corev1.Container{{
				Name:            sp.Component,
				Image:           sp.Image,
				ImagePullPolicy: corev1.PullIfNotPresent,
				Command:         sp.Command,
				VolumeMounts:    []corev1.VolumeMount{{Name: "harness-dir", MountPath: sp.Dir, ReadOnly: sp.Component != "etcd"}},
				Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
					corev1.ResourceCPU: resource.MustParse("100m"),
				}},
			}},
			Volumes: []corev1.Volume{{
				Name:         "harness-dir",
				VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: sp.Dir, Type: &hostPathType}},
			}},
		},
	}
	created, err := c.CoreV1().Pods(metav1.NamespaceSystem).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create mirror pod %s: %w", name, err)
	}
	now := metav1.Now()
	hostIP := "127.0.0.1"
	for _, a := range node.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			hostIP = a.Address
		}
	}
	created.Status = corev1.PodStatus{
		Phase:     corev1.PodRunning,
		HostIP:    hostIP,
		HostIPs:   []corev1.HostIP{{IP: hostIP}},
		PodIP:     hostIP,
		PodIPs:    []corev1.PodIP{{IP: hostIP}},
		StartTime: &now,
		QOSClass:  corev1.PodQOSBurstable,
		Conditions: []corev1.PodCondition{
			{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: now},
			{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: now},
			{Type: corev1.ContainersReady, Status: corev1.ConditionTrue, LastTransitionTime: now},
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: now},
		},
		ContainerStatuses: []corev1.ContainerStatus{{
			Name:        sp.Component,
			Image:       sp.Image,
			ImageID:     sp.Image,
			Ready:       true,
			Started:     &yes,
			ContainerID: "containerd://" + randomHex(32),
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
		}},
	}
	if _, err := c.CoreV1().Pods(metav1.NamespaceSystem).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("update status of mirror pod %s: %w", name, err)
	}
	return nil
}

// ensureDefaultServiceAccounts creates the "default" ServiceAccount that the
// (absent) controller-manager would create, so pods pass ServiceAccount admission.
func ensureDefaultServiceAccounts(ctx context.Context, c kubernetes.Interface, namespaces ...string) error {
	for _, ns := range namespaces {
		sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns}}
		err := wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
			_, err := c.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{})
			if err = ignoreExists(err); err != nil {
				// The namespace may not be created by the API server's bootstrap controller yet.
				klog.V(2).InfoS("waiting to create default service account", "namespace", ns, "err", err)
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return fmt.Errorf("create default service account in %s: %w", ns, err)
		}
	}
	return nil
}

// startControllers runs the two upstream controllers a test cluster needs even
// without a controller-manager: the ServiceAccount controller (a "default"
// ServiceAccount in every new namespace) and the namespace controller (deleted
// namespaces are emptied and go away instead of staying Terminating).
func startControllers(ctx context.Context, cfg *rest.Config) error {
	c, err := kubernetes.NewForConfig(rest.AddUserAgent(cfg, "kubefort-harness-controllers"))
	if err != nil {
		return err
	}
	md, err := metadata.NewForConfig(cfg)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(c, 0)
	sa, err := serviceaccountcontroller.NewServiceAccountsController(klog.FromContext(ctx),
		factory.Core().V1().ServiceAccounts(), factory.Core().V1().Namespaces(), c,
		serviceaccountcontroller.DefaultServiceAccountsControllerOptions())
	if err != nil {
		return err
	}
	ns := namespacecontroller.NewNamespaceController(ctx, c, md,
		c.Discovery().ServerPreferredNamespacedResources,
		factory.Core().V1().Namespaces(), 5*time.Minute, corev1.FinalizerKubernetes)
	factory.Start(ctx.Done())
	go sa.Run(ctx, 1)
	go ns.Run(ctx, 2)
	return nil
}
