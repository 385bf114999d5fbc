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

    mutating func begin() throws {
        try xml.startDocument()
        try xml.startElement("rdf:RDF")
        for (prefix, iri) in Namespace.prefixes { try xml.attribute("xmlns:\(prefix)", iri) }
    }

    mutating func subject(_ iri: String, type: String) throws {
        if open { try xml.endElement() }
        try xml.startElement(try qname(type))
        try xml.attribute("rdf:about", iri)
        open = true
    }

    mutating func triple(_ predicate: String, _ object: RDFObject) throws {
        switch object {
        case let .iri(iri):
            try xml.startElement(try qname(predicate))
            try xml.attribute("rdf:resource", iri)
            try xml.endElement()
        case let .literal(value, datatype):
            try triple(predicate, cleanLiteral: XMLText.clean(value), datatype: datatype)
        }
    }

    mutating func triple(_ predicate: String, cleanLiteral value: String, datatype: String?) throws {
        try xml.startElement(try qname(predicate))
        if let datatype { try xml.attribute("rdf:datatype", datatype) }
        try xml.text(cleanValue: value)
        try xml.endElement()
    }

    mutating func finish() throws {
        if open { try xml.endElement() }
        try xml.endDocument()
    }
}
