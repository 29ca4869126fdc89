/** Image and supply-chain checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import imageNotPinnedByDigest from './image-not-pinned-by-digest.js';
import imagePullPolicy from './image-pull-policy.js';
import imageTagMutable from './image-tag-mutable.js';

export const supplyChainChecks = {
  'image-not-pinned-by-digest': imageNotPinnedByDigest,
  'image-pull-policy': imagePullPolicy,
  'image-tag-mutable': imageTagMutable,
} satisfies Record<string, Check>;
