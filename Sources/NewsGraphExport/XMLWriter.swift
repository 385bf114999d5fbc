import CLibXML2
import Foundation
import NewsGraphModel

/// A thin streaming layer over libxml2's xmlTextWriter: it escapes, declares namespaces and
/// indents; this type only routes its output into a `ByteSink` and turns failures into errors.
final class XMLStreamWriter {
    private let sink: ByteSink
    private var writer: xmlTextWriterPtr?
    private var sinkError: Error?
    /// The last message libxml2 reported, for the error a failed call throws.
    private var libxmlMessage: String?
    private let path: String
    private let format: GraphFormat

    init(sink: ByteSink, path: String, format: GraphFormat, indent: Bool = true) throws {
        self.sink = sink
        self.path = path
        self.format = format
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
            xmlTextWriterSetIndentString(writer, "  ")
        }
    }

    deinit {
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

    /// Sends every value through libxml2's escapers, as before the raw path: for tests that
    /// compare both.
    var escapesEverything = false

    /// Lends libxml2 the string's own NUL-terminated UTF-8: passing a String as
    /// `const xmlChar *` implicitly copies it into a new C array on every call.
    @inline(__always) private func xmlChars<R>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        string.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }

    func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "an end tag")
    }

    /// An element with only text content.
    func element(_ name: String, text value: String, attributes: [(String, String)] = []) throws {
        try startElement(name)
        for (n, v) in attributes { try attribute(n, v) }
        try text(value)
        try endElement()
    }

    func endDocument() throws {
        try check(xmlTextWriterEndDocument(writer), "the end of the document")
        try check(xmlTextWriterFlush(writer), "the last bytes")
        // Freeing the writer closes (and flushes) the output buffer.
        xmlFreeTextWriter(writer)
        writer = nil
        if let sinkError { throw sinkError }
        try sink.flush()
    }
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

    /// Whether libxml2 would change an attribute value: it also escapes tab, LF and CR, and,
    /// writing without a document, every character outside ASCII (as character references).
    static func attributeNeedsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteScan.hasControl(or: UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), orDeleteAndAbove: true, in: bytes)
    }

    @inline(__always) public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x20 { return v == 0x09 || v == 0x0A || v == 0x0D }
        return v != 0xFFFE && v != 0xFFFF
    }
}
