/**
 * The audit webhook's detector: the detection engine of src/detect (its rule catalogue), one
 * engine per cluster so windows and de-duplication never mix streams. Events that do not parse
 * are counted and skipped; alerts carry their evidence, never a request or response body.
 */
import type { NewAlert } from './storage/store.js';
import type { AuditDetector } from './routes/api.js';

export async function detectionEngineDetector(options: { readonly rulesFiles?: readonly string[] } = {}): Promise<AuditDetector & { readonly invalid: () => number }> {
  const { DetectionEngine } = await import('../detect/engine.js');
  const { toAuditEvent } = await import('../detect/event.js');
  const { ALL_RULES: BUILT_IN } = await import('../detect/rules/index.js');
  // Custom CEL rules (kind: AuditRule files); a bad file throws AuditRuleError at start, naming the file, rule and position.
  const { loadAuditRules } = await import('../detect/custom.js');
  const ALL_RULES = options.rulesFiles === undefined || options.rulesFiles.length === 0 ? BUILT_IN : [...BUILT_IN, ...(await loadAuditRules(options.rulesFiles, BUILT_IN))];
  const engines = new Map<string, InstanceType<typeof DetectionEngine>>();
  let invalid = 0;
  const detect = (cluster: string, events: readonly unknown[]): NewAlert[] => {
    let engine = engines.get(cluster);
    if (engine === undefined) {
      engine = new DetectionEngine({ rules: ALL_RULES });
      engines.set(cluster, engine);
    }
    const alerts: NewAlert[] = [];
    for (const raw of events) {
      const parsed = toAuditEvent(raw);
      if (!parsed.ok) {
        invalid++;
        continue;
      }
      for (const a of engine.process(parsed.event)) {
        alerts.push({ ruleId: a.ruleId, severity: a.severity, message: a.message, eventTime: a.time, detail: { title: a.title, attack: a.attack, evidence: a.evidence } });
      }
    }
    return alerts;
  };
  return Object.assign(detect, { invalid: () => invalid });
}
