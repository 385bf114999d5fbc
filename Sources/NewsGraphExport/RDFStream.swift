import NewsGraphModel

/// A streaming RDF serializer: triples arrive grouped by subject, each subject once, and the
/// values of one predicate consecutive (the graph stream guarantees both).
protocol RDFStreamWriter {
    mutating func begin() throws
    mutating func subject(_ iri: String, type: String) throws
    mutating func triple(_ predicate: String, _ object: RDFObject) throws
    /// A literal as stored, not yet through `XMLText.clean`: an XML writer cleans it with its
    /// own scan for characters to escape. `slot` numbers the property kind the predicate comes
    /// from (`NodeProperty.slot`), whose triples all have the same predicate; nil for any
    /// other literal.
    mutating func triple(_ predicate: String, literal value: String, datatype: String?, slot: Int?) throws
    /// A link's triple: the predicate of `role` to `iri`, already through `IRIText.clean`.
    mutating func link(_ role: LinkRole, cleanIRI iri: String) throws
    /// A subject, and a link, whose IRI has not been through `IRIText.clean`: a writer may
    /// fold that scan into its own.
    mutating func subject(rawIRI iri: String, type: String) throws
    mutating func link(_ role: LinkRole, rawIRI iri: String) throws
    /// A subject, and a link, whose IRI is lent as bytes for this call only.
    mutating func subject(lentRawIRI iri: LentBytes, type: String) throws
    mutating func link(_ role: LinkRole, lentRawIRI iri: LentBytes) throws
    mutating func finish() throws
}

extension RDFStreamWriter {
    mutating func subject(rawIRI iri: String, type: String) throws {
        try subject(IRIText.clean(iri), type: type)
    }

    mutating func link(_ role: LinkRole, rawIRI iri: String) throws {
        try link(role, cleanIRI: IRIText.clean(iri))
    }

    mutating func subject(lentRawIRI iri: LentBytes, type: String) throws {
        try subject(rawIRI: iri.string, type: type)
    }

    mutating func link(_ role: LinkRole, lentRawIRI iri: LentBytes) throws {
        try link(role, rawIRI: iri.string)
    }

    mutating func triple(_ predicate: String, literal value: String, datatype: String?, slot: Int?) throws {
        try triple(predicate, .literal(XMLText.clean(value), datatype: datatype))
    }

    mutating func link(_ role: LinkRole, cleanIRI iri: String) throws {
        try triple(Vocabulary.predicate(role), .iri(iri))
    }
}

/// Turns the graph stream into RDF through the vocabulary.
struct RDFMapper<W: RDFStreamWriter>: GraphVisitor {
    var writer: W
    /// IRIs lent as bytes: RDF/XML writes them so; the other writers take them as Strings.
    static var linkTargetNames: LinkTargetNames { .iriBytes }

    mutating func node(_ node: GraphNode) throws {
        if let lent = node.lentIRI {
            try writer.subject(lentRawIRI: lent, type: Vocabulary.classIRI(node.kind))
        } else {
            try writer.subject(rawIRI: node.iri, type: Vocabulary.classIRI(node.kind))
        }
        // Every node has a label; GraphML falls back to the node id, and so does RDF.
        if !node.properties.contains(where: { if case .label = $0, $0.isWritable { return true }; return false }) {
            try writer.triple(Vocabulary.Predicate.label, .literal(node.id, datatype: nil))
        }
        for property in node.properties where property.isWritable {
            let (predicate, object) = Vocabulary.rdf(property)
            switch object {
            case let .literal(value, datatype):
                try writer.triple(predicate, literal: value, datatype: datatype, slot: property.slot)
            case let .iri(iri): try writer.triple(predicate, .iri(IRIText.clean(iri)))
            }
        }
    }

    mutating func link(_ link: GraphLink) throws {
        if let lent = link.lentTargetIRI {
            try writer.link(link.role, lentRawIRI: lent)
        } else {
            try writer.link(link.role, rawIRI: link.targetIRI)
        }
    }
}

/// IRIs as every format writes them: characters the IRI grammar forbids are
/// percent-encoded once, here, so all formats name the same resource.
public enum IRIText {
    public static func clean(_ iri: String) -> String {
        guard iri.withUTF8Bytes(anyNeedsEscape) else { return iri }
        return rebuild(iri)
    }

