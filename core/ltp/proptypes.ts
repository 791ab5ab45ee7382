/** Property types [MS-OXCDATA §2.11.1] and how the LTP stores them [MS-PST §2.3.3]. */

export const PropType = {
  Int16: 0x0002,
  Int32: 0x0003,
  Float32: 0x0004,
  Float64: 0x0005,
  Currency: 0x0006,
  AppTime: 0x0007,
  ErrorCode: 0x000a,
  Boolean: 0x000b,
  Object: 0x000d,
  Int64: 0x0014,
  String8: 0x001e,
  String: 0x001f,
  SysTime: 0x0040,
  Guid: 0x0048,
  ServerId: 0x00fb,
  Restriction: 0x00fd,
  RuleAction: 0x00fe,
  Binary: 0x0102,
  MultipleFlag: 0x1000,
} as const;

const FIXED_SIZE: ReadonlyMap<number, number> = new Map([
  [PropType.Int16, 2],
  [PropType.Int32, 4],
  [PropType.Float32, 4],
  [PropType.ErrorCode, 4],
  [PropType.Boolean, 1],
  [PropType.Float64, 8],
  [PropType.Currency, 8],
  [PropType.AppTime, 8],
  [PropType.Int64, 8],
  [PropType.SysTime, 8],
  [PropType.Guid, 16],
]);

/** Byte size of a fixed-size type, or null for variable-size (and multi-valued) types. */
export function fixedSize(type: number): number | null {
  return FIXED_SIZE.get(type) ?? null;
}

export function isMultiValued(type: number): boolean {
  return (type & PropType.MultipleFlag) !== 0;
}

/**
 * Whether a PC stores the value inside the 4-byte dwValueHnid itself [MS-PST §2.3.3.3]:
 * fixed types of at most 4 bytes.
 */
export function isInlineInPc(type: number): boolean {
  const size = fixedSize(type);
  return size !== null && size <= 4;
}

/** Whether a TC row holds the value in the row itself: fixed types of at most 8 bytes [MS-PST §2.3.4.4.1]. */
export function isInlineInTc(type: number): boolean {
  const size = fixedSize(type);
  return size !== null && size <= 8;
}

/** Width of a TC cell for this type: the value itself, or a 4-byte HNID. */
export function tcCellSize(type: number): number {
  return isInlineInTc(type) ? fixedSize(type)! : 4;
}

export function tagOf(id: number, type: number): number {
  return ((id << 16) | type) >>> 0;
}

/** Tags repeat across every item of a mailbox, so their text is made once each. */
const tagTexts = new Map<number, string>();

export function tagHex(tag: number): string {
  let t = tagTexts.get(tag);
  if (t === undefined) tagTexts.set(tag, (t = tag.toString(16).toUpperCase().padStart(8, '0')));
  return t;
}
