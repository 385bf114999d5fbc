#!/usr/bin/env python3
"""Turns an RDF/XML export into the list of libxml2 writer calls that wrote it, for replay.c.

    to_ops.py graph.rdf graph.ops

Each call is one record: b'S' + name (start element), b'A' + name + value (attribute),
b'T' + text (text of a property element), b'E' (end element); every string is a 4-byte
little-endian length and its UTF-8. The XML declaration and indentation are the writer's.
"""
import struct
import sys
import xml.sax


def main(source, target):
    out = open(target, "wb")

    def string(value):
        data = value.encode()
        out.write(struct.pack("<I", len(data)))
        out.write(data)

    class Handler(xml.sax.ContentHandler):
        def __init__(self):
            super().__init__()
            self.text = []
            self.depth = 0

        def flush(self):
            text = "".join(self.text)
            self.text = []
            if text.strip() and self.depth >= 3:
                out.write(b"T")
                string(text)

        def startElement(self, name, attrs):
            self.flush()
            self.depth += 1
            out.write(b"S")
            string(name)
            for key in attrs.getNames():
                out.write(b"A")
                string(key)
                string(attrs.getValue(key))

        def endElement(self, name):
            self.flush()
            self.depth -= 1
            out.write(b"E")

        def characters(self, content):
            self.text.append(content)

    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    parser.setContentHandler(Handler())
    parser.parse(source)
    out.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
