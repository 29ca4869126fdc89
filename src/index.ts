/**
 * kubefort as a library. Everything exported here is public API (docs/library.md);
 * anything else may change without notice.
 */
export { AREAS, AREA_TITLES, type Area } from './core/area.js';
export { SEVERITIES, severityRank, atLeast, type Severity } from './core/severity.js';
export { FRAMEWORKS, type FrameworkId, type FrameworkRef } from './core/framework.js';
export { ERRORS, KubefortError, type ErrorCode, type ScanError } from './core/errors.js';
export type { Finding, FindingLocation, ScanResult, ScanSummary, Suppression } from './core/finding.js';
export type { KubeObject, ObjectMeta, Position, Origin, Resource, ResourceRef } from './core/resource.js';
export { refOf, formatRef, liveResource } from './core/resource.js';
export { formatPath, type JsonPath } from './core/path.js';
export { Inventory, selectorMatches, type LabelSelector } from './core/inventory.js';
export { POD_SPEC_PATHS, POD_BEARING_KINDS, type PodSpecView, type ContainerView } from './core/workloads.js';
export { defineCheck, type Check, type CheckMeta, type CheckContext, type CheckOptions, type Report } from './core/check.js';
export { allChecks, checkRegistry, findCheck } from './checks/index.js';
export { loadManifests, parseManifests, type ManifestLoad, type ManifestOptions } from './sources/manifests.js';
export { scanManifests, scanResources, type ScanOptions } from './engine/scan.js';
export { runChecks } from './engine/run-checks.js';
export { loadExceptions, parseExceptions, type ExceptionRule } from './engine/suppressions.js';
export { formatters, type OutputFormat, type Formatter, type FormatOptions } from './report/index.js';
export { VERSION } from './version.js';