    private static func rebuild(_ iri: String) -> String {
        var bytes: [UInt8] = []
        for byte in iri.utf8 {
            if needsEscape(byte) {
                bytes.append(0x25)
                bytes.append(RDFText.hexDigit(byte >> 4))
                bytes.append(RDFText.hexDigit(byte & 0xF))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a non-ASCII scalar may stand unescaped in an IRI (RFC 3987 `ucschar` and
    /// `iprivate`, without the bidirectional formatting characters it forbids).
    public static func isIRICharacter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return true }
        if v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return false }
        switch v {
        case 0xA0...0xD7FF, 0xE000...0xF8FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xDFFFD, 0xE1000...0xEFFFD, 0xF0000...0x10FFFD: return v & 0xFFFF <= 0xFFFD
        default: return false
        }
    }

    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool { escapeTable[Int(byte)] }

    /// Whether any byte needs escaping: eight table entries or'ed per test (every IRI of an
    /// export is scanned; a test per byte cost twice as much).
    static func anyNeedsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        anyByte(of: escapeBytes, in: bytes)
    }

    /// Whether `iri` is written as it is, both as an IRI (no byte to escape) and in an XML
    /// attribute (no `&`, nothing beyond ASCII, which XML escapers may rewrite): one scan for
    /// what `clean`, `XMLText.clean` and the attribute escaper would each scan for.
    static func isPlainInXMLAttribute(_ iri: String) -> Bool {
        iri.withUTF8Bytes(isPlainInXMLAttribute)
    }

    static func isPlainInXMLAttribute(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !anyByte(of: xmlAttributeEscapeBytes, in: bytes)
    }

    private static let xmlAttributeEscapeBytes: [UInt8] = (0...255).map { escapeTable[$0] || $0 == 0x26 || $0 >= 0x80 ? 1 : 0 }

    private static func anyByte(of table: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        table.withUnsafeBufferPointer { table in
            guard let base = bytes.baseAddress else { return false }
            let count = bytes.count
            var i = 0
            while i + 8 <= count {
                let found = table[Int(base[i])] | table[Int(base[i + 1])] | table[Int(base[i + 2])] | table[Int(base[i + 3])]
                    | table[Int(base[i + 4])] | table[Int(base[i + 5])] | table[Int(base[i + 6])] | table[Int(base[i + 7])]
                if found != 0 { return true }
                i += 8
            }
            while i < count {
                if table[Int(base[i])] != 0 { return true }
                i += 1
            }
            return false
        }
    }

    private static let escapeBytes: [UInt8] = escapeTable.map { $0 ? 1 : 0 }

    /// `needsEscape` as a table: every IRI of an export is scanned byte by byte.
    private static let escapeTable: [Bool] = (0...255).map { (byte: Int) -> Bool in
        switch byte {
        case 0...0x20, 0x3C, 0x3E, 0x22, 0x7B, 0x7D, 0x7C, 0x5E, 0x60, 0x5C, 0x7F: return true
        default: return false
        }
    }
}

extension NodeProperty {
    /// The property's kind as a small number, for writers that keep something per predicate.
    var slot: Int {
        switch self {
        case .label: return 0
        case .alias: return 1
        case .confidence: return 2
        case .articleCount: return 3
        case .mentionCount: return 4
        case .sameAs: return 5
        case .latitude: return 6
        case .longitude: return 7
        case .headline: return 8
        case .outlet: return 9
        case .published: return 10
        case .url: return 11
        case .sourceName: return 12
        case .contentHash: return 13
        case .text: return 14
        case .start: return 15
        case .end: return 16
        case .actionType: return 17
        case .cameo: return 18
        case .plover: return 19
        case .eventDate: return 20
        case .modality: return 21
        case .historical: return 22
        case .relationType: return 23
        case .role: return 24
        }
    }

    static let slotCount = 25

    /// Whether every format can write the property: not an empty string (Gephi drops empty
    /// data, RDF would keep ""), and a value valid for its datatype (a date that is a date, a
    /// URL that is an absolute IRI). Stores written by older versions or filled through the
    /// library API may hold anything; what cannot be written validly is left out of every
    /// format alike, so the GraphML and the RDF still agree.
    var isWritable: Bool {
        switch self {
        case let .published(v), let .eventDate(v):
            return TypedValue.isDate(v)
        case let .url(v), let .sameAs(v):
            return TypedValue.isAbsoluteIRI(XMLText.clean(v))
        default:
            return !isEmptyText
        }
    }

    /// An empty string value (after removing what XML cannot carry).
    var isEmptyText: Bool {
        switch self {
        case let .label(v), let .alias(v), let .sameAs(v), let .headline(v), let .outlet(v), let .published(v), let .url(v),
             let .sourceName(v), let .contentHash(v), let .text(v), let .actionType(v), let .cameo(v), let .plover(v),
             let .eventDate(v), let .modality(v), let .relationType(v), let .role(v):
            return XMLText.isEmptyAfterCleaning(v)
        default:
            return false
        }
    }
}

