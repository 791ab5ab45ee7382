/**
 * The kind of Outlook item a message class names, in words, for items that are not mail, and the fields worth
 * showing for calendar items, contacts and tasks. The app's reading pane and `ost-rescue show` both use them.
 */
import type { ItemDetail, PropertyView } from '../model.js';

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

/** The fields worth showing for each kind of non-mail item, by canonical property name. */
const FIELDS: ReadonlyArray<{ prefix: string; fields: ReadonlyArray<readonly [label: string, property: string]> }> = [
  {
    prefix: 'IPM.Appointment',
    fields: [
      ['Starts', 'PidLidAppointmentStartWhole'],
      ['Ends', 'PidLidAppointmentEndWhole'],
      ['Location', 'PidLidLocation'],
      ['All day', 'PidLidAppointmentSubType'],
      ['Recurring', 'PidLidRecurring'],
    ],
  },
  {
    prefix: 'IPM.Contact',
    fields: [
      ['Name', 'PidTagDisplayName'],
      ['Email', 'PidLidEmail1EmailAddress'],
      ['Company', 'PidTagCompanyName'],
      ['Job title', 'PidTagTitle'],
      ['Business phone', 'PidTagBusinessTelephoneNumber'],
      ['Mobile', 'PidTagMobileTelephoneNumber'],
      ['Home phone', 'PidTagHomeTelephoneNumber'],
    ],
  },
  {
    prefix: 'IPM.Task',
    fields: [
      ['Start', 'PidLidTaskStartDate'],
      ['Due', 'PidLidTaskDueDate'],
      ['Status', 'PidLidTaskStatus'],
      ['% complete', 'PidLidPercentComplete'],
      ['Owner', 'PidLidTaskOwner'],
    ],
  },
];

/** PidLidTaskStatus values [MS-OXOTASK §2.2.2.2.2]. */
const TASK_STATUS = ['Not started', 'In progress', 'Complete', 'Waiting on someone else', 'Deferred'];

export interface KindFields {
  /** The message class prefix the fields are for, e.g. "IPM.Task". */
  prefix: string;
  /** "Calendar item", "Contact", "Task". */
  label: string;
  /** The fields that have a value, as text. */
  rows: Array<[label: string, value: string]>;
}

/** A calendar item's, contact's or task's fields that have a value; dates through `date`; null for other items. */
export function kindFields(item: ItemDetail, date: (iso: string) => string): KindFields | null {
  const kind = FIELDS.find((k) => item.messageClass.startsWith(k.prefix));
  if (!kind) return null;
  const byName = new Map(item.properties.map((p) => [p.name, p.value]));
  const text = (name: string, value: PropertyView['value'] | undefined): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (name === 'PidLidTaskStatus' && typeof value === 'number') return TASK_STATUS[value] ?? String(value);
    if (name === 'PidLidPercentComplete' && typeof value === 'number') return `${Math.round(value * 100)} %`;
    if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) return date(value);
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return '';
  };
  const rows = kind.fields.map(([label, name]): [string, string] => [label, text(name, byName.get(name))]).filter(([, v]) => v !== '');
  return { prefix: kind.prefix, label: itemKind(kind.prefix)!, rows };
}
