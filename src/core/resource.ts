import type { JsonPath } from './path.js';

export interface OwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly uid?: string;
  readonly ownerReferences?: readonly OwnerReference[];
}

/**
 * A Kubernetes object as read from a manifest or the API. Only the envelope is
 * typed; checks read the rest through the typed views of `core/k8s.ts`, which
 * validate shapes before trusting them.
 */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

/** Identifies an object: enough to find it again with kubectl. */
export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** 1-based line and column in a source file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a resource came from. */
export interface Origin {
  /** The manifest file as the user named it (or `<stdin>`); absent for live objects. */
  readonly file?: string;
  /** 0-based index of the YAML document within the file. */
  readonly documentIndex?: number;
  /** The Helm template a rendered document came from (its `# Source:` comment). */
  readonly template?: string;
  /** The kubeconfig context a live object was read from. */
  readonly cluster?: string;
}

export interface Resource {
  readonly ref: ResourceRef;
  readonly object: KubeObject;
  readonly origin: Origin;
  /**
   * Source position of a path inside this object (the object itself for `[]`),
   * or undefined when the source has no text (live objects) or the path is absent.
   * Positions are computed lazily: only findings pay for them.
   */
  locate(path: JsonPath): Position | undefined;
}

export function refOf(object: KubeObject): ResourceRef {
  const { apiVersion, kind, metadata } = object;
  return metadata.namespace === undefined
    ? { apiVersion, kind, name: metadata.name }
    : { apiVersion, kind, namespace: metadata.namespace, name: metadata.name };
}

/** `namespace/Kind/name` (or `Kind/name` for cluster-scoped objects). */
export function formatRef(ref: ResourceRef): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.namespace}/${ref.kind}/${ref.name}`;
}

/** A resource with no source text, as read from a live cluster. */
export function liveResource(object: KubeObject, cluster?: string): Resource {
  return {
    ref: refOf(object),
    object,
    origin: cluster === undefined ? {} : { cluster },
    locate: () => undefined,
  };
}

/**
 * A subject that is not one object: "every ClusterRole" (name `*`) when a list was
 * denied, or the cluster itself (`kubefort.io/v1alpha1 Cluster`) for facts like its version.
 */
export function syntheticResource(ref: ResourceRef): Resource {
  const metadata = ref.namespace === undefined ? { name: ref.name } : { name: ref.name, namespace: ref.namespace };
  return { ref, object: { apiVersion: ref.apiVersion, kind: ref.kind, metadata }, origin: {}, locate: () => undefined };
}

export const CLUSTER_REF: ResourceRef = { apiVersion: 'kubefort.io/v1alpha1', kind: 'Cluster', name: 'cluster' };
