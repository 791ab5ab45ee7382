/**
 * The renderer's client for the preload bridge: typed from the contract, it unwraps each Result
 * into a value or a thrown AppError carrying the sentence to show.
 */

import type { Bridge, Channel, EventName, Events, Failure, Req, Res } from '../../electron/contract.js';

declare global {
  interface Window {
    rescue: Bridge;
  }
}

export class AppError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export async function call<C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>> {
  const result = await window.rescue.call(channel, req);
  if (!result.ok) throw new AppError(result.error);
  return result.value;
}

export function on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
  return window.rescue.on(name, listener);
}

export function pathForFile(file: File): string {
  return window.rescue.pathForFile(file);
}

/** Any thrown value as a Failure the error notice can show. */
export function toFailure(e: unknown): Failure {
  if (e instanceof AppError) return e.failure;
  return { kind: 'internal', message: `Something unexpected happened: ${e instanceof Error ? e.message : String(e)}` };
}

export function newRequestId(): string {
  return crypto.randomUUID();
}
