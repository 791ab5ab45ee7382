/**
 * How a person reads a sender or recipient: Exchange-internal (X.500) addresses mean nothing to a reader,
 * and a display name that is only the address again, with the blanks or quotes some clients put around it
 * (" ann@example.com", "'ann@example.com'"), is shown once. The app's reading pane and `ost-rescue show`
 * both print addresses this way.
 */

/** The address when it is an Internet (SMTP) one, else ''. */
export function smtpAddress(email: string): string {
  return email.includes('@') ? email.trim() : '';
}

/** A display name without the blanks and quotes around it. */
export function cleanName(name: string): string {
  return name.trim().replace(/^(['"])(.*)\1$/, '$2').trim();
}

/** Whether a cleaned display name says no more than the address. */
export function nameIsAddress(name: string, email: string): boolean {
  return name.toLowerCase() === email.toLowerCase();
}

/** "Name <address>", or only the address when the name is the address or missing, or only the name. */
export function addressLabel(name: string, email: string): string {
  const n = cleanName(name);
  const e = smtpAddress(email);
  if (!e) return n || email.trim();
  return !n || nameIsAddress(n, e) ? e : `${n} <${e}>`;
}
