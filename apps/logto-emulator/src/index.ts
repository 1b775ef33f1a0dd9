export {
  createEmulator,
  startEmulator,
  type Emulator,
  type EmulatorConfig,
  type RunningEmulator,
} from './app.js';
export { managementApi } from './seed/system.js';
