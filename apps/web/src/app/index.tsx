import { AuthProvider } from '../lib/auth.js';

import { AppProvider } from './provider.js';
import { AppRouter } from './router.js';
import { RuntimeConfigGate } from './runtime-config-gate.js';

export function App() {
  return (
    <AppProvider>
      <RuntimeConfigGate>
        {(config) => (
          <AuthProvider config={config}>
            <AppRouter />
          </AuthProvider>
        )}
      </RuntimeConfigGate>
    </AppProvider>
  );
}