/// Lexical checks for the typed values the writers emit.
public enum TypedValue {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (xsd:date, xsd:gYearMonth, xsd:gYear), year 0001–9999,
    /// a real day of the month.
    /// On bytes: splitting and parsing Characters cost ~15,000 instructions a date.
    public static func isDate(_ s: String) -> Bool {
        return s.withUTF8Bytes { bytes in
            guard bytes.count == 4 || bytes.count == 7 || bytes.count == 10 else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    guard bytes[i] >= 0x30, bytes[i] <= 0x39 else { return nil }
                    value = value * 10 + Int(bytes[i] - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), year >= 1 else { return false }
            guard bytes.count > 4 else { return true }
            guard bytes[4] == 0x2D, let month = number(5..<7), (1...12).contains(month) else { return false }
            guard bytes.count > 7 else { return true }
            guard bytes[7] == 0x2D, let day = number(8..<10) else { return false }
            return CalendarDate(year: year, month: month, day: day) != nil
        }
    }

    /// An absolute IRI every client loads: a known scheme (http, https, urn, mailto, tag),
    /// a host for http(s), no character outside the IRI grammar, `%` only before two hex digits.
    public static func isAbsoluteIRI(_ s: String) -> Bool {
        if let verdict = s.withUTF8Bytes({ $0.allSatisfy { $0 < 0x80 } ? isAbsoluteASCIIIRI($0) : nil }) { return verdict }
        guard let colon = s.firstIndex(of: ":"), let first = s.first, first.isASCII, first.isLetter,
              s[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return false }
        let scheme = s[..<colon].lowercased()
        guard schemes.contains(scheme) else { return false }
        if scheme == "http" || scheme == "https" {
            let rest = s[s.index(after: colon)...]
            guard rest.hasPrefix("//"), let host = rest.dropFirst(2).first, !"/?#".contains(host) else { return false }
        }
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            let v = c.value
            if v <= 0x20 || (0x7F...0x9F).contains(v) || "<>\"{}|\\^`".unicodeScalars.contains(c) || !IRIText.isIRICharacter(c) { return false }
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit else { return false }
            }
        }
        return true
    }

    private static let schemes = ["http", "https", "urn", "mailto", "tag"]

    /// `isAbsoluteIRI` on bytes for an ASCII string (nearly every URL), where characters are
    /// bytes: the character walk cost ~250 instructions a byte.
    private static func isAbsoluteASCIIIRI(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
        guard let colon = bytes.firstIndex(of: 0x3A), colon > 0, isLetter(bytes[0]),
              bytes[..<colon].allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) else { return false }
        let scheme = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self).lowercased()
        guard schemes.contains(scheme) else { return false }
        if scheme == "http" || scheme == "https" {
            guard colon + 3 < bytes.count, bytes[colon + 1] == 0x2F, bytes[colon + 2] == 0x2F,
                  bytes[colon + 3] != 0x2F, bytes[colon + 3] != 0x3F, bytes[colon + 3] != 0x23 else { return false }
        }
        for i in bytes.indices {
            let byte = bytes[i]
            // The ASCII characters the IRI grammar forbids are the ones IRIText escapes.
            if IRIText.needsEscape(byte) { return false }
            if byte == 0x25 {
                guard i + 2 < bytes.count, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return false }
            }
        }
        return true
    }
}

/// Escaping shared by N-Triples, Turtle and JSON.
enum RDFText {
    static let unicodeEscape = Array("\\u00".utf8)

