/**
 * Node and block identifiers [MS-PST §2.2.2.1–§2.2.2.2].
 * A NID is 32 bits: type in the low 5 bits, index above. A block BID has bit 0 reserved (cleared
 * before lookup) and bit 1 set for internal blocks (XBLOCK, XXBLOCK, SLBLOCK, SIBLOCK).
 */

export const NidType = {
  HID: 0x00,
  INTERNAL: 0x01,
  NORMAL_FOLDER: 0x02,
  SEARCH_FOLDER: 0x03,
  NORMAL_MESSAGE: 0x04,
  ATTACHMENT: 0x05,
  SEARCH_UPDATE_QUEUE: 0x06,
  SEARCH_CRITERIA_OBJECT: 0x07,
  ASSOC_MESSAGE: 0x08,
  CONTENTS_TABLE_INDEX: 0x0a,
  RECEIVE_FOLDER_TABLE: 0x0b,
  OUTGOING_QUEUE_TABLE: 0x0c,
  HIERARCHY_TABLE: 0x0d,
  CONTENTS_TABLE: 0x0e,
  ASSOC_CONTENTS_TABLE: 0x0f,
  SEARCH_CONTENTS_TABLE: 0x10,
  ATTACHMENT_TABLE: 0x11,
  RECIPIENT_TABLE: 0x12,
  SEARCH_TABLE_INDEX: 0x13,
  LTP: 0x1f,
} as const;

/** Special NIDs [MS-PST §2.4.1]. */
export const Nid = {
  MESSAGE_STORE: 0x21,
  NAME_TO_ID_MAP: 0x61,
  NORMAL_FOLDER_TEMPLATE: 0xa1,
  SEARCH_FOLDER_TEMPLATE: 0xc1,
  ROOT_FOLDER: 0x122,
  SEARCH_MANAGEMENT_QUEUE: 0x1e1,
  SEARCH_ACTIVITY_LIST: 0x201,
  HIERARCHY_TABLE_TEMPLATE: 0x60d,
  CONTENTS_TABLE_TEMPLATE: 0x60e,
  ASSOC_CONTENTS_TABLE_TEMPLATE: 0x60f,
  SEARCH_CONTENTS_TABLE_TEMPLATE: 0x610,
  ATTACHMENT_TABLE: 0x671,
  RECIPIENT_TABLE: 0x692,
} as const;

export function nidType(nid: number): number {
  return nid & 0x1f;
}

export function nidIndex(nid: number): number {
  return nid >>> 5;
}

export function makeNid(type: number, index: number): number {
  return ((index << 5) | type) >>> 0;
}

/** A folder's sibling nodes (hierarchy, contents, FAI contents tables) share its index. */
export function folderTableNid(folderNid: number, type: number): number {
  return makeNid(type, nidIndex(folderNid));
}

/** BBT keys ignore bit 0 of a BID. */
export function bidKey(bid: number): number {
  return bid % 2 === 1 ? bid - 1 : bid;
}

export function isInternalBid(bid: number): boolean {
  return Math.floor(bid / 2) % 2 === 1;
}
