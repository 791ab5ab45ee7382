/** TEST ONLY. Messages between the e2e launcher and the shimmed main process (fork IPC). */

export type TestToShim =
  | { type: 'dialog'; kind: 'open' | 'save'; answer: string | null }
  | { type: 'menu'; label: string }
  | { type: 'second-instance'; argv: string[] }
  | { type: 'quit' };

export type ShimToTest =
  | { type: 'window-loaded'; url: string }
  | { type: 'shell'; call: 'showItemInFolder' | 'openExternal'; arg: string };
