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

    public static func classIRI(_ kind: NodeKind) -> String { Namespace.ng + kind.rawValue }

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

    /// The RDF predicate and object of a literal property.
    public static func rdf(_ property: NodeProperty) -> (predicate: String, object: RDFObject) {
        switch property {
        case let .label(v): return (Namespace.rdfs + "label", .literal(v, datatype: nil))
        case let .alias(v): return (Namespace.skos + "altLabel", .literal(v, datatype: nil))
        case let .confidence(v): return (Namespace.ng + "confidence", .literal(decimal(v, digits: 3), datatype: Datatype.decimal))
        case let .articleCount(v): return (Namespace.ng + "articleCount", .literal(String(v), datatype: Datatype.integer))
        case let .mentionCount(v): return (Namespace.ng + "mentionCount", .literal(String(v), datatype: Datatype.integer))
        case let .sameAs(v): return (Namespace.schema + "sameAs", .literal(v, datatype: Datatype.anyURI))
        case let .latitude(v): return (Namespace.schema + "latitude", .literal(decimal(v, digits: 4), datatype: Datatype.decimal))
        case let .longitude(v): return (Namespace.schema + "longitude", .literal(decimal(v, digits: 4), datatype: Datatype.decimal))
        case let .headline(v): return (Namespace.schema + "headline", .literal(v, datatype: nil))
        case let .outlet(v): return (Namespace.ng + "outlet", .literal(v, datatype: nil))
        case let .published(v): return (Namespace.schema + "datePublished", .literal(v, datatype: dateType(v)))
        case let .url(v): return (Namespace.schema + "url", .literal(v, datatype: Datatype.anyURI))
        case let .sourceName(v): return (Namespace.ng + "sourceName", .literal(v, datatype: nil))
        case let .contentHash(v): return (Namespace.ng + "contentHash", .literal("sha256:" + v, datatype: nil))
        case let .text(v): return (Namespace.prov + "value", .literal(v, datatype: nil))
        case let .start(v): return (Namespace.ng + "startOffset", .literal(String(v), datatype: Datatype.integer))
        case let .end(v): return (Namespace.ng + "endOffset", .literal(String(v), datatype: Datatype.integer))
        case let .actionType(v): return (Namespace.ng + "actionType", .iri(Namespace.ngt + v))
        case let .cameo(v): return (Namespace.ng + "cameoCode", .literal(v, datatype: nil))
        case let .plover(v): return (Namespace.ng + "ploverCategory", .literal(v, datatype: nil))
        case let .eventDate(v): return (Namespace.ng + "eventDate", .literal(v, datatype: dateType(v)))
        case let .modality(v): return (Namespace.ng + "modality", .literal(v, datatype: nil))
        case let .historical(v): return (Namespace.ng + "historical", .literal(v ? "true" : "false", datatype: Datatype.boolean))
        case let .relationType(v): return (Namespace.ng + "relationType", .literal(v, datatype: nil))
        case let .role(v): return (Namespace.ng + "role", .literal(v, datatype: nil))
        }
    }

    /// The RDF predicate of a link.
    public static func predicate(_ role: LinkRole) -> String {
        switch role {
        case .agent: return Namespace.ng + "agent"
        case .target: return Namespace.ng + "target"
        case .treaty: return Namespace.ng + "treaty"
        case .place: return Namespace.ng + "place"
        case .attributedTo: return Namespace.prov + "wasAttributedTo"
        case .derivedFrom: return Namespace.prov + "wasDerivedFrom"
        case .evidence: return Namespace.ng + "evidence"
        case .quotedFrom: return Namespace.prov + "wasQuotedFrom"
        case .subject: return Namespace.ng + "subject"
        case .object: return Namespace.ng + "object"
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
        var fraction = Int64(scaled - Double(whole) * scale)
        var text = String(whole)
        if fraction > 0 {
            var digitsText = String(fraction)
            digitsText = String(repeating: "0", count: digits - digitsText.count) + digitsText
            while digitsText.hasSuffix("0") { digitsText.removeLast() }
            text += "." + digitsText
            fraction = 0
        }
        return negative ? "-" + text : text
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
