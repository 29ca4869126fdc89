// Applies the declared modes (and owners, as root) of every node fixture in place, so
// `kubefort node --root test/fixtures/nodes/<name>` shows the intended node.
// Run: npx tsx test/node/prepare.ts
import { applyFixture, FIXTURE_NAMES } from './support.js';

for (const name of FIXTURE_NAMES) {
  const prepared = await applyFixture(name);
  process.stdout.write(`${prepared.root}${prepared.fs === undefined ? '' : ' (modes only: owners need root)'}\n`);
}
