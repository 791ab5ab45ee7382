#!/usr/bin/python3
"""Print one attachment's bytes as pypff (libpff's Python binding) reads them, base64-encoded on one line.

Usage: /usr/bin/python3 test/support/pypff_attachment.py FILE MESSAGE_NID INDEX

The message is found by its node identifier anywhere in the folder tree. An independent oracle for byte-exact
checks of attachment content (pypff_dump.py reports only lengths and digests). Exits 1 with the reason on stderr
when the message or attachment cannot be found or read.
"""

import base64
import sys

import pypff


def find_message(folder, nid):
    for index in range(folder.number_of_sub_messages):
        message = folder.get_sub_message(index)
        if message.identifier == nid:
            return message
    for index in range(folder.number_of_sub_folders):
        found = find_message(folder.get_sub_folder(index), nid)
        if found is not None:
            return found
    return None


def main(argv):
    if len(argv) != 4:
        sys.stderr.write('usage: pypff_attachment.py FILE MESSAGE_NID INDEX\n')
        return 64
    pff = pypff.file()
    pff.open(argv[1])
    message = find_message(pff.get_root_folder(), int(argv[2]))
    if message is None:
        sys.stderr.write('no message with identifier %s\n' % argv[2])
        return 1
    attachment = message.get_attachment(int(argv[3]))
    size = attachment.get_size()
    data = attachment.read_buffer(size) if size > 0 else b''
    sys.stdout.write(base64.b64encode(data).decode('ascii'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
