/** A failure as a person reads it: what happened, in a sentence, and what to try next. */

import type { ReactElement, ReactNode } from 'react';
import type { Failure } from '../../../electron/contract.js';
import { Icon } from '../icons.js';

const TITLES: Record<Failure['kind'], string> = {
  usage: 'That did not work',
  'not-found': 'The file could not be found',
  'is-directory': 'That is a folder, not a file',
  'no-permission': 'The file could not be opened',
  empty: 'The file is empty',
  'not-outlook': 'This is not an Outlook data file',
  truncated: 'The file is cut short',
  unsupported: 'This is not supported yet',
  damaged: 'The file is damaged',
  'output-exists': 'The destination already exists',
  'output-failed': 'The export could not be written',
  'verification-failed': 'The export did not verify',
  cancelled: 'Cancelled',
  internal: 'Something went wrong',
};

const NEXT: Partial<Record<Failure['kind'], string>> = {
  'not-found': 'Check that the drive is connected, then choose the file again.',
  'no-permission': 'Close Outlook (it locks its data files) or copy the file somewhere you can read it, then try again.',
  'not-outlook': 'Choose a file with the .ost or .pst extension that Outlook created.',
  truncated: 'The copy may be incomplete. Copy the file again, or run a deep scan to recover what is there.',
  damaged: 'Run a deep scan: it searches the whole file for mail instead of trusting its index.',
  'output-failed': 'Check there is enough free space at the destination and that you can write there.',
};

/** `hint: false` leaves out the general advice for the failure's kind, where the caller knows it does not apply. */
export function ErrorNotice({ failure, hint = true, children }: { failure: Failure; hint?: boolean; children?: ReactNode }): ReactElement {
  const quiet = failure.kind === 'cancelled';
  return (
    <div className={`notice ${quiet ? 'info' : 'error'}`} role={quiet ? 'status' : 'alert'}>
      <Icon name={quiet ? 'info' : 'alert'} size={20} />
      <div>
        <strong>{TITLES[failure.kind]}</strong>
        <p>{failure.message}</p>
        {hint && NEXT[failure.kind] && <p className="muted">{NEXT[failure.kind]}</p>}
        {children}
      </div>
    </div>
  );
}
