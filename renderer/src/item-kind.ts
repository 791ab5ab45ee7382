/** The kind of Outlook item a message class names, in words, for items that are not mail. */

const KINDS: readonly [prefix: string, label: string][] = [
  ['IPM.Appointment', 'Calendar item'],
  ['IPM.Schedule.Meeting', 'Meeting'],
  ['IPM.Contact', 'Contact'],
  ['IPM.DistList', 'Contact group'],
  ['IPM.Task', 'Task'],
  ['IPM.StickyNote', 'Note'],
  ['IPM.Activity', 'Journal entry'],
];

/** "Contact", "Task"…; null for mail and anything else. */
export function itemKind(messageClass: string): string | null {
  const c = messageClass.toLowerCase();
  return KINDS.find(([prefix]) => c === prefix.toLowerCase() || c.startsWith(`${prefix.toLowerCase()}.`))?.[1] ?? null;
}
