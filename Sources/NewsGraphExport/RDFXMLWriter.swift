import NewsGraphModel

/// RDF/XML through libxml2: one typed element per subject (`<ng:Country rdf:about=…>`), every
/// prefix declared on `rdf:RDF`, absolute IRIs, full datatype IRIs.
struct RDFXMLStreamWriter: RDFStreamWriter {
    let xml: XMLStreamWriter
    let path: String
    var open = false
    /// Predicates and classes are few; each is split into prefix and local name once. A
    /// `WordMap`, as every triple looks its predicate up (SipHash cost ~700 instructions a triple).
    var qnames = WordMap<String>()

    init(sink: ByteSink, path: String) throws {
        self.path = path
        xml = try XMLStreamWriter(sink: sink, path: path, format: .rdfXML)
    }

    /// Element names by a small fixed number instead of the predicate's hash: the literal
    /// properties by `NodeProperty.slot`, then the fixed link roles (`fixedRoleIndex`).
    var slotNames = [String?](repeating: nil, count: NodeProperty.slotCount + RDFXMLStreamWriter.fixedRoles)

    /// `qname(iri())`, kept at `slot` when there is one (the predicate is then fixed by it).
    private mutating func qname(_ iri: @autoclosure () -> String, slot: Int?) throws -> String {
        guard let slot else { return try qname(iri()) }
        if let known = slotNames[slot] { return known }
        let name = try qname(iri())
        slotNames[slot] = name
        return name
    }

    private mutating func qname(_ iri: String) throws -> String {
        if let known = qnames[iri] { return known }
        guard let (prefix, _, local) = Vocabulary.split(iri) else {
            throw ExportError(path: path, format: .rdfXML,
                              message: "the property <\(iri)> cannot be written as an XML element name (it does not end in an NCName)")
        }
        let name = prefix + ":" + local
        if qnames.count < 4096 { qnames[iri] = name }
        return name
    }

    static let fixedRoles = 10

    static func fixedRoleIndex(_ role: LinkRole) -> Int? {
        switch role {
        case .agent: return 0
        case .target: return 1
        case .treaty: return 2
        case .place: return 3
        case .attributedTo: return 4
        case .derivedFrom: return 5
        case .evidence: return 6
        case .quotedFrom: return 7
        case .subject: return 8
        case .object: return 9
        case .state, .act: return nil
        }
    }

    mutating func link(_ role: LinkRole, cleanIRI iri: String) throws {
        try xml.leaf(try linkName(role), attribute: "rdf:resource", value: iri, text: nil)
    }

    mutating func link(_ role: LinkRole, rawIRI iri: String) throws {
        guard IRIText.isPlainInXMLAttribute(iri) else { return try link(role, cleanIRI: IRIText.clean(iri)) }
        let name = try linkName(role)
        try iri.withUTF8Bytes { try xml.leaf(name, attribute: "rdf:resource", plainValue: $0) }
    }

    mutating func link(_ role: LinkRole, lentRawIRI iri: LentBytes) throws {
        guard IRIText.isPlainInXMLAttribute(iri.bytes) else { return try link(role, rawIRI: iri.string) }
        try xml.leaf(try linkName(role), attribute: "rdf:resource", plainValue: iri.bytes)
    }

    @inline(__always) private mutating func linkName(_ role: LinkRole) throws -> String {
        try qname(Vocabulary.predicate(role), slot: RDFXMLStreamWriter.fixedRoleIndex(role).map { NodeProperty.slotCount + $0 })
    }

    mutating func begin() throws {
        try xml.startDocument()
        try xml.startElement("rdf:RDF")
        for (prefix, iri) in Namespace.prefixes { try xml.attribute("xmlns:\(prefix)", iri) }
    }

    /// The last subject's type and its element name: nodes come grouped by kind.
    var lastType: (iri: String, name: String)?

    mutating func subject(_ iri: String, type: String) throws {
        try subject(iri, type: type, plain: false)
    }

    mutating func subject(lentRawIRI iri: LentBytes, type: String) throws {
        guard IRIText.isPlainInXMLAttribute(iri.bytes) else { return try subject(rawIRI: iri.string, type: type) }
        try startSubject(type: type)
        try xml.attribute("rdf:about", plainValue: iri.bytes)
        open = true
    }

    mutating func subject(rawIRI iri: String, type: String) throws {
        if IRIText.isPlainInXMLAttribute(iri) {
            try subject(iri, type: type, plain: true)
        } else {
            try subject(IRIText.clean(iri), type: type, plain: false)
        }
    }

    private mutating func subject(_ iri: String, type: String, plain: Bool) throws {
        try startSubject(type: type)
        if plain {
            try xml.attribute("rdf:about", plainValue: iri)
        } else {
            try xml.attribute("rdf:about", iri)
        }
        open = true
    }

    /// Ends the subject before and starts the element of this one's type.
    private mutating func startSubject(type: String) throws {
        if open { try xml.endElement() }
        let name: String
        if let lastType, lastType.iri.hasSameBytes(as: type) {
            name = lastType.name
        } else {
            name = try qname(type)
            lastType = (type, name)
        }
        try xml.startElement(name)
    }

    mutating func triple(_ predicate: String, _ object: RDFObject) throws {
        switch object {
        case let .iri(iri):
            try xml.leaf(try qname(predicate), attribute: "rdf:resource", value: iri, text: nil)
        case let .literal(value, datatype):
            try triple(predicate, literal: value, datatype: datatype, slot: nil)
        }
    }

    /// Literal leaves' tags by `NodeProperty.slot`, with the datatype they were built for.
    var literalTags = [LeafTags?](repeating: nil, count: NodeProperty.slotCount)

    mutating func triple(_ predicate: String, literal value: String, datatype: String?, slot: Int?) throws {
        let name = try qname(predicate, slot: slot)
        if let slot {
            if let tags = literalTags[slot], tags.fit(datatype) { return try xml.leaf(tags, text: value) }
            if let tags = LeafTags(name, attribute: datatype == nil ? nil : "rdf:datatype", value: datatype) {
                literalTags[slot] = tags
                return try xml.leaf(tags, text: value)
            }
        }
        if let datatype {
            try xml.leaf(name, attribute: "rdf:datatype", value: datatype, text: value)
        } else {
            try xml.leaf(name, text: value)
        }
    }


    mutating func finish() throws {
        if open { try xml.endElement() }
        try xml.endDocument()
    }
}
