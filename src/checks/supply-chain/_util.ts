/** Image references as the container runtime reads them: `[registry[:port]/]repository[:tag][@digest]`. */

export interface ImageRef {
  /** Registry host (with port), when the first component names one (has `.` or `:`, or is `localhost`). */
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:…` (or another algorithm) after `@`. */
  readonly digest?: string;
}

/**
 * Splits an image reference. The tag is the part after the last `:` of the last path component,
 * so `localhost:5000/app` has a registry port and no tag, while `localhost:5000/app:1.0` has tag `1.0`.
 */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return {
    ...(registry === undefined ? {} : { registry }),
    repository: rest,
    ...(tag === undefined || tag === '' ? {} : { tag }),
    ...(digest === undefined || digest === '' ? {} : { digest }),
  };
}

/**
 * True when the image can change under the same reference: no tag (the runtime pulls `latest`)
 * or the `latest` tag itself, and no digest to pin it.
 */
export function isMutableReference(ref: ImageRef): boolean {
  return ref.digest === undefined && (ref.tag === undefined || ref.tag === 'latest');
}

/**
 * Kubernetes' default `imagePullPolicy` (`SetDefaults_Container`): Always when the tag is `latest`,
 * or when there is neither tag nor digest (the runtime then pulls `latest`); else IfNotPresent.
 * A digest does not change it: `app:latest@sha256:…` still defaults to Always.
 */
export function defaultPullPolicy(ref: ImageRef): 'Always' | 'IfNotPresent' {
  if (ref.tag === 'latest') return 'Always';
  return ref.tag === undefined && ref.digest === undefined ? 'Always' : 'IfNotPresent';
}
