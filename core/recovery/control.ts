import { RescueError } from '../errors.js';
import type { RunControl } from '../model.js';

/**
 * Called between chunks of long work: stops with a 'cancelled' RescueError once the caller's signal
 * has fired, and yields to the event loop so that an abort (from a timer, the app's IPC or Ctrl-C)
 * can arrive at all while the scan runs synchronous reads.
 */
export async function checkpoint(control: RunControl | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (control?.signal?.aborted) throw new RescueError('cancelled', 'The scan was cancelled.');
}
