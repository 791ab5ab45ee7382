/**
 * Table column sets, in the column order (iBit) Outlook uses, so that TcLayout reproduces
 * Outlook's row layouts byte for byte. Taken from the templates and tables of the empty PST that
 * Outlook itself creates (format.md §4.3; checked against outlook-pst-rs Empty.pst in
 * test/writer-empty.test.ts). PidTagLtpRowId/RowVer are implied as columns 0 and 1.
 */

/** Hierarchy table template (NID 0x60D) and every folder's hierarchy table. */
export const HIERARCHY_COLUMNS: readonly number[] = [
  0x3001001f, 0x36020003, 0x36030003, 0x360a000b, 0x0e300102, 0x0e330014, 0x0e340102, 0x0e380003, 0x3613001f,
  0x66350003, 0x66360003,
];

/** Contents table template (NID 0x60E) and every folder's contents table. */
export const CONTENTS_COLUMNS: readonly number[] = [
  0x0e170003, 0x001a001f, 0x0e070003, 0x00170003, 0x0042001f, 0x0037001f, 0x0e060040, 0x00390040, 0x0e080003,
  0x0e04001f, 0x0e03001f, 0x0057000b, 0x0058000b, 0x00360003, 0x10970003, 0x0070001f, 0x00710102, 0x30130102,
  0x65c60003, 0x30080040, 0x0e300102, 0x0e330014, 0x0e340102, 0x0e3d0102, 0x0e3c0102, 0x0e380003,
];

/** Associated (FAI) contents table template (NID 0x60F) and every folder's FAI table. */
export const FAI_COLUMNS: readonly number[] = [
  0x0e170003, 0x001a001f, 0x0e070003, 0x3001001f, 0x70030003, 0x70040102, 0x70050102, 0x7006001f, 0x70070003,
  0x6800001f, 0x6803000b, 0x68051003, 0x682f001f,
];

/** The root folder's FAI table adds three columns to the template. */
export const ROOT_FAI_COLUMNS: readonly number[] = [...FAI_COLUMNS, 0x30080040, 0x7c060003, 0x685d0003];

/** IPM_COMMON_VIEWS' FAI table carries the view-definition columns. */
export const COMMON_VIEWS_FAI_COLUMNS: readonly number[] = [
  ...FAI_COLUMNS,
  0x30080040, 0x68340003, 0x683a0003, 0x68410003, 0x68460003, 0x68420102, 0x68430102, 0x68470003, 0x68480003,
  0x68530003,
];

/** Search contents table template (NID 0x610) and the spam search folder's table. */
export const SEARCH_CONTENTS_COLUMNS: readonly number[] = [
  0x67f10003, 0x0e05001f, 0x0e170003, 0x001a001f, 0x0e070003, 0x00170003, 0x0042001f, 0x0037001f, 0x0e060040,
  0x0e080003, 0x0e04001f, 0x0e03001f, 0x0057000b, 0x0058000b, 0x00360003, 0x0e2a000b, 0x30080040,
];

/** Attachment table template (NID 0x671) and every message's attachment table. */
export const ATTACHMENT_COLUMNS: readonly number[] = [0x370b0003, 0x0e200003, 0x37050003, 0x3704001f];

/** Recipient table template (NID 0x692); a message's table adds whatever else its recipients carry. */
export const RECIPIENT_COLUMNS: readonly number[] = [
  0x0e0f000b, 0x3002001f, 0x3003001f, 0x0fff0102, 0x3001001f, 0x0c150003, 0x300b0102, 0x0ff90102, 0x0ffe0003,
  0x39000003, 0x3a40000b, 0x39ff001f,
];

/** Receive folder table (NID 0x62B). */
export const RECEIVE_FOLDER_COLUMNS: readonly number[] = [0x66050003, 0x001a001f];

/** Outgoing queue (NID 0x64C) and the three unnamed tables Outlook adds (NIDs 0x6B6, 0x6D7, 0x6F8). */
export const OUTGOING_QUEUE_COLUMNS: readonly number[] = [0x0e140003, 0x0e100003, 0x00390040];
export const TABLE_6B6_COLUMNS: readonly number[] = [0x0e330014, 0x0e370102, 0x0e380003];
export const TABLE_6D7_COLUMNS: readonly number[] = [
  0x0e3e0102, 0x0e310102, 0x0e300102, 0x0e380003, 0x0e340102, 0x0e330014, 0x001a001f,
];
export const TABLE_6F8_COLUMNS: readonly number[] = [0x30070040, 0x0e330014];
