#!/usr/bin/python3
"""Dump what pypff (libpff's Python binding, Debian python3-pypff 20180714) sees in a PST/OST, as one JSON document.

Usage: /usr/bin/python3 test/support/pypff_dump.py FILE

This is an independent oracle for the tests: it reports only what pypff itself returns, so that our own reader can
be checked against it. Every per-item access is wrapped: libpff raises on odd or damaged items, and one bad item must
not hide the rest. Errors are recorded as strings next to the item they belong to.

What pypff 20180714 can and cannot give (checked against this build, see test/support/README.md):
- folders: name, identifier (NID), sub-folders, sub-messages (the contents table), sub-items (every child node
  in libpff's item tree, which also counts associated/FAI items), and the folder's own properties.
- messages: identifier, subject (pypff strips the 2-character subject prefix marker), sender name, bodies (plain
  text as UTF-8 bytes converted by libpff, HTML bytes as stored, RTF decompressed), transport headers, attachments
  (data via read_buffer) and the message's own property record set.
- NOT available in this version: the recipient table (no recipients API), embedded message objects inside
  attachments (method 5: read_buffer returns libpff's raw view of the sub-node, not a message), recovered items.
  Recipients are therefore reported from the message's own display properties (PR_DISPLAY_TO/CC/BCC) and from the
  To:/Cc: lines of the transport headers, when present.
"""

import hashlib
import json
import sys

import pypff

# MAPI property ids read from record sets (MS-OXPROPS).
PR_MESSAGE_CLASS = 0x001A
PR_SENDER_ADDRTYPE = 0x0C1E
PR_SENDER_EMAIL_ADDRESS = 0x0C1F
PR_SENDER_SMTP_ADDRESS = 0x5D01
PR_DISPLAY_BCC = 0x0E02
PR_DISPLAY_CC = 0x0E03
PR_DISPLAY_TO = 0x0E04
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_LONG_FILENAME = 0x3707
PR_DISPLAY_NAME = 0x3001
PR_CONTENT_COUNT = 0x3602
PR_ASSOC_CONTENT_COUNT = 0x3617
PR_CONTAINER_CLASS = 0x3613
PR_IPM_SUBTREE_ENTRYID = 0x35E0
PR_IPM_WASTEBASKET_ENTRYID = 0x35E3
PR_FINDER_ENTRYID = 0x35E7

STRING_TYPES = (0x001E, 0x001F)
INTEGER_TYPES = (0x0002, 0x0003)


def error_text(exc):
    return '%s: %s' % (type(exc).__name__, exc)


def digest(data):
    if data is None:
        return None
    if isinstance(data, str):
        data = data.encode('utf-8', 'surrogatepass')
    return {'length': len(data), 'sha256': hashlib.sha256(data).hexdigest()}


def properties(item, errors):
    """Map property id -> record entry of the item's first record set (messages, folders and attachments have one)."""
    found = {}
    try:
        if item.number_of_record_sets < 1:
            return found
        for entry in item.get_record_set(0).entries:
            found.setdefault(entry.entry_type, entry)
    except Exception as exc:
        errors.append('record set: ' + error_text(exc))
    return found


def prop_string(props, prop_id, errors):
    entry = props.get(prop_id)
    if entry is None or entry.value_type not in STRING_TYPES:
        return None
    try:
        return entry.data_as_string
    except Exception as exc:
        errors.append('property 0x%04X: %s' % (prop_id, error_text(exc)))
        return None


def prop_integer(props, prop_id, errors):
    entry = props.get(prop_id)
    if entry is None or entry.value_type not in INTEGER_TYPES:
        return None
    try:
        return entry.data_as_integer
    except Exception as exc:
        errors.append('property 0x%04X: %s' % (prop_id, error_text(exc)))
        return None


def guarded(errors, label, fn):
    try:
        return fn()
    except Exception as exc:
        errors.append(label + ': ' + error_text(exc))
        return None


