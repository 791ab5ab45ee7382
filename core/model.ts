/**
 * The plain-data shapes the core hands to its callers: the CLI prints them, the worker posts them
 * to the app. Everything here is structured-clone and JSON safe (no BigInt, no class instances).
 */

import type { LostValue, PartialValue } from './messaging/objects.js';
import type { VariantId } from './ndb/geometry.js';
import type { Encoding } from './ndb/encoding.js';

export interface FileInfo {
  path: string;
  fileName: string;
  sizeBytes: number;
  /** 'pst' for "SM", 'ost' for "SO". */
  client: 'pst' | 'ost';
  variant: VariantId;
  variantLabel: string;
  wVer: number;
  wVerClient: number;
  encoding: Encoding;
  headerCrc: { partial: boolean; full: boolean | null };
  rootPages: { nbt: boolean; bbt: boolean };
  /** The size the header gives (ROOT.ibFileEof). */
  headerSizeBytes: number;
  /** The file ends before the end its header gives: it was cut short, and what lay past its end is gone. */
  truncated: boolean;
  /** Header CRCs and both root pages check out, and the file is as long as its header says. */
  healthy: boolean;
}

/**
 * Where an item or folder came from: the live tree, or recovery (issue 4): an orphan (its folder is
 * gone), deleted (only stale index pages name it), or carved (no index entry names it; rebuilt from
 * the blocks of its properties).
 */
export type Provenance = 'live' | 'orphan' | 'deleted' | 'carved';

export interface FolderInfo {
  /** The folder's NID. */
  id: number;
  parentId: number | null;
  name: string;
  /** Names from the top of the user's folders, joined by '/'. */
  path: string;
  containerClass: string | null;
  /** Items in this folder itself (not counting subfolders), as read from its contents table. */
  itemCount: number;
  unreadCount: number;
  hasSubfolders: boolean;
  source: Provenance;
}

export interface ItemSummary {
  /** The message's NID. */
  id: number;
  folderId: number;
  messageClass: string;
  subject: string;
  senderName: string;
  senderEmail: string;
  /** Display-To, as Outlook shows it in the list. */
  to: string;
  /** Delivery time, else submit time, else last modification; ISO 8601 or null. */
  date: string | null;
  size: number;
  read: boolean;
  hasAttachments: boolean;
  importance: 'low' | 'normal' | 'high';
  source: Provenance;
}

/** A property value in a JSON-safe form. Binary is base64, times ISO strings, 64-bit ints strings. */
export type PropertyJson =
  | null
  | boolean
  | number
  | string
  | { binary: string }
  | PropertyJson[];

export interface PropertyView {
  /** Property tag as 8 hex digits, e.g. "0037001F". */
  tag: string;
  /** Canonical name (PidTag…/PidLid…) where known, otherwise the tag or the named property. */
  name: string;
  type: string;
  /** For named properties: the property set GUID and the LID or string name. */
  named: { guid: string; lid: number | null; name: string | null } | null;
  value: PropertyJson;
}

export interface RecipientInfo {
  type: 'to' | 'cc' | 'bcc' | 'other';
  name: string;
  email: string;
  addressType: string;
}

export interface AttachmentInfo {
  index: number;
  filename: string;
  mimeType: string | null;
  size: number;
  method: 'by-value' | 'embedded' | 'ole' | 'reference' | 'other';
  contentId: string | null;
  /** Inline images referenced from the HTML body, and attachments flagged hidden. */
  hidden: boolean;
}

export interface ItemBody {
  text: string | null;
  html: string | null;
  /** Decompressed RTF, when the item has one. */
  rtf: string | null;
}

export interface ItemDetail extends ItemSummary {
  body: ItemBody;
  recipients: RecipientInfo[];
  attachments: AttachmentInfo[];
  /** Embedded messages, keyed by attachment index. */
  embedded: Record<number, ItemDetail>;
  properties: PropertyView[];
  /** What could not be read, per part; empty when the item read cleanly. */
  problems: string[];
  /**
   * The values kept with some bytes lost (their sentences are among `problems`), for naming them to
   * a person. Attachment contents are not read to show an item, so their losses are not here.
   */
  partial: PartialValue[];
  /** The values that could not be read at all (their sentences are among `problems`), for naming them to a person. */
  lost: LostValue[];
}

/** Progress of a long operation, streamed to the CLI's stderr and the app's progress bars. */
export interface Progress {
  phase: string;
  bytesDone: number;
  bytesTotal: number;
  items: number;
  /** Items the operation expects to handle in all, when it knows. */
  itemsTotal?: number;
}

/** How a long operation is driven: cancelled through an AbortSignal, observed through a callback. */
export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface ConvertOptions {
  /** Folder paths (as `ls` prints them) to export, with their subfolders; all when absent. */
  folders?: string[];
  /** Exactly these folders' items (by id, as FolderInfo gives them); their ancestors are written empty. */
  folderIds?: number[];
  /** Start a new OUT-NNN.pst before a file would pass this many bytes. */
  splitSizeBytes?: number;
  encoding?: 'permute' | 'none';
  /** Skip exact duplicates, as Outlook's "Do not import duplicates" does. */
  dedupe?: boolean;
  /** Overwrite OUT if it exists. */
  force?: boolean;
  /** Re-read the written PST and reconcile it against the source (default true). */
  verify?: boolean;
  /** Export items recovered by the deep scan under "Recovered Items" (default true). */
  includeRecovered?: boolean;
  /** Run the deep scan first (issue 4). */
  deep?: boolean;
}

export interface FolderReport {
  path: string;
  /** 'live' for the file's own folders; 'orphan', 'deleted' or 'carved' for what the deep scan recovered. */
  source: Provenance;
  expected: number;
  exported: number;
  failed: number;
  duplicatesSkipped: number;
}

export interface ItemProblem {
  folder: string;
  itemId: number;
  subject: string;
  /** File offset of the damaged structure, when known. */
  offset: number | null;
  problem: string;
}

export interface ConvertReport {
  source: { path: string; sizeBytes: number; sha256: string; variant: VariantId; encoding: Encoding };
  outputs: string[];
  folders: FolderReport[];
  problems: ItemProblem[];
  verification: { verdict: 'passed' | 'failed' | 'skipped'; mismatches: string[] };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}
