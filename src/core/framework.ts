/** Frameworks a check can map to. `steps` is kubefort's own list of the hardening practice's steps. */
export const FRAMEWORKS = ['cis-1.12', 'pss-baseline', 'pss-restricted', 'nsa-cisa', 'steps'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];

/** A reference from a check to one control of a framework, e.g. CIS 5.2.2 or PSS "Privileged Containers". */
export interface FrameworkRef {
  readonly framework: FrameworkId;
  /** The control's id within the framework (CIS number, PSS control name, NSA section). */
  readonly control: string;
}

export const FRAMEWORK_TITLES: Record<FrameworkId, string> = {
  'cis-1.12': 'CIS Kubernetes Benchmark v1.12',
  'pss-baseline': 'Pod Security Standards: baseline',
  'pss-restricted': 'Pod Security Standards: restricted',
  'nsa-cisa': 'NSA/CISA Kubernetes Hardening Guide v1.2',
  steps: 'kubefort hardening steps',
};

export const cis = (control: string): FrameworkRef => ({ framework: 'cis-1.12', control });
export const pssBaseline = (control: string): FrameworkRef => ({ framework: 'pss-baseline', control });
export const pssRestricted = (control: string): FrameworkRef => ({ framework: 'pss-restricted', control });
export const nsa = (control: string): FrameworkRef => ({ framework: 'nsa-cisa', control });
