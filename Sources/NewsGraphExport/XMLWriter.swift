import CLibXML2
import Foundation
import NewsGraphModel

/// A thin streaming layer over libxml2's xmlTextWriter: it escapes, declares namespaces and
/// indents; this type only routes its output into a `ByteSink` and turns failures into errors.
final class XMLStreamWriter {
    private let sink: ByteSink
    private var writer: xmlTextWriterPtr?
    @exclusivity(unchecked) private var sinkError: Error?
    /// The last message libxml2 reported, for the error a failed call throws.
    private var libxmlMessage: String?
    private let path: String
    private let format: GraphFormat
    private let indent: Bool
    /// libxml2's indentation string, which leaves repeat.
    private static let indentUnit = "  "
    private static let indentBytes = Array(indentUnit.utf8)
    /// Sixteen levels of indentation, appended as one slice.
    private static let indentRun = Array(repeating: indentBytes, count: 16).flatMap { $0 }

    /// Leaf elements written by `leaf(_:attribute:value:text:)` and not yet handed to libxml2,
    /// as libxml2 would have written them. They go to it in one raw write: its writer cost
    /// about 1,400 instructions a leaf element (a malloc'd stack entry, a strdup'd name and
    /// six or more buffer writes), a third of an RDF/XML export.
    @exclusivity(unchecked) private var leaves = LeafBuffer()
    /// Elements open in libxml2's writer: its indentation depth.
    @exclusivity(unchecked) private var depth = 0
    /// Whether the innermost open element's start tag is still open (no attribute may follow
    /// a leaf; libxml2 closes the tag with `>` when the leaves reach it).
    @exclusivity(unchecked) private var startTagOpen = false
    /// The statics above, held here: a static is checked for initialization at every use.
    private let indentWidth = XMLStreamWriter.indentBytes.count
    private let indentRun = XMLStreamWriter.indentRun

