import NewsGraphModel

/// The IRIs of the NewsGraph ontology and of the vocabularies it reuses.
public enum Namespace {
    public static let ng = "https://newsgraph.example.org/ontology#"
    public static let ngt = "https://newsgraph.example.org/ontology/action-type/"
    public static let nga = "https://newsgraph.example.org/ontology/acts#"
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    public static let xsd = "http://www.w3.org/2001/XMLSchema#"
    public static let owl = "http://www.w3.org/2002/07/owl#"
    public static let skos = "http://www.w3.org/2004/02/skos/core#"
    public static let prov = "http://www.w3.org/ns/prov#"
    public static let schema = "https://schema.org/"
    public static let sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"

    /// Prefixes in the order every format declares them.
    public static let prefixes: [(prefix: String, iri: String)] = [
        ("ng", ng), ("ngt", ngt), ("nga", nga), ("rdf", rdf), ("rdfs", rdfs), ("xsd", xsd),
        ("skos", skos), ("prov", prov), ("schema", schema), ("owl", owl), ("sem", sem),
    ]
}

/// An RDF object: an IRI or a literal with an optional datatype (plain strings have none).
public enum RDFObject: Equatable, Sendable {
    case iri(String)
    case literal(String, datatype: String?)
}

/// How the graph model maps onto RDF and GraphML: one place for every property name.
public enum Vocabulary {
    public static let typeIRI = Namespace.rdf + "type"

    /// Asked for every node: an array by `NodeKind.order`, not a hashed lookup.
    public static func classIRI(_ kind: NodeKind) -> String { classIRIs[kind.order] }

    private static let classIRIs = NodeKind.allCases.map { Namespace.ng + $0.rawValue }

    /// The datatypes used for literals.
    public enum Datatype {
        public static let decimal = Namespace.xsd + "decimal"
        public static let integer = Namespace.xsd + "integer"
        public static let boolean = Namespace.xsd + "boolean"
        public static let anyURI = Namespace.xsd + "anyURI"
        public static let date = Namespace.xsd + "date"
        public static let gYearMonth = Namespace.xsd + "gYearMonth"
        public static let gYear = Namespace.xsd + "gYear"
    }

    /// The predicate IRIs, built once: the exporters look each up for every triple.
    enum Predicate {
        static let label = Namespace.rdfs + "label"
        static let altLabel = Namespace.skos + "altLabel"
        static let confidence = Namespace.ng + "confidence"
        static let articleCount = Namespace.ng + "articleCount"
        static let mentionCount = Namespace.ng + "mentionCount"
        static let sameAs = Namespace.schema + "sameAs"
        static let latitude = Namespace.schema + "latitude"
        static let longitude = Namespace.schema + "longitude"
        static let headline = Namespace.schema + "headline"
        static let outlet = Namespace.ng + "outlet"
        static let datePublished = Namespace.schema + "datePublished"
        static let url = Namespace.schema + "url"
        static let sourceName = Namespace.ng + "sourceName"
        static let contentHash = Namespace.ng + "contentHash"
        static let value = Namespace.prov + "value"
        static let startOffset = Namespace.ng + "startOffset"
        static let endOffset = Namespace.ng + "endOffset"
        static let actionType = Namespace.ng + "actionType"
        static let cameoCode = Namespace.ng + "cameoCode"
        static let ploverCategory = Namespace.ng + "ploverCategory"
        static let eventDate = Namespace.ng + "eventDate"
        static let modality = Namespace.ng + "modality"
        static let historical = Namespace.ng + "historical"
        static let relationType = Namespace.ng + "relationType"
        static let role = Namespace.ng + "role"
        static let agent = Namespace.ng + "agent"
        static let target = Namespace.ng + "target"
        static let treaty = Namespace.ng + "treaty"
        static let place = Namespace.ng + "place"
        static let wasAttributedTo = Namespace.prov + "wasAttributedTo"
        static let wasDerivedFrom = Namespace.prov + "wasDerivedFrom"
        static let evidence = Namespace.ng + "evidence"
        static let wasQuotedFrom = Namespace.prov + "wasQuotedFrom"
        static let subject = Namespace.ng + "subject"
        static let object = Namespace.ng + "object"
    }

    /// The RDF predicate and object of a literal property.
    public static func rdf(_ property: NodeProperty) -> (predicate: String, object: RDFObject) {
        switch property {
        case let .label(v): return (Predicate.label, .literal(v, datatype: nil))
        case let .alias(v): return (Predicate.altLabel, .literal(v, datatype: nil))
        case let .confidence(v): return (Predicate.confidence, .literal(decimal(v, digits: 3), datatype: Datatype.decimal))
        case let .articleCount(v): return (Predicate.articleCount, .literal(integer(v), datatype: Datatype.integer))
        case let .mentionCount(v): return (Predicate.mentionCount, .literal(integer(v), datatype: Datatype.integer))
        case let .sameAs(v): return (Predicate.sameAs, .literal(v, datatype: Datatype.anyURI))
        case let .latitude(v): return (Predicate.latitude, .literal(decimal(v, digits: 4), datatype: Datatype.decimal))
        case let .longitude(v): return (Predicate.longitude, .literal(decimal(v, digits: 4), datatype: Datatype.decimal))
        case let .headline(v): return (Predicate.headline, .literal(v, datatype: nil))
        case let .outlet(v): return (Predicate.outlet, .literal(v, datatype: nil))
        case let .published(v): return (Predicate.datePublished, .literal(v, datatype: dateType(v)))
        case let .url(v): return (Predicate.url, .literal(v, datatype: Datatype.anyURI))
        case let .sourceName(v): return (Predicate.sourceName, .literal(v, datatype: nil))
        case let .contentHash(v): return (Predicate.contentHash, .literal("sha256:" + v, datatype: nil))
        case let .text(v): return (Predicate.value, .literal(v, datatype: nil))
        case let .start(v): return (Predicate.startOffset, .literal(integer(v), datatype: Datatype.integer))
        case let .end(v): return (Predicate.endOffset, .literal(integer(v), datatype: Datatype.integer))
        case let .actionType(v): return (Predicate.actionType, .iri(Namespace.ngt + v))
        case let .cameo(v): return (Predicate.cameoCode, .literal(v, datatype: nil))
        case let .plover(v): return (Predicate.ploverCategory, .literal(v, datatype: nil))
        case let .eventDate(v): return (Predicate.eventDate, .literal(v, datatype: dateType(v)))
        case let .modality(v): return (Predicate.modality, .literal(v, datatype: nil))
        case let .historical(v): return (Predicate.historical, .literal(v ? "true" : "false", datatype: Datatype.boolean))
        case let .relationType(v): return (Predicate.relationType, .literal(v, datatype: nil))
        case let .role(v): return (Predicate.role, .literal(v, datatype: nil))
        }
    }

