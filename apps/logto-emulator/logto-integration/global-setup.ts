import type { TestProject } from 'vitest/node';

import { readConformanceEnv } from '../conformance/env.js';
import { resolveTarget } from '../conformance/target.js';

/** One target for the whole run, resolved exactly as the conformance suite resolves it. */
export default async function setup(project: TestProject) {
  const { target, close } = await resolveTarget(readConformanceEnv());
  project.provide('conformanceTarget', target);
  return close;
}