def header_fields(headers, wanted):
    """Values of the wanted header fields (lower-case names), continuation lines unfolded, in order of appearance."""
    result = {name: [] for name in wanted}
    unfolded = []
    for line in headers.replace('\r\n', '\n').split('\n'):
        if line[:1] in (' ', '\t') and unfolded:
            unfolded[-1] += ' ' + line.strip()
        else:
            unfolded.append(line)
    for line in unfolded:
        name, sep, value = line.partition(':')
        if sep and name.strip().lower() in result:
            result[name.strip().lower()].append(value.strip())
    return result


def entry_id_nid(props, prop_id, errors):
    """The NID inside a store entry ID (4 flag bytes, 16-byte provider UID, then the little-endian NID)."""
    entry = props.get(prop_id)
    if entry is None:
        return None
    try:
        data = entry.data
    except Exception as exc:
        errors.append('property 0x%04X: %s' % (prop_id, error_text(exc)))
        return None
    if data is None or len(data) < 24:
        return None
    return int.from_bytes(data[20:24], 'little')


def dump_store(pff, errors):
    store = guarded(errors, 'message store', pff.get_message_store)
    if store is None:
        return None
    props = properties(store, errors)
    return {
        'displayName': prop_string(props, PR_DISPLAY_NAME, errors),
        'ipmSubtree': entry_id_nid(props, PR_IPM_SUBTREE_ENTRYID, errors),
        'deletedItems': entry_id_nid(props, PR_IPM_WASTEBASKET_ENTRYID, errors),
        'searchRoot': entry_id_nid(props, PR_FINDER_ENTRYID, errors),
    }


def filetime(errors, label, fn):
    # FILETIME values exceed 2^53, so they travel as decimal strings to stay exact in JavaScript.
    value = guarded(errors, label, fn)
    return None if value is None else str(value)


def dump_attachment(attachment, index):
    errors = []
    result = {'index': index, 'identifier': guarded(errors, 'identifier', lambda: attachment.identifier)}
    props = properties(attachment, errors)
    result['longFilename'] = prop_string(props, PR_ATTACH_LONG_FILENAME, errors)
    result['filename'] = prop_string(props, PR_ATTACH_FILENAME, errors)
    result['displayName'] = prop_string(props, PR_DISPLAY_NAME, errors)
    result['method'] = prop_integer(props, PR_ATTACH_METHOD, errors)
    size = guarded(errors, 'size', lambda: attachment.get_size())
    result['size'] = size
    data = None
    if size is not None:
        data = guarded(errors, 'data', lambda: attachment.read_buffer(size) if size > 0 else b'')
    result['data'] = digest(data)
    result['errors'] = errors
    return result


def dump_message(folder, index):
    errors = []
    try:
        message = folder.get_sub_message(index)
    except Exception as exc:
        return {'index': index, 'identifier': None, 'errors': ['open: ' + error_text(exc)]}
    result = {
        'index': index,
        'identifier': guarded(errors, 'identifier', lambda: message.identifier),
        'kind': type(message).__name__,
    }
    props = properties(message, errors)
    result['messageClass'] = prop_string(props, PR_MESSAGE_CLASS, errors)
    result['subject'] = guarded(errors, 'subject', lambda: message.subject)
    result['senderName'] = guarded(errors, 'sender name', lambda: message.sender_name)
    result['senderAddrType'] = prop_string(props, PR_SENDER_ADDRTYPE, errors)
    result['senderEmail'] = prop_string(props, PR_SENDER_EMAIL_ADDRESS, errors)
    result['senderSmtp'] = prop_string(props, PR_SENDER_SMTP_ADDRESS, errors)
    result['clientSubmitTime'] = filetime(errors, 'client submit time', message.get_client_submit_time_as_integer)
    result['deliveryTime'] = filetime(errors, 'delivery time', message.get_delivery_time_as_integer)
    result['creationTime'] = filetime(errors, 'creation time', message.get_creation_time_as_integer)
    result['modificationTime'] = filetime(errors, 'modification time', message.get_modification_time_as_integer)
    result['plainBody'] = digest(guarded(errors, 'plain text body', message.get_plain_text_body))
    result['htmlBody'] = digest(guarded(errors, 'html body', message.get_html_body))
    rtf = guarded(errors, 'rtf body', message.get_rtf_body)
    result['rtfBody'] = None if rtf is None else {'length': len(rtf)}
    headers = guarded(errors, 'transport headers', message.get_transport_headers)
    result['transportHeaders'] = digest(headers)
    fields = header_fields(headers, ('to', 'cc')) if headers else {'to': [], 'cc': []}
    result['recipients'] = {
        'displayTo': prop_string(props, PR_DISPLAY_TO, errors),
        'displayCc': prop_string(props, PR_DISPLAY_CC, errors),
        'displayBcc': prop_string(props, PR_DISPLAY_BCC, errors),
        'headerTo': fields['to'],
        'headerCc': fields['cc'],
    }
    attachments = []
    count = guarded(errors, 'number of attachments', lambda: message.number_of_attachments)
    for attachment_index in range(count or 0):
        try:
            attachment = message.get_attachment(attachment_index)
        except Exception as exc:
            attachments.append({'index': attachment_index, 'errors': ['open: ' + error_text(exc)]})
            continue
        attachments.append(dump_attachment(attachment, attachment_index))
    result['attachments'] = attachments
    result['errors'] = errors
    return result


