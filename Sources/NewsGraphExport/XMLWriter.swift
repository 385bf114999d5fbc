import CLibXML2
import Foundation
import NewsGraphModel

/// A streaming layer over libxml2's xmlTextWriter. libxml2 writes the XML declaration and the
/// root element with its namespaces, escapes every value that needs it, and owns the output
/// buffer; the elements inside the root are written ahead, as the bytes its writer would write
/// for them (indentation, tags, where start tags close), and handed to it as raw text. Its
/// writer cost about 1,400 instructions a leaf element and 4,000 a subject (a malloc'd stack
/// entry, a strdup'd name and six or more buffer writes): over two fifths of an RDF/XML
/// export. `escapesEverything` sends every element through the writer itself, the reference
/// the tests hold these bytes to.
final class XMLStreamWriter {
    private let sink: ByteSink
    private var writer: xmlTextWriterPtr?
    @exclusivity(unchecked) private var sinkError: Error?
    /// The last message libxml2 reported, for the error a failed call throws.
    private var libxmlMessage: String?
    private let path: String
    private let format: GraphFormat
    private let indent: Bool
    /// libxml2's indentation string, which elements written ahead repeat.
    private static let indentUnit = "  "
    private static let indentBytes = Array(indentUnit.utf8)
    /// Sixteen levels of indentation, appended as one slice.
    private static let indentRun = Array(repeating: indentBytes, count: 16).flatMap { $0 }

