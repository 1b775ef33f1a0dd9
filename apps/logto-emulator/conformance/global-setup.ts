import type { TestProject } from 'vitest/node';

import { readConformanceEnv } from './env.js';
import { resolveTarget } from './target.js';

/** Resolves the target once for the whole run (one emulator serves every test file) and shares it. */
export default async function setup(project: TestProject) {
  const { target, close } = await resolveTarget(readConformanceEnv());
  project.provide('conformanceTarget', target);
  return close;
}
