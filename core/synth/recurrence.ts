/**
 * A weekly AppointmentRecurrencePattern [MS-OXOCAL §2.2.1.44]: the binary behind PidLidAppointmentRecur that
 * Outlook writes for "every <weekday>, N times", with no exceptions.
 */
const MINUTES_1601_TO_1970 = 11644473600 / 60;
const DAY = 1440;
const WEEK = 7 * DAY;

/** Minutes since 1601-01-01 of a Unix time in milliseconds. */
function minutes1601(ms: number): number {
  return Math.floor(ms / 60000) + MINUTES_1601_TO_1970;
}

export interface WeeklyRecurrence {
  /** First occurrence's start and end (Unix ms, UTC). */
  startMs: number;
  endMs: number;
  occurrences: number;
}

export function weeklyRecurrenceBlob(r: WeeklyRecurrence): Uint8Array {
  const out = new Uint8Array(128);
  const v = new DataView(out.buffer);
  let at = 0;
  const u16 = (x: number) => {
    v.setUint16(at, x, true);
    at += 2;
  };
  const u32 = (x: number) => {
    v.setUint32(at, x >>> 0, true);
    at += 4;
  };
  const startMin = minutes1601(r.startMs);
  const startDate = startMin - (startMin % DAY);
  const weekday = new Date(r.startMs).getUTCDay();
  const firstDow = 0; // Sunday
  const lastDate = startDate + (r.occurrences - 1) * WEEK;
  // RecurrencePattern [§2.2.1.44.1]
  u16(0x3004); // ReaderVersion
  u16(0x3004); // WriterVersion
  u16(0x200b); // RecurFrequency: weekly
  u16(0x0001); // PatternType: week
  u16(0x0000); // CalendarType: Gregorian
  // FirstDateTime: start of the first week of the series, modulo the period in minutes.
  u32((startDate - ((weekday - firstDow + 7) % 7) * DAY) % WEEK);
  u32(1); // Period: every week
  u32(0); // SlidingFlag
  u32(1 << weekday); // PatternTypeSpecific: the days of the week
  u32(0x2022); // EndType: after N occurrences
  u32(r.occurrences);
  u32(firstDow);
  u32(0); // DeletedInstanceCount
  u32(0); // ModifiedInstanceCount
  u32(startDate);
  u32(lastDate);
  // AppointmentRecurrencePattern [§2.2.1.44.5]
  u32(0x3006); // ReaderVersion2
  u32(0x3009); // WriterVersion2
  u32(startMin - startDate); // StartTimeOffset
  u32(startMin - startDate + Math.round((r.endMs - r.startMs) / 60000)); // EndTimeOffset
  u16(0); // ExceptionCount
  u32(0); // ReservedBlock1Size
  u32(0); // ReservedBlock2Size
  return out.slice(0, at);
}

/** PidLidClipEnd of the series: midnight of the last occurrence's day (Unix ms). */
export function seriesEndMs(r: WeeklyRecurrence): number {
  const day = 86400000;
  return Math.floor(r.startMs / day) * day + (r.occurrences - 1) * 7 * day;
}
