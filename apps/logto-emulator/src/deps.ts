import type { Database } from './db/database.js';
import type { SigningKeys } from './keys.js';
import type { Mailer } from './mail/index.js';

// The emulator's configuration and the services every module gets. Kept apart from app.ts (which imports
// every module) so that modules can name these types without importing app.ts back.

export type EmulatorConfig = {
  /** Origin browsers and servers use, without a trailing slash, e.g. http://localhost:3001. */
  publicUrl: string;
  /** PGlite folder; undefined keeps the data in memory (tests). */
  dataDir?: string;
  /** Delete the data folder before opening it. */
  reset?: boolean;
  /** Enables `/_emulator/reset` and fault injection. */
  testControls: boolean;
  /** Whether the built-in email connector exists at start (the test controls can switch it). */
  emailConnector: boolean;
  /** The setup M2M app created on first start. */
  m2mApp: { id: string; secret: string };
};

export type EmulatorDeps = {
  db: Database;
  config: EmulatorConfig;
  keys: SigningKeys;
  /** `${publicUrl}/oidc` */
  issuer: string;
  mailer: Mailer;
  /** Clears every table and runs the system seed again (used by `/_emulator/reset`). */
  resetData: () => Promise<void>;
};