    /// A quoted string: `\"`, `\\`, `\n`, `\r`, `\t`, other controls (and DEL, unless
    /// `escapingDelete` is false, as JSON allows it raw) as `\u00XX`. N-Triples, Turtle and
    /// JSON share these escapes.
    static func appendQuoted(_ s: String, to out: inout [UInt8], escapingDelete: Bool = true) {
        out.append(0x22)
        let delete: UInt8 = escapingDelete ? 0x7F : 0x5C
        s.withUTF8Bytes { bytes in
            // Most strings need no escape: copy their bytes at once.
            guard ByteScan.hasControl(or: 0x22, 0x5C, delete, in: bytes) else {
                out.append(contentsOf: bytes)
                return
            }
            // Runs between escapes are copied at once too (news sentences quote a lot).
            var run = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == delete {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                run = i + 1
                switch byte {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    out.append(contentsOf: RDFText.unicodeEscape)
                    out.append(hexDigit(byte >> 4))
                    out.append(hexDigit(byte & 0xF))
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        out.append(0x22)
    }

    /// `<iri>`; IRIs minted by NewsGraph never need escapes, but anything outside the IRI
    /// grammar is written as a `\u` escape rather than silently passed through.
    static func appendIRI(_ iri: String, to out: inout [UInt8]) {
        out.append(0x3C)
        let plain = iri.withUTF8Bytes { bytes -> Bool in
            guard !IRIText.anyNeedsEscape(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain { out.append(0x3E); return }
        for byte in iri.utf8 {
            switch byte {
            case 0...0x20, 0x3C, 0x3E, 0x22, 0x7B, 0x7D, 0x7C, 0x5E, 0x60, 0x5C:
                out.append(0x25)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            default: out.append(byte)
            }
        }
        out.append(0x3E)
    }

    @inline(__always) static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
}

/// N-Triples: one triple a line, the bulk-load format every store accepts.
struct NTriplesWriter: RDFStreamWriter {
    let sink: ByteSink
    var subjectBytes: [UInt8] = []
    var line: [UInt8] = []

    init(sink: ByteSink) { self.sink = sink }

    mutating func begin() throws {}

    mutating func subject(_ iri: String, type: String) throws {
        subjectBytes.removeAll(keepingCapacity: true)
        RDFText.appendIRI(iri, to: &subjectBytes)
        try triple(Vocabulary.typeIRI, .iri(type))
    }

    mutating func triple(_ predicate: String, _ object: RDFObject) throws {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: subjectBytes)
        line.append(0x20)
        RDFText.appendIRI(predicate, to: &line)
        line.append(0x20)
        switch object {
        case let .iri(iri): RDFText.appendIRI(iri, to: &line)
        case let .literal(value, datatype):
            RDFText.appendQuoted(value, to: &line)
            if let datatype {
                line.append(0x5E); line.append(0x5E)
                RDFText.appendIRI(datatype, to: &line)
            }
        }
        line.append(contentsOf: [0x20, 0x2E, 0x0A])
        try sink.write(line)
    }

    mutating func finish() throws { try sink.flush() }
}

/// Turtle with the project prefixes, one block per subject.
struct TurtleWriter: RDFStreamWriter {
    let sink: ByteSink
    var out: [UInt8] = []
    var open = false
    var lastPredicate: String?

    init(sink: ByteSink) { self.sink = sink }

    mutating func begin() throws {
        var header = ""
        for (prefix, iri) in Namespace.prefixes { header += "@prefix \(prefix): <\(iri)> .\n" }
        try sink.write(header)
    }

    /// Prefixed names of the vocabulary's IRIs, computed once each.
    var terms: [String: [UInt8]] = [:]

    private mutating func term(_ iri: String) -> [UInt8] {
        if let known = terms[iri] { return known }
        var bytes: [UInt8] = []
        if let (prefix, _, local) = Vocabulary.split(iri), local.last != "." {
            bytes.append(contentsOf: Array(prefix.utf8))
            bytes.append(0x3A)
            bytes.append(contentsOf: Array(local.utf8))
            if terms.count < 4096 { terms[iri] = bytes }
        } else {
            RDFText.appendIRI(iri, to: &bytes)
        }
        return bytes
    }

    mutating func subject(_ iri: String, type: String) throws {
        try closeSubject()
        out.append(0x0A)
        RDFText.appendIRI(iri, to: &out)
        out.append(contentsOf: Array(" a ".utf8))
        out.append(contentsOf: term(type))
        open = true
        lastPredicate = nil
    }

    mutating func triple(_ predicate: String, _ object: RDFObject) throws {
        if predicate == lastPredicate {
            out.append(contentsOf: Array(",\n    ".utf8))
        } else {
            out.append(contentsOf: Array(" ;\n  ".utf8))
            out.append(contentsOf: term(predicate))
            out.append(0x20)
            lastPredicate = predicate
        }
        switch object {
        case let .iri(iri): out.append(contentsOf: term(iri))
        case let .literal(value, datatype):
            RDFText.appendQuoted(value, to: &out)
            if let datatype {
                out.append(0x5E); out.append(0x5E)
                out.append(contentsOf: term(datatype))
            }
        }
        if out.count > 1 << 16 { try sink.write(out); out.removeAll(keepingCapacity: true) }
    }

    private mutating func closeSubject() throws {
        if open { out.append(contentsOf: Array(" .\n".utf8)) }
        open = false
        try sink.write(out)
        out.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws {
        try closeSubject()
        try sink.flush()
    }
}
