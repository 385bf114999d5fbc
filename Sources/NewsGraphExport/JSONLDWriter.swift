import NewsGraphModel

/// JSON-LD 1.1 with the `@context` inline (a remote context breaks offline loading), a flat
/// `@graph` of node objects, and typed values written as strings under coerced terms so
/// every processor gives the same triples as the RDF/XML.
struct JSONLDStreamWriter: RDFStreamWriter {
    let sink: ByteSink
    var out: [UInt8] = []
    var firstNode = true
    var lastPredicate: String?
    /// The term of `lastPredicate`: a node's values of one predicate come together.
    var lastTerm: Term?
    /// The last node type and its JSON string: nodes come grouped by kind.
    var lastType = ""
    var lastTypeQuoted: [UInt8] = []
    var arrayOpen = false

    /// Every predicate the vocabulary uses, with its JSON term and the coercion of its values.
    static let terms: [(predicate: String, term: String, coercion: String?)] = [
        (Vocabulary.Predicate.label, "label", nil),
        (Vocabulary.Predicate.altLabel, "altLabel", nil),
        (Vocabulary.Predicate.confidence, "confidence", "xsd:decimal"),
        (Vocabulary.Predicate.articleCount, "articleCount", "xsd:integer"),
        (Vocabulary.Predicate.mentionCount, "mentionCount", "xsd:integer"),
        (Vocabulary.Predicate.sameAs, "sameAs", "xsd:anyURI"),
        (Vocabulary.Predicate.latitude, "latitude", "xsd:decimal"),
        (Vocabulary.Predicate.longitude, "longitude", "xsd:decimal"),
        (Vocabulary.Predicate.headline, "headline", nil),
        (Vocabulary.Predicate.outlet, "outlet", nil),
        (Vocabulary.Predicate.datePublished, "datePublished", "xsd:date"),
        (Vocabulary.Predicate.url, "url", "xsd:anyURI"),
        (Vocabulary.Predicate.sourceName, "sourceName", nil),
        (Vocabulary.Predicate.contentHash, "contentHash", nil),
        (Vocabulary.Predicate.value, "value", nil),
        (Vocabulary.Predicate.startOffset, "startOffset", "xsd:integer"),
        (Vocabulary.Predicate.endOffset, "endOffset", "xsd:integer"),
        (Vocabulary.Predicate.actionType, "actionType", "@id"),
        (Vocabulary.Predicate.cameoCode, "cameoCode", nil),
        (Vocabulary.Predicate.ploverCategory, "ploverCategory", nil),
        (Vocabulary.Predicate.eventDate, "eventDate", "xsd:date"),
        (Vocabulary.Predicate.modality, "modality", nil),
        (Vocabulary.Predicate.historical, "historical", "xsd:boolean"),
        (Vocabulary.Predicate.relationType, "relationType", nil),
        (Vocabulary.Predicate.role, "role", nil),
        (Vocabulary.Predicate.agent, "agent", "@id"),
        (Vocabulary.Predicate.target, "target", "@id"),
        (Vocabulary.Predicate.treaty, "treaty", "@id"),
        (Vocabulary.Predicate.place, "place", "@id"),
        (Vocabulary.Predicate.wasAttributedTo, "wasAttributedTo", "@id"),
        (Vocabulary.Predicate.wasDerivedFrom, "wasDerivedFrom", "@id"),
        (Vocabulary.Predicate.evidence, "evidence", "@id"),
        (Vocabulary.Predicate.wasQuotedFrom, "wasQuotedFrom", "@id"),
        (Vocabulary.Predicate.subject, "subject", "@id"),
        (Vocabulary.Predicate.object, "object", "@id"),
    ] + StateRelation.allCases.map { (Namespace.ng + Vocabulary.statePropertyName($0), Vocabulary.statePropertyName($0), "@id") }

    /// A known predicate: its term already quoted, its coercion, and the coercion with `xsd:`
    /// expanded (a literal of that datatype is written as a bare string; "@id" matches none).
    struct Term {
        var quoted: [UInt8]
        var coercion: String?
        var datatype: String?
        /// Values are node references written as bare strings.
        var coercedToID: Bool
    }

    static let termByPredicate: WordMap<Term> = terms.reduce(into: WordMap<Term>()) { map, entry in
        var quoted: [UInt8] = []
        JSONText.append(entry.term, to: &quoted)
        let datatype = entry.coercion.map { $0.replacingPrefix("xsd:", with: Namespace.xsd) }
        map[entry.predicate] = Term(quoted: quoted, coercion: entry.coercion, datatype: datatype, coercedToID: entry.coercion == "@id")
    }