    /// The RDF predicate of a link.
    public static func predicate(_ role: LinkRole) -> String {
        switch role {
        case .agent: return Predicate.agent
        case .target: return Predicate.target
        case .treaty: return Predicate.treaty
        case .place: return Predicate.place
        case .attributedTo: return Predicate.wasAttributedTo
        case .derivedFrom: return Predicate.wasDerivedFrom
        case .evidence: return Predicate.evidence
        case .quotedFrom: return Predicate.wasQuotedFrom
        case .subject: return Predicate.subject
        case .object: return Predicate.object
        case let .state(relation): return Namespace.ng + statePropertyName(relation)
        case let .act(label): return Namespace.nga + label
        }
    }

    /// `memberOf` for `member_of`.
    public static func statePropertyName(_ relation: StateRelation) -> String {
        let parts = relation.rawValue.split(separator: "_")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }

    /// The GraphML edge label (the Neo4j relationship type).
    public static func edgeLabel(_ role: LinkRole) -> String {
        switch role {
        case .agent: return "AGENT"
        case .target: return "TARGET"
        case .treaty: return "TREATY"
        case .place: return "PLACE"
        case .attributedTo: return "ATTRIBUTED_TO"
        case .derivedFrom: return "DERIVED_FROM"
        case .evidence: return "EVIDENCE"
        case .quotedFrom: return "QUOTED_FROM"
        case .subject: return "SUBJECT"
        case .object: return "OBJECT"
        case let .state(relation): return relation.rawValue.uppercased()
        case let .act(label): return label.uppercased()
        }
    }

    /// `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by the shape of the value.
    public static func dateType(_ value: String) -> String {
        switch value.count {
        case 4: return Datatype.gYear
        case 7: return Datatype.gYearMonth
        default: return Datatype.date
        }
    }

    /// A decimal without exponent and without trailing zeros: `0.85`, `35.6895`, `1`.
    public static func decimal(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled != 0
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        // Written on bytes: building it from Strings (zero padding, trailing zeros dropped one
        // at a time) cost ~3,600 instructions a number, every entity's confidence.
        return asciiString(capacity: 24 + max(digits, 20)) { out in
            var count = 0
            if negative { out[count] = 0x2D; count += 1 }
            count += DecimalDigits.write(UInt64(whole), into: UnsafeMutableBufferPointer(rebasing: out[count...]))
            if fraction > 0 {
                out[count] = 0x2E
                count += 1
                // `digits` digits, zero-padded on the left, then trailing zeros dropped (the
                // fraction is not zero, so a digit other than 0 stays).
                var rest = UInt64(fraction)
                for i in stride(from: digits - 1, through: 0, by: -1) {
                    out[count + i] = 0x30 + UInt8(rest % 10)
                    rest /= 10
                }
                count += digits
                while out[count - 1] == 0x30 { count -= 1 }
            }
            return count
        }
    }

    /// An integer in decimal, as `String(value)` writes it, without its generic formatting.
    public static func integer(_ value: Int) -> String {
        asciiString(capacity: 21) { out in
            var count = 0
            if value < 0 { out[0] = 0x2D; count = 1 }
            return count + DecimalDigits.write(UInt64(value.magnitude), into: UnsafeMutableBufferPointer(rebasing: out[count...]))
        }
    }

    /// The ASCII `build` writes into stack room of `capacity` bytes, as a String: one of up to
    /// 15 bytes (every count and offset) is held inline. `String(unsafeUninitializedCapacity:)`
    /// allocates whenever the capacity is over 15, and a number's must be.
    @inline(__always)
    private static func asciiString(capacity: Int, _ build: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { room in
            String(decoding: UnsafeBufferPointer(rebasing: room[..<build(room)]), as: UTF8.self)
        }
    }

    /// Splits a predicate or class IRI into a known prefix and an NCName local part.
    public static func split(_ iri: String) -> (prefix: String, namespace: String, local: String)? {
        for (prefix, namespace) in Namespace.prefixes where iri.hasPrefix(namespace) {
            let local = String(Substring(iri.utf8.dropFirst(namespace.utf8.count)))
            if isNCName(local) { return (prefix, namespace, local) }
        }
        return nil
    }

    /// An NCName of ASCII letters, digits, "_", "-" and "." (what the vocabulary uses).
    public static func isNCName(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        func start(_ c: UInt8) -> Bool { c == 0x5F || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        func rest(_ c: UInt8) -> Bool { start(c) || c == 0x2D || c == 0x2E || (c >= 0x30 && c <= 0x39) }
        return start(first) && s.utf8.dropFirst().allSatisfy(rest)
    }
}