def dump_folder(folder, names, out):
    errors = []
    name = guarded(errors, 'name', lambda: folder.name)
    props = properties(folder, errors)
    entry = {
        'path': '/'.join(names),
        'names': names,
        'name': name,
        'identifier': guarded(errors, 'identifier', lambda: folder.identifier),
        'containerClass': prop_string(props, PR_CONTAINER_CLASS, errors),
        'contentCount': prop_integer(props, PR_CONTENT_COUNT, errors),
        'assocContentCount': prop_integer(props, PR_ASSOC_CONTENT_COUNT, errors),
        'subFolders': guarded(errors, 'number of sub folders', lambda: folder.number_of_sub_folders),
        'subMessages': guarded(errors, 'number of sub messages', lambda: folder.number_of_sub_messages),
        'subItems': guarded(errors, 'number of sub items', lambda: folder.number_of_sub_items),
        'errors': errors,
    }
    out.append(entry)
    entry['messages'] = [dump_message(folder, index) for index in range(entry['subMessages'] or 0)]
    for index in range(entry['subFolders'] or 0):
        try:
            sub = folder.get_sub_folder(index)
        except Exception as exc:
            errors.append('sub folder %d: %s' % (index, error_text(exc)))
            continue
        sub_name = guarded(errors, 'sub folder %d name' % index, lambda: sub.name)
        # A folder without a display name gets '' here; pffexport calls it FolderNNNNN on disk.
        dump_folder(sub, names + [sub_name or ''], out)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: pypff_dump.py FILE\n')
        return 64
    document = {'ok': False, 'file': argv[1], 'version': pypff.get_version()}
    pff = pypff.file()
    try:
        pff.open(argv[1])
    except Exception as exc:
        document['error'] = error_text(exc)
        json.dump(document, sys.stdout)
        return 2
    errors = []
    document['contentType'] = guarded(errors, 'content type', lambda: pff.content_type)
    document['encryptionType'] = guarded(errors, 'encryption type', lambda: pff.encryption_type)
    document['size'] = guarded(errors, 'size', lambda: pff.size)
    document['orphanItems'] = guarded(errors, 'orphan items', lambda: pff.number_of_orphan_items)
    document['store'] = dump_store(pff, errors)
    folders = []
    root = guarded(errors, 'root folder', pff.get_root_folder)
    if root is not None:
        dump_folder(root, [], folders)
    document['folders'] = folders
    document['errors'] = errors
    document['ok'] = root is not None
    json.dump(document, sys.stdout)
    return 0 if document['ok'] else 3


if __name__ == '__main__':
    sys.exit(main(sys.argv))
