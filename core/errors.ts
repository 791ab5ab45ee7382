/**
 * Errors a person can act on. Every failure that reaches the CLI or the app is one of these: a
 * sentence naming the file and what is wrong with it, plus a kind that fixes the exit code.
 */

export type ProblemKind =
  | 'usage'
  | 'not-found'
  | 'is-directory'
  | 'no-permission'
  | 'empty'
  | 'not-outlook'
  | 'truncated'
  | 'unsupported'
  | 'damaged'
  | 'output-exists'
  | 'output-failed'
  | 'verification-failed'
  | 'cancelled';

/** Exit codes, documented in README.md. */
export const EXIT_CODE: Readonly<Record<ProblemKind, number>> = {
  usage: 2,
  'not-found': 3,
  'is-directory': 3,
  'no-permission': 3,
  empty: 3,
  'not-outlook': 3,
  truncated: 3,
  unsupported: 3,
  damaged: 4,
  'output-exists': 5,
  'output-failed': 5,
  'verification-failed': 6,
  cancelled: 130,
};

export class RescueError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'RescueError';
  }

  get exitCode(): number {
    return EXIT_CODE[this.kind];
  }
}

/** Thrown (internally) when a structure read from the file fails a check; recovery catches it. */
export class FormatError extends Error {
  constructor(
    message: string,
    /** File offset of the offending structure, when known. */
    readonly offset: number | null = null,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

/** The message of anything thrown, for reports and findings (libraries throw non-Errors too). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The file offset a reader error names, when it names one. */
export function offsetOf(e: unknown): number | null {
  return e instanceof FormatError ? e.offset : null;
}