    init(sink: ByteSink, path: String, format: GraphFormat, indent: Bool = true) throws {
        self.sink = sink
        self.path = path
        self.format = format
        self.indent = indent
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard let output = xmlOutputBufferCreateIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            let me = Unmanaged<XMLStreamWriter>.fromOpaque(context).takeUnretainedValue()
            do {
                try me.sink.write(UnsafeRawBufferPointer(start: buffer, count: Int(length)))
                return length
            } catch {
                me.sinkError = error
                return -1
            }
        }, nil, context, nil) else {
            throw ExportError(path: path, format: format, message: "libxml2 could not create an output buffer")
        }
        guard let writer = xmlNewTextWriter(output) else {
            xmlOutputBufferClose(output)
            throw ExportError(path: path, format: format, message: "libxml2 could not create a writer")
        }
        self.writer = writer
        // libxml2 prints its errors (an I/O error when the disk is full) on stderr unless a
        // handler takes them: keep them for the ExportError instead.
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            let me = Unmanaged<XMLStreamWriter>.fromOpaque(context).takeUnretainedValue()
            me.libxmlMessage = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        if indent {
            xmlTextWriterSetIndent(writer, 1)
            xmlTextWriterSetIndentString(writer, XMLStreamWriter.indentUnit)
        }
    }

    deinit {
        leaves.deallocate()
        if let writer { xmlFreeTextWriter(writer) }
        xmlSetStructuredErrorFunc(nil, nil)
    }

    private func check(_ result: Int32, _ what: @autoclosure () -> String) throws {
        if let sinkError { throw sinkError }
        if result < 0 {
            throw ExportError(path: path, format: format,
                              message: "libxml2 failed while writing \(what())\(libxmlMessage.map { " (\($0))" } ?? "")")
        }
    }

    func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "the XML declaration")
    }

    func startElement(_ name: String, namespace: String? = nil) throws {
        try flushLeaves()
        depth += 1
        startTagOpen = true
        if let namespace {
            try check(xmlTextWriterStartElementNS(writer, nil, name, namespace), "<\(name)>")
        } else {
            try check(xmlChars(name) { xmlTextWriterStartElement(writer, $0) }, "<\(name)>")
        }
    }

    func attribute(_ name: String, _ value: String) throws {
        try attribute(name, cleanValue: XMLText.clean(value))
    }

    /// An attribute whose value has already been through `XMLText.clean`.
    func attribute(_ name: String, cleanValue value: String) throws {
        try flushLeaves()
        var value = value
        if !escapesEverything, value.withUTF8({ $0.count < Int32.max && !XMLText.attributeNeedsEscaping($0) }) {
            try check(xmlChars(name) { xmlTextWriterStartAttribute(writer, $0) }, "attribute \(name)")
            try check(value.withUTF8 { writeRaw($0) }, "attribute \(name)")
            try check(xmlTextWriterEndAttribute(writer), "attribute \(name)")
            return
        }
        let result = xmlChars(name) { name in xmlChars(value) { xmlTextWriterWriteAttribute(writer, name, $0) } }
        try check(result, "attribute \(name)")
    }

    func text(_ value: String) throws {
        try text(cleanValue: XMLText.clean(value))
    }

    /// Text that has already been through `XMLText.clean`.
    func text(cleanValue value: String) throws {
        try flushLeaves()
        startTagOpen = false
        var value = value
        // Empty text goes to libxml2 too: it still closes the start tag (`<a></a>`, not `<a/>`).
        if !escapesEverything, !value.isEmpty, value.withUTF8({ $0.count < Int32.max && !XMLText.textNeedsEscaping($0) }) {
            try check(value.withUTF8 { writeRaw($0) }, "text")
            return
        }
        try check(xmlChars(value) { xmlTextWriterWriteString(writer, $0) }, "text")
    }

    /// Writes bytes that need no escaping through the writer (which still closes the start
    /// tag and keeps its indentation state). libxml2's escapers go byte by byte and copy
    /// the text once more; they were a fifth of an RDF/XML export, spent on values that
    /// nearly never hold a character to escape.
    private func writeRaw(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return xmlTextWriterWriteRawLen(writer, base, Int32(bytes.count))
    }

    /// Sends every element and value through libxml2's writer and escapers (no raw values, no
    /// leaves written ahead): the reference for tests that compare both.
    @exclusivity(unchecked) var escapesEverything = false

    /// Lends libxml2 the string's own NUL-terminated UTF-8: passing a String as
    /// `const xmlChar *` implicitly copies it into a new C array on every call.
    @inline(__always) private func xmlChars<R>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        string.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    func endElement() throws {
        if leaves.count > 0 {
            // The end tag's indentation, which libxml2 leaves out after raw text.
            let levels = indent ? depth - 1 : 0
            leaves.reserve(levels * indentWidth)
            appendIndent(levels)
            try flushLeaves()
        }
        try check(xmlTextWriterEndElement(writer), "an end tag")
        depth -= 1
        startTagOpen = false
    }

    /// An element with only text content.
    func element(_ name: String, text value: String, attributes: [(String, String)] = []) throws {
        switch attributes.count {
        case 0: try leaf(name, text: value)
        case 1: try leaf(name, attribute: attributes[0].0, value: attributes[0].1, text: value)
        default:
            try startElement(name)
            for (n, v) in attributes { try attribute(n, v) }
            try text(value)
            try endElement()
        }
    }

    /// A child element with at most one attribute and either text (`<a k="v">text</a>`) or
    /// nothing (`<a k="v"/>`): the bytes libxml2's writer would write, the name as given, the
    /// values through `XMLText.clean`. When a value has a character to escape, the element
    /// goes through libxml2's writer and escapers instead.
    func leaf(_ name: String, attribute: String? = nil, value: String? = nil, text: String?) throws {
        var name = name, attribute = attribute, value = value, text = text
        // One scan passes nearly every value as it is. What it flags is cleaned of what XML
        // cannot carry (`XMLText.clean`); then text to escape is escaped by libxml2's escaper
        // for text content, the one its writer calls, and an attribute value to escape sends
        // the element through the writer.
        var escapedText: UnsafeMutablePointer<xmlChar>?
        defer { if let escapedText { ngxml_free(escapedText) } }
        var plain = indent && !escapesEverything
        // `attributeNeedsEscaping` also flags all that `clean` removes (controls, non-ASCII).
        if var raw = value, raw.withUTF8({ $0.count >= 1 << 29 || XMLText.attributeNeedsEscaping($0) }) {
            value = XMLText.clean(raw)
            plain = plain && value!.withUTF8 { $0.count < 1 << 29 && !XMLText.attributeNeedsEscaping($0) }
        }
        if var raw = text, raw.withUTF8({ $0.count >= 1 << 29 || XMLText.textMayNeedWork($0) }) {
            var cleaned = XMLText.clean(raw)
            text = cleaned
            if plain, cleaned.withUTF8({ $0.count >= 1 << 29 || XMLText.textNeedsEscaping($0) }) {
                escapedText = cleaned.utf8.count < 1 << 28 ? xmlChars(cleaned) { xmlEncodeSpecialChars(nil, $0) } : nil
                plain = escapedText != nil
            }
        }
        guard plain else {
            try startElement(name)
            if let attribute, let value { try self.attribute(attribute, cleanValue: value) }
            if let text { try self.text(cleanValue: text) }
            try endElement()
            return
        }
        let escaped = escapedText.map { UnsafeBufferPointer(start: $0, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))) }
        // Flushed before a leaf, not after: `endElement` must find the parent's last leaf
        // pending to add the end tag's indentation.
        if leaves.count >= 1 << 16 { try flushLeaves() }
        let opensParent = startTagOpen
        startTagOpen = false
        let levels = indent ? depth : 0
        let nameLength = name.utf8.count
        var length = (opensParent ? 1 : 0) + levels * indentWidth + 1 + nameLength + 3
        if let attribute, let value { length += attribute.utf8.count + value.utf8.count + 4 }
        if let text { length += (escaped?.count ?? text.utf8.count) + nameLength + 2 }
        leaves.reserve(length)
        // libxml2 writes the parent's `>` when the leaves reach it; the newline is ours.
        if opensParent { leaves.put(0x0A) }
        appendIndent(levels)
        leaves.put(0x3C)
        name.withUTF8 { leaves.put($0) }
        if attribute != nil, value != nil {
            leaves.put(0x20)
            attribute!.withUTF8 { leaves.put($0) }
            leaves.put(0x3D)
            leaves.put(0x22)
            value!.withUTF8 { leaves.put($0) }
            leaves.put(0x22)
        }
        if text != nil {
            leaves.put(0x3E)
            if let escaped { leaves.put(escaped) } else { text!.withUTF8 { leaves.put($0) } }
            leaves.put(0x3C)
            leaves.put(0x2F)
            name.withUTF8 { leaves.put($0) }
            leaves.put(0x3E)
        } else {
            leaves.put(0x2F)
            leaves.put(0x3E)
        }
        leaves.put(0x0A)
    }

    /// `levels` of libxml2's indentation, into room already reserved.
    private func appendIndent(_ levels: Int) {
        var bytes = levels * indentWidth
        while bytes > 0 {
            let run = min(bytes, indentRun.count)
            indentRun.withUnsafeBufferPointer { leaves.put(UnsafeBufferPointer(rebasing: $0[..<run])) }
            bytes -= run
        }
    }

    /// Hands the pending leaves to libxml2 as raw text (which also closes an open start tag).
    private func flushLeaves() throws {
        guard leaves.count > 0 else { return }
        try check(writeRaw(leaves.bytes), "elements")
        leaves.count = 0
    }

    func endDocument() throws {
        while depth > 0 { try endElement() }
        try flushLeaves()
        try check(xmlTextWriterEndDocument(writer), "the end of the document")
        try check(xmlTextWriterFlush(writer), "the last bytes")
        // Freeing the writer closes (and flushes) the output buffer.
        xmlFreeTextWriter(writer)
        writer = nil
        if let sinkError { throw sinkError }
        try sink.flush()
    }
}