    /// Elements written ahead and not yet handed to libxml2. They go to it in one raw write
    /// when a libxml2 call follows, or when they pass 64 KB.
    @exclusivity(unchecked) private var ahead = AheadBuffer()
    /// Open elements: libxml2's writer's, then those written ahead (`branches`), which are
    /// always innermost. Their count is the indentation depth.
    @exclusivity(unchecked) private var depth = 0
    /// Names of the open elements written ahead, innermost last, for their end tags.
    @exclusivity(unchecked) private var branches: [String] = []
    /// Whether the innermost open element's start tag is still open: the next child or text
    /// closes it (libxml2 does when raw text reaches it; a branch's is closed here).
    @exclusivity(unchecked) private var startTagOpen = false
    /// libxml2's `doindent`: an end tag after content is indented, except right after text.
    @exclusivity(unchecked) private var indentsEndTag = true
    /// Scratch for libxml2's escapers: a NUL-terminated copy of the piece to escape, and the
    /// buffer its attribute escaper appends to.
    private var escapeInput: [UInt8] = []
    private var attributeEscapes: xmlBufferPtr?
    /// The document its attribute escaper is told of: libxml2's writer holds one whose encoding
    /// is UTF-8, with which it keeps characters beyond ASCII as they are.
    private var escapingDocument: xmlDocPtr?
    /// The statics above, held here: a static is checked for initialization at every use.
    private let indentWidth = XMLStreamWriter.indentBytes.count
    private let indentRun: UnsafeMutableBufferPointer<UInt8> = {
        let run = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: XMLStreamWriter.indentRun.count)
        _ = run.initialize(from: XMLStreamWriter.indentRun)
        return run
    }()

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
        ahead.deallocate()
        indentRun.deallocate()
        if let attributeEscapes { xmlBufferFree(attributeEscapes) }
        if let escapingDocument { xmlFreeDoc(escapingDocument) }
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

    /// Sends every element and value through libxml2's writer and escapers (nothing written
    /// ahead, no raw values): the reference for tests that compare both.
    @exclusivity(unchecked) var escapesEverything = false

    /// Whether elements inside the root are written ahead (libxml2's writer indents them).
    private var writesAhead: Bool { indent && !escapesEverything }

    func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "the XML declaration")
    }

    /// Starts an element: the root, a namespaced element or any element of the reference
    /// through libxml2's writer, the others ahead.
    func startElement(_ name: String, namespace: String? = nil) throws {
        if writesAhead, depth > 0, namespace == nil {
            try flushAheadIfFull()
            openChild()
            ahead.put(0x3C)
            ahead.put(name)
            branches.append(name)
            depth += 1
            startTagOpen = true
            return
        }
        precondition(branches.isEmpty, "an element through libxml2's writer inside one written ahead")
        try flushAhead()
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

    /// An attribute whose value the caller found needs neither cleaning nor escaping (printable
    /// ASCII without `<`, `>`, `&` or `"`).
    func attribute(_ name: String, plainValue value: String) throws {
        try value.withUTF8Bytes { try attribute(name, plainValue: $0) }
    }

    /// The same, the value lent as bytes.
    func attribute(_ name: String, plainValue value: UnsafeBufferPointer<UInt8>) throws {
        guard !branches.isEmpty, startTagOpen else { return try attribute(name, cleanValue: String(decoding: value, as: UTF8.self)) }
        assert(!XMLText.attributeNeedsEscaping(value), "a plain attribute value needs escaping")
        putAttribute(name) { ahead.put(value) }
    }

    /// An attribute whose value has already been through `XMLText.clean`. On an element of
    /// libxml2's writer (the root), through its writer.
    func attribute(_ name: String, cleanValue value: String) throws {
        if !branches.isEmpty {
            guard startTagOpen else {
                throw ExportError(path: path, format: format, message: "attribute \(name) after the content of <\(branches.last!)>")
            }
            try putAttribute(name) { try putValue(value, attribute: true) }
            return
        }
        try flushAhead()
        let result = xmlChars(name) { name in xmlChars(value) { xmlTextWriterWriteAttribute(writer, name, $0) } }
        try check(result, "attribute \(name)")
    }

    /// ` name="value"` into a start tag written ahead, the value appended by `value`.
    @inline(__always) private func putAttribute(_ name: String, _ value: () throws -> Void) rethrows {
        ahead.put(0x20)
        ahead.put(name)
        ahead.put(0x3D)
        ahead.put(0x22)
        try value()
        ahead.put(0x22)
    }

    func text(_ value: String) throws {
        try text(cleanValue: XMLText.clean(value))
    }

    /// Text that has already been through `XMLText.clean`. In an element of libxml2's writer
    /// (the root), through its writer.
    func text(cleanValue value: String) throws {
        indentsEndTag = false
        if !branches.isEmpty {
            if startTagOpen { ahead.put(0x3E) }
            startTagOpen = false
            try putValue(value, attribute: false)
            return
        }
        try flushAhead()
        startTagOpen = false
        try check(xmlChars(value) { xmlTextWriterWriteString(writer, $0) }, "text")
    }

    /// Hands bytes to libxml2's writer as they are: it closes its element's open start tag and
    /// counts them as text (no indentation before the next end tag).
    private func writeRaw(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return xmlTextWriterWriteRawLen(writer, base, Int32(bytes.count))
    }

    /// Lends libxml2 the string's own NUL-terminated UTF-8: passing a String as
    /// `const xmlChar *` implicitly copies it into a new C array on every call.
    @inline(__always) private func xmlChars<R>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        string.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    func endElement() throws {
        if let name = branches.popLast() {
            if startTagOpen {
                ahead.put(0x2F)
                ahead.put(0x3E)
            } else {
                if indentsEndTag { appendIndent(depth - 1) }
                ahead.put(0x3C)
                ahead.put(0x2F)
                ahead.put(name)
                ahead.put(0x3E)
            }
            ahead.put(0x0A)
            depth -= 1
            startTagOpen = false
            indentsEndTag = true
            return
        }
        if ahead.count > 0 {
            // The end tag's indentation, which libxml2 leaves out after raw text.
            if indentsEndTag { appendIndent(indent ? depth - 1 : 0) }
            try flushAhead()
        }
        try check(xmlTextWriterEndElement(writer), "an end tag")
        depth -= 1
        startTagOpen = false
        indentsEndTag = true
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

    /// A leaf of text with tags built once (`LeafTags`).
    func leaf(_ tags: LeafTags, text: String) throws {
        guard writesAhead, depth > 0 else { return try leaf(tags.name, attribute: tags.attribute, value: tags.value, text: text) }
        try flushAheadIfFull()
        openChild()
        tags.open.withUnsafeBufferPointer { ahead.put($0) }
        try putValue(text, attribute: false, cleaning: true)
        tags.close.withUnsafeBufferPointer { ahead.put($0) }
        indentsEndTag = true
    }

    /// A leaf with an attribute and no text, whose value the caller found needs neither
    /// cleaning nor escaping, lent as bytes.
    func leaf(_ name: String, attribute: String, plainValue value: UnsafeBufferPointer<UInt8>) throws {
        guard writesAhead, depth > 0 else {
            return try leaf(name, attribute: attribute, value: String(decoding: value, as: UTF8.self), text: nil)
        }
        assert(!XMLText.attributeNeedsEscaping(value), "a plain attribute value needs escaping")
        try flushAheadIfFull()
        openChild()
        ahead.put(0x3C)
        ahead.put(name)
        putAttribute(attribute) { ahead.put(value) }
        ahead.put(0x2F)
        ahead.put(0x3E)
        ahead.put(0x0A)
        indentsEndTag = true
    }

    /// A child element with at most one attribute and either text (`<a k="v">text</a>`) or
    /// nothing (`<a k="v"/>`), the values through `XMLText.clean`: `startElement`, `attribute`,
    /// `text` and `endElement` in one call, written ahead in one go.
    func leaf(_ name: String, attribute: String? = nil, value: String? = nil, text: String?) throws {
        // At the root (a document of one element) libxml2 writes it, as every element of the reference.
        guard writesAhead, depth > 0 else {
            try startElement(name)
            if let attribute, let value { try self.attribute(attribute, value) }
            if let text { try self.text(text) }
            try endElement()
            return
        }
        try flushAheadIfFull()
        openChild()
        ahead.put(0x3C)
        ahead.put(name)
        if let attribute, let value {
            try putAttribute(attribute) { try putValue(value, attribute: true, cleaning: true) }
        }
        if let text {
            ahead.put(0x3E)
            try putValue(text, attribute: false, cleaning: true)
            ahead.put(0x3C)
            ahead.put(0x2F)
            ahead.put(name)
            ahead.put(0x3E)
        } else {
            ahead.put(0x2F)
            ahead.put(0x3E)
        }
        ahead.put(0x0A)
        indentsEndTag = true
    }

    /// Hands what is ahead to libxml2 once it passes 64 KB, before a child starts: never
    /// after one, as `endElement` must find the last child's bytes pending to indent an end tag.
    @inline(__always) private func flushAheadIfFull() throws {
        if ahead.count >= 1 << 16 { try flushAhead() }
    }

    /// What goes before a child element: the parent's start tag closed (by libxml2 when the
    /// raw text reaches its own element; `>` here for one written ahead), a newline, and
    /// libxml2's indentation.
    @inline(__always) private func openChild() {
        if startTagOpen {
            if !branches.isEmpty { ahead.put(0x3E) }
            ahead.put(0x0A)
            startTagOpen = false
        }
        appendIndent(depth)
    }

    /// Appends a value: as it is when it needs neither cleaning nor escaping (nearly every
    /// value: one scan tells), else cleaned of what XML cannot carry (`XMLText.clean`, with
    /// `cleaning`) and escaped by libxml2's escaper for text or for attribute values, the
    /// ones its writer calls.
    @inline(__always) private func putValue(_ value: String, attribute: Bool, cleaning: Bool = false) throws {
        let plain = value.withUTF8Bytes { bytes in
            let needsWork = attribute ? XMLText.attributeNeedsEscaping(bytes) : XMLText.textMayNeedWork(bytes)
            if !needsWork { ahead.put(bytes) }
            return !needsWork
        }
        if plain { return }
        let cleaned = cleaning ? XMLText.clean(value) : value
        try cleaned.withUTF8Bytes { bytes in
            let escapes = attribute ? XMLText.attributeNeedsEscaping(bytes) : XMLText.textNeedsEscaping(bytes)
            if escapes { try putEscaped(bytes, attribute: attribute) } else { ahead.put(bytes) }
        }
    }

    /// Appends `bytes` (cleaned: no NUL) as libxml2's writer escapes them: text content with
    /// `xmlEncodeSpecialChars`, attribute values with `xmlAttrSerializeTxtContent`. A megabyte
    /// at a time, as their lengths are C ints; cut between characters, as both escape a
    /// character at a time (2.9.14 copies those beyond ASCII as bytes; other versions may not).
    private func putEscaped(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool) throws {
        var start = 0
        if !attribute {
            // The text escaper copies every byte but `<`, `>`, `&`, `"` and CR as it is: what
            // comes before the first of them goes as it is, and the escaper (13 instructions a
            // byte) gets the rest.
            while start < bytes.count, !XMLText.isEscapedInText(bytes[start]) { start += 1 }
            ahead.put(UnsafeBufferPointer(rebasing: bytes[..<start]))
        }
        while start < bytes.count {
            var end = min(bytes.count, start + (1 << 20))
            while end < bytes.count, end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            escapeInput.removeAll(keepingCapacity: true)
            escapeInput.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            escapeInput.append(0)
            let done = escapeInput.withUnsafeBufferPointer { attribute ? putAttributeEscaped($0.baseAddress!) : putTextEscaped($0.baseAddress!) }
            guard done else {
                throw ExportError(path: path, format: format, message: "libxml2 could not escape a value of \(bytes.count) bytes (out of memory)")
            }
            start = end
        }
    }

    /// Appends a NUL-terminated piece as libxml2's text escaper writes it; false if it failed.
    private func putTextEscaped(_ piece: UnsafePointer<xmlChar>) -> Bool {
        guard let escaped = xmlEncodeSpecialChars(nil, piece) else { return false }
        ahead.put(UnsafeBufferPointer(start: escaped, count: strlen(UnsafeRawPointer(escaped).assumingMemoryBound(to: CChar.self))))
        ngxml_free(escaped)
        return true
    }

    /// Appends a NUL-terminated piece as libxml2's attribute escaper writes it; false if it failed.
    private func putAttributeEscaped(_ piece: UnsafePointer<xmlChar>) -> Bool {
        if attributeEscapes == nil { attributeEscapes = xmlBufferCreate() }
        if escapingDocument == nil, let document = xmlNewDoc(nil) {
            document.pointee.encoding = UnsafePointer(xmlStrdup("UTF-8"))
            escapingDocument = document
        }
        guard let buffer = attributeEscapes, let document = escapingDocument, document.pointee.encoding != nil else { return false }
        xmlBufferEmpty(buffer)
        xmlAttrSerializeTxtContent(buffer, document, nil, piece)
        guard let content = xmlBufferContent(buffer) else { return false }
        ahead.put(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
        return true
    }

    /// `levels` of libxml2's indentation.
    private func appendIndent(_ levels: Int) {
        var bytes = levels * indentWidth
        while bytes > 0 {
            let run = min(bytes, indentRun.count)
            ahead.put(UnsafeBufferPointer(rebasing: indentRun[..<run]))
            bytes -= run
        }
    }

    /// Hands what is ahead to libxml2 as raw text (which also closes its open start tag), in
    /// pieces its int lengths can take.
    private func flushAhead() throws {
        var start = 0
        while start < ahead.count {
            let piece = UnsafeBufferPointer(rebasing: ahead.bytes[start..<min(ahead.count, start + (1 << 30))])
            try check(writeRaw(piece), "elements")
            start += piece.count
        }
        ahead.count = 0
    }

    func endDocument() throws {
        while depth > 0 { try endElement() }
        try flushAhead()
        try check(xmlTextWriterEndDocument(writer), "the end of the document")
        try check(xmlTextWriterFlush(writer), "the last bytes")
        // Freeing the writer closes (and flushes) the output buffer.
        xmlFreeTextWriter(writer)
        writer = nil
        if let sinkError { throw sinkError }
        try sink.flush()
    }
}

/// The tags of leaves of one name and attribute value, as `XMLStreamWriter.leaf` writes them
/// (`<ng:startOffset rdf:datatype="…">`, `</ng:startOffset>` and the newline), built once for
/// all of them: nil when the value needs cleaning or escaping.
final class LeafTags {
    let name: String
    let attribute: String?
    let value: String?
    fileprivate let open: [UInt8]
    fileprivate let close: [UInt8]

    init?(_ name: String, attribute: String? = nil, value: String? = nil) {
        guard (attribute == nil) == (value == nil) else { return nil }
        if let value, value.withUTF8Bytes(XMLText.attributeNeedsEscaping) { return nil }
        self.name = name
        self.attribute = attribute
        self.value = value
        var open: [UInt8] = [0x3C] + Array(name.utf8)
        if let attribute, let value { open += [0x20] + Array(attribute.utf8) + [0x3D, 0x22] + Array(value.utf8) + [0x22] }
        open.append(0x3E)
        self.open = open
        close = [0x3C, 0x2F] + Array(name.utf8) + [0x3E, 0x0A]
    }

    /// Whether these are the tags of `name` with an attribute of `value` (or none).
    func fit(_ value: String?) -> Bool {
        switch (self.value, value) {
        case (nil, nil): return true
        case let (mine?, theirs?): return mine.hasSameBytes(as: theirs)
        default: return false
        }
    }
}

/// The bytes of elements written ahead: raw memory appended to in place
/// (`Array.append(contentsOf:)` cost ~90 instructions a call, nine calls a leaf).
struct AheadBuffer {
    private var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 17)
    private var capacity = 1 << 17
    var count = 0

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never) private mutating func grow(toHold needed: Int) {
        let newCapacity = max(2 * capacity, needed)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    @inline(__always) mutating func put(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func put(_ source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress else { return }
        if count + source.count > capacity { grow(toHold: count + source.count) }
        (base + count).update(from: start, count: source.count)
        count += source.count
    }

    @inline(__always) mutating func put(_ string: String) {
        string.withUTF8Bytes { put($0) }
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
        let needsWork = s.withUTF8Bytes { ByteScan.hasControl(or: 0xEF, 0xEF, 0xEF, in: $0) && $0.contains(where: suspect) }
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

    /// Whether libxml2's text escaper rewrites the byte.
    @inline(__always) static func isEscapedInText(_ byte: UInt8) -> Bool {
        byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x0D
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
