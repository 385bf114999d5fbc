import CLibXML2

/// Validates XML against an XSD with libxml2, offline (no network, no entity expansion).
public enum XMLValidation {
    final class Sink {
        var messages: [String] = []
    }

    /// The validation errors of `xml` against the schema at `schemaPath` (empty when valid),
    /// each with its line number.
    public static func validateXML(_ xml: [UInt8], schemaPath: String) -> [String] {
        let sink = Sink()
        let context = Unmanaged.passUnretained(sink).toOpaque()
        guard let parser = xmlSchemaNewParserCtxt(schemaPath) else { return ["cannot read the schema \(schemaPath)"] }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, { userData, error in
            guard let userData, let error else { return }
            let sink = Unmanaged<Sink>.fromOpaque(userData).takeUnretainedValue()
            sink.messages.append("schema: " + (error.pointee.message.map { String(cString: $0) } ?? "?"))
        }, context)
        guard let schema = xmlSchemaParse(parser) else { return ["cannot parse the schema \(schemaPath)"] + sink.messages }
        defer { xmlSchemaFree(schema) }
        guard let validator = xmlSchemaNewValidCtxt(schema) else { return ["cannot create a validator"] }
        defer { xmlSchemaFreeValidCtxt(validator) }
        xmlSchemaSetValidStructuredErrors(validator, { userData, error in
            guard let userData, let error else { return }
            let sink = Unmanaged<Sink>.fromOpaque(userData).takeUnretainedValue()
            let message = (error.pointee.message.map { String(cString: $0) } ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
            sink.messages.append("line \(error.pointee.line): \(message)")
        }, context)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc: xmlDocPtr? = xml.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "export.xml", "UTF-8", options)
            }
        }
        guard let doc else { return ["the document is not well-formed XML"] }
        defer { xmlFreeDoc(doc) }
        if xmlSchemaValidateDoc(validator, doc) != 0 && sink.messages.isEmpty { sink.messages.append("invalid") }
        return sink.messages
    }

    /// Whether `xml` is well-formed, with the first error.
    public static func wellFormed(_ xml: [UInt8]) -> String? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc: xmlDocPtr? = xml.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "export.xml", "UTF-8", options)
            }
        }
        guard let doc else {
            if let error = xmlGetLastError(), let message = error.pointee.message {
                return "line \(error.pointee.line): " + String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return "not well-formed"
        }
        xmlFreeDoc(doc)
        return nil
    }
}

import Foundation