/// The bytes of pending leaf elements: room is reserved once per element, then its pieces are
/// copied in (`Array.append(contentsOf:)` cost ~90 instructions a call, nine calls a leaf).
struct LeafBuffer {
    private var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 17)
    private var capacity = 1 << 17
    var count = 0

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for `extra` more bytes.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(2 * capacity, count + extra))
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(2 * capacity, count + extra)
    }

    @inline(__always) mutating func put(_ byte: UInt8) {
        assert(count < capacity, "leaf bytes beyond the room reserved")
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func put(_ source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress else { return }
        assert(count + source.count <= capacity, "leaf bytes beyond the room reserved")
        (base + count).update(from: start, count: source.count)
        count += source.count
    }

    func deallocate() { base.deallocate() }
}

/// Text that XML 1.0 can carry.
public enum XMLText {
    /// Removes the characters XML 1.0 forbids even as character references (C0 controls
    /// other than tab, newline and carriage return; U+FFFE; U+FFFF).
    public static func clean(_ s: String) -> String {
        // One pass over contiguous bytes (the generic UTF8View walk cost ~15 instructions a byte).
        let suspect: (UInt8) -> Bool = { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF }
        var copy = s
        let needsWork = copy.withUTF8 { ByteScan.hasControl(or: 0xEF, 0xEF, 0xEF, in: $0) && $0.contains(where: suspect) }
        guard needsWork else { return s }
        var scalars = String.UnicodeScalarView()
        for c in s.unicodeScalars where isAllowed(c) { scalars.append(c) }
        return String(scalars)
    }

    /// Whether `clean(s)` is empty, without building it: false at the first allowed scalar.
    public static func isEmptyAfterCleaning(_ s: String) -> Bool {
        !s.unicodeScalars.contains(where: isAllowed)
    }

    /// Whether libxml2 would change text content: it escapes `<`, `>`, `&`, `"` and CR; tab
    /// and LF are sent to it too, as any control.
    static func textNeedsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.hasControl(or: UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), orDeleteAndAbove: false, in: bytes)
    }

    /// Whether text may need cleaning or escaping: it holds a control, `<`, `>`, `&`, `"` or
    /// 0xEF (the lead byte of U+FFFE and U+FFFF). One scan, false for nearly every text;
    /// `clean` and `textNeedsEscaping` run on the rest.
    static func textMayNeedWork(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.hasControl(or: UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), 0xEF,
                            orDeleteAndAbove: false, in: bytes)
    }

    /// Whether libxml2 might change an attribute value: it also escapes tab, LF and CR; and
    /// DEL and anything outside ASCII go to its escaper too, as versions differ on writing
    /// them as character references (2.9.14 writes them as they are).
    static func attributeNeedsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.hasControl(or: UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), orDeleteAndAbove: true, in: bytes)
    }

    @inline(__always) public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        return v != 0xFFFE && v != 0xFFFF
    }
}
