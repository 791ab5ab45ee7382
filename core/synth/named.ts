import type { NamedPropKey, NamedPropResolver } from '../messaging/objects.js';
import { PS_PUBLIC_STRINGS, PSETID_ADDRESS, PSETID_APPOINTMENT, PSETID_COMMON, PSETID_LOG, PSETID_NOTE, PSETID_TASK } from '../messaging/guid.js';


const KEYS = {
  AppointmentStartWhole: [PSETID_APPOINTMENT, 0x820d],
  AppointmentEndWhole: [PSETID_APPOINTMENT, 0x820e],
  Location: [PSETID_APPOINTMENT, 0x8208],
  BusyStatus: [PSETID_APPOINTMENT, 0x8205],
  AppointmentDuration: [PSETID_APPOINTMENT, 0x8213],
  AppointmentSubType: [PSETID_APPOINTMENT, 0x8215],
  AppointmentRecur: [PSETID_APPOINTMENT, 0x8216],
  Recurring: [PSETID_APPOINTMENT, 0x8223],
  RecurrencePattern: [PSETID_APPOINTMENT, 0x8232],
  ClipStart: [PSETID_APPOINTMENT, 0x8235],
  ClipEnd: [PSETID_APPOINTMENT, 0x8236],
  FileUnder: [PSETID_ADDRESS, 0x8005],
  Email1DisplayName: [PSETID_ADDRESS, 0x8080],
  Email1AddressType: [PSETID_ADDRESS, 0x8082],
  Email1EmailAddress: [PSETID_ADDRESS, 0x8083],
  TaskStatus: [PSETID_TASK, 0x8101],
  PercentComplete: [PSETID_TASK, 0x8102],
  TaskStartDate: [PSETID_TASK, 0x8104],
  TaskDueDate: [PSETID_TASK, 0x8105],
  TaskComplete: [PSETID_TASK, 0x811c],
  ReminderDelta: [PSETID_COMMON, 0x8501],
  ReminderSet: [PSETID_COMMON, 0x8503],
  LogType: [PSETID_LOG, 0x8700],
  LogStart: [PSETID_LOG, 0x8706],
  LogDuration: [PSETID_LOG, 0x8707],
  LogEnd: [PSETID_LOG, 0x8708],
  NoteColor: [PSETID_NOTE, 0x8b00],
  Keywords: [PS_PUBLIC_STRINGS, 'Keywords'],
} as const satisfies Record<string, readonly [string, number | string]>;

export type NamedProp = keyof typeof KEYS;

const NAMES = Object.keys(KEYS) as NamedProp[];

/** The generator's own numbers for its named properties (>= 0x8000); the writer maps them to its name map. */
export const N: Readonly<Record<NamedProp, number>> = Object.fromEntries(NAMES.map((name, i) => [name, 0x8000 + i])) as Record<NamedProp, number>;

const RESOLVED: readonly NamedPropKey[] = NAMES.map((name) => {
  const [guid, key] = KEYS[name];
  return typeof key === 'number' ? { guid, lid: key, name: null } : { guid, lid: null, name: key };
});

export const resolveNamed: NamedPropResolver = (id) => RESOLVED[id - 0x8000] ?? null;