    // The fixed pieces of the output, as bytes once (the writer appends them millions of times).
    static let firstNodeStart = Array("\n    {\"@id\": ".utf8)
    static let nodeStart = Array(",\n    {\"@id\": ".utf8)
    static let typeKey = Array(", \"@type\": ".utf8)
    static let valueSeparator = Array(", ".utf8)
    static let predicateStart = Array(",\n     ".utf8)
    static let arrayStart = Array(": [".utf8)
    static let idObjectStart = Array("{\"@id\": ".utf8)
    static let valueObjectStart = Array("{\"@value\": ".utf8)

    init(sink: ByteSink) { self.sink = sink }

    mutating func begin() throws {
        var context: [String] = ["\"@version\": 1.1"]
        for (prefix, iri) in Namespace.prefixes { context.append("\(JSONText.quote(prefix)): \(JSONText.quote(iri))") }
        for kind in NodeKind.allCases { context.append("\(JSONText.quote(kind.rawValue)): \(JSONText.quote("ng:" + kind.rawValue))") }
        for (predicate, term, coercion) in JSONLDStreamWriter.terms {
            let id = Vocabulary.split(predicate).map { "\($0.prefix):\($0.local)" } ?? predicate
            if let coercion {
                context.append("\(JSONText.quote(term)): {\"@id\": \(JSONText.quote(id)), \"@type\": \(JSONText.quote(coercion))}")
            } else {
                context.append("\(JSONText.quote(term)): \(JSONText.quote(id))")
            }
        }
        try sink.write("{\n  \"@context\": {\n    " + context.joined(separator: ",\n    ") + "\n  },\n  \"@graph\": [")
    }

    mutating func subject(_ iri: String, type: String) throws {
        try closeNode()
        out.append(contentsOf: firstNode ? JSONLDStreamWriter.firstNodeStart : JSONLDStreamWriter.nodeStart)
        firstNode = false
        JSONText.append(iri, to: &out)
        out.append(contentsOf: JSONLDStreamWriter.typeKey)
        if type != lastType {
            let local = type.hasPrefix(Namespace.ng) ? String(Substring(type.utf8.dropFirst(Namespace.ng.utf8.count))) : type
            lastTypeQuoted.removeAll(keepingCapacity: true)
            JSONText.append(local, to: &lastTypeQuoted)
            lastType = type
        }
        out.append(contentsOf: lastTypeQuoted)
        lastPredicate = nil
    }

    mutating func triple(_ predicate: String, _ object: RDFObject) throws {
        let repeated = predicate == lastPredicate
        let known = repeated ? lastTerm : JSONLDStreamWriter.termByPredicate[predicate]
        if repeated {
            out.append(contentsOf: JSONLDStreamWriter.valueSeparator)
        } else {
            closeArray()
            out.append(contentsOf: JSONLDStreamWriter.predicateStart)
            if let known {
                out.append(contentsOf: known.quoted)
            } else {
                JSONText.append(Vocabulary.split(predicate).map { "\($0.prefix):\($0.local)" } ?? predicate, to: &out)
            }
            out.append(contentsOf: JSONLDStreamWriter.arrayStart)
            arrayOpen = true
            lastPredicate = predicate
            lastTerm = known
        }
        switch object {
        case let .iri(iri):
            if known?.coercedToID == true {
                JSONText.append(iri, to: &out)
            } else {
                out.append(contentsOf: JSONLDStreamWriter.idObjectStart)
                JSONText.append(iri, to: &out)
                out.append(0x7D)
            }
        case let .literal(value, datatype):
            if datatype == known?.datatype || (datatype == nil && known != nil && known?.coercion == nil) {
                JSONText.append(value, to: &out)
            } else {
                out.append(contentsOf: JSONLDStreamWriter.valueObjectStart)
                JSONText.append(value, to: &out)
                if let datatype {
                    out.append(contentsOf: JSONLDStreamWriter.typeKey)
                    JSONText.append(datatype, to: &out)
                }
                out.append(0x7D)
            }
        }
        if out.count > 1 << 16 { try sink.write(out); out.removeAll(keepingCapacity: true) }
    }

    private mutating func closeArray() {
        if arrayOpen { out.append(0x5D) }
        arrayOpen = false
    }

    private mutating func closeNode() throws {
        if !firstNode {
            closeArray()
            out.append(0x7D)
        }
        if out.count > 1 << 16 { try sink.write(out); out.removeAll(keepingCapacity: true) }
    }

    mutating func finish() throws {
        try closeNode()
        try sink.write(out)
        out.removeAll()
        try sink.write("\n  ]\n}\n")
        try sink.flush()
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + Substring(utf8.dropFirst(prefix.utf8.count)) : self
    }
}

/// JSON string escaping (RFC 8259 §7). Hand-written because the writer streams millions of
/// values and a per-value JSONEncoder call costs more than the rest of the export.
enum JSONText {
    static func append(_ s: String, to out: inout [UInt8]) {
        RDFText.appendQuoted(s, to: &out, escapingDelete: false)
    }

    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
