import NewsGraphModel

/// Writes GraphML that validates against the official XSD and loads in Gephi, Neo4j APOC,
/// networkx and igraph: all keys first, all nodes before all edges (APOC resolves edge
/// endpoints while streaming), NMTOKEN node ids with the IRI in `iri`.
public struct GraphMLWriter {
    static let namespace = "http://graphml.graphdrawing.org/xmlns"

    struct Key {
        let id: String
        let domain: String
        let name: String
        let type: String
    }

    static let nodeKeys: [Key] = [
        Key(id: "node_label", domain: "node", name: "label", type: "string"),
        Key(id: "labels", domain: "node", name: "labels", type: "string"),
        Key(id: "iri", domain: "node", name: "iri", type: "string"),
        Key(id: "type", domain: "node", name: "type", type: "string"),
        Key(id: "aliases", domain: "node", name: "aliases", type: "string"),
        Key(id: "confidence", domain: "node", name: "confidence", type: "double"),
        Key(id: "articleCount", domain: "node", name: "articleCount", type: "int"),
        Key(id: "mentionCount", domain: "node", name: "mentionCount", type: "int"),
        Key(id: "actionType", domain: "node", name: "actionType", type: "string"),
        Key(id: "cameo", domain: "node", name: "cameo", type: "string"),
        Key(id: "plover", domain: "node", name: "plover", type: "string"),
        Key(id: "date", domain: "node", name: "date", type: "string"),
        Key(id: "modality", domain: "node", name: "modality", type: "string"),
        Key(id: "historical", domain: "node", name: "historical", type: "boolean"),
        Key(id: "relation", domain: "node", name: "relation", type: "string"),
        Key(id: "role", domain: "node", name: "role", type: "string"),
        Key(id: "latitude", domain: "node", name: "latitude", type: "double"),
        Key(id: "longitude", domain: "node", name: "longitude", type: "double"),
        Key(id: "sameAs", domain: "node", name: "sameAs", type: "string"),
        Key(id: "title", domain: "node", name: "title", type: "string"),
        Key(id: "outlet", domain: "node", name: "outlet", type: "string"),
        Key(id: "published", domain: "node", name: "published", type: "string"),
        Key(id: "url", domain: "node", name: "url", type: "string"),
        Key(id: "source", domain: "node", name: "source", type: "string"),
        Key(id: "contentHash", domain: "node", name: "contentHash", type: "string"),
        Key(id: "text", domain: "node", name: "text", type: "string"),
        Key(id: "start", domain: "node", name: "start", type: "int"),
        Key(id: "end", domain: "node", name: "end", type: "int"),
        Key(id: "r", domain: "node", name: "r", type: "int"),
        Key(id: "g", domain: "node", name: "g", type: "int"),
        Key(id: "b", domain: "node", name: "b", type: "int"),
    ]

    static let edgeKeys: [Key] = [
        Key(id: "label", domain: "edge", name: "label", type: "string"),
        Key(id: "predicate", domain: "edge", name: "predicate", type: "string"),
        Key(id: "weight", domain: "edge", name: "weight", type: "double"),
    ]

    /// Gephi colours by node type.
    static func color(_ kind: NodeKind) -> (Int, Int, Int) {
        switch kind {
        case .article: return (150, 150, 150)
        case .evidence: return (199, 199, 199)
        case .country: return (31, 119, 180)
        case .organization: return (255, 127, 14)
        case .person: return (44, 160, 44)
        case .place: return (140, 86, 75)
        case .treaty: return (148, 103, 189)
        case .action: return (214, 39, 40)
        case .relation: return (227, 119, 194)
        }
    }

    /// The Neo4j labels of a node type.
    static func neo4jLabels(_ kind: NodeKind) -> String {
        if let type = kind.entityType, type.isActor { return ":Actor:" + kind.rawValue }
        return ":" + kind.rawValue
    }

    /// Sends every element and value through libxml2's writer and escapers, nothing written
    /// ahead (`XMLStreamWriter.escapesEverything`): for tests that compare both.
    var escapesEverything = false

    public init() {}

    public func write(_ graph: some GraphSource, to sink: ByteSink, path: String = "-") throws {
        let xml = try XMLStreamWriter(sink: sink, path: path, format: .graphML)
        xml.escapesEverything = escapesEverything
        try xml.startDocument()
        try xml.startElement("graphml", namespace: GraphMLWriter.namespace)
        try xml.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        try xml.attribute("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
        for key in GraphMLWriter.nodeKeys + GraphMLWriter.edgeKeys {
            try xml.startElement("key")
            try xml.attribute("id", key.id)
            try xml.attribute("for", key.domain)
            try xml.attribute("attr.name", key.name)
            try xml.attribute("attr.type", key.type)
            if key.id == "weight" {
                try xml.element("default", text: "1")
            }
            try xml.endElement()
        }
        try xml.startElement("graph")
        try xml.attribute("id", "newsgraph")
        try xml.attribute("edgedefault", "directed")
        var nodes = NodePass(xml: xml)
        try graph.walk(&nodes, links: false)
        var edges = EdgePass(xml: xml)
        try graph.walk(&edges, links: true)
        try xml.endDocument()
    }

    struct NodePass: GraphVisitor {
        let xml: XMLStreamWriter

        mutating func node(_ node: GraphNode) throws {
            try xml.startElement("node")
            try xml.attribute("id", node.id)
            var aliases: [String] = []
            var sameAs: [String] = []
            var label: String?
            var data: [(String, String)] = []
            for property in node.properties where property.isWritable {
                switch property {
                case let .label(v): label = v
                case let .alias(v): aliases.append(v)
                case let .sameAs(v): sameAs.append(v)
                case let .confidence(v): data.append(("confidence", Vocabulary.decimal(v, digits: 3)))
                case let .articleCount(v): data.append(("articleCount", Vocabulary.integer(v)))
                case let .mentionCount(v): data.append(("mentionCount", Vocabulary.integer(v)))
                case let .latitude(v): data.append(("latitude", Vocabulary.decimal(v, digits: 4)))
                case let .longitude(v): data.append(("longitude", Vocabulary.decimal(v, digits: 4)))
                case let .headline(v): data.append(("title", v))
                case let .outlet(v): data.append(("outlet", v))
                case let .published(v): data.append(("published", v))
                case let .url(v): data.append(("url", v))
                case let .sourceName(v): data.append(("source", v))
                case let .contentHash(v): data.append(("contentHash", "sha256:" + v))
                case let .text(v): data.append(("text", v))
                case let .start(v): data.append(("start", Vocabulary.integer(v)))
                case let .end(v): data.append(("end", Vocabulary.integer(v)))
                case let .actionType(v): data.append(("actionType", v))
                case let .cameo(v): data.append(("cameo", v))
                case let .plover(v): data.append(("plover", v))
                case let .eventDate(v): data.append(("date", v))
                case let .modality(v): data.append(("modality", v))
                case let .historical(v): data.append(("historical", v ? "true" : "false"))
                case let .relationType(v): data.append(("relation", v))
                case let .role(v): data.append(("role", v))
                }
            }
            try xml.element("data", text: label ?? node.id, attributes: [("key", "node_label")])
            try xml.element("data", text: GraphMLWriter.neo4jLabels(node.kind), attributes: [("key", "labels")])
            try xml.element("data", text: IRIText.clean(node.iri), attributes: [("key", "iri")])
            try xml.element("data", text: node.kind.rawValue, attributes: [("key", "type")])
            if !aliases.isEmpty { try xml.element("data", text: aliases.joined(separator: " | "), attributes: [("key", "aliases")]) }
            if !sameAs.isEmpty { try xml.element("data", text: sameAs.joined(separator: " | "), attributes: [("key", "sameAs")]) }
            for (key, value) in data where !XMLText.isEmptyAfterCleaning(value) {
                try xml.element("data", text: value, attributes: [("key", key)])
            }
            let (r, g, b) = GraphMLWriter.color(node.kind)
            try xml.element("data", text: String(r), attributes: [("key", "r")])
            try xml.element("data", text: String(g), attributes: [("key", "g")])
            try xml.element("data", text: String(b), attributes: [("key", "b")])
            try xml.endElement()
        }

        mutating func link(_ link: GraphLink) throws {}
    }

    struct EdgePass: GraphVisitor {
        let xml: XMLStreamWriter
        var source = ""
        var count = 0
        static var linkTargetNames: LinkTargetNames { .id }

        mutating func node(_ node: GraphNode) throws { source = node.id }

        mutating func link(_ link: GraphLink) throws {
            count += 1
            try xml.startElement("edge")
            try xml.attribute("id", "e\(count)")
            try xml.attribute("source", source)
            try xml.attribute("target", link.targetID)
            try xml.element("data", text: Vocabulary.edgeLabel(link.role), attributes: [("key", "label")])
            try xml.element("data", text: Vocabulary.predicate(link.role), attributes: [("key", "predicate")])
            try xml.element("data", text: Vocabulary.decimal(link.weight, digits: 3), attributes: [("key", "weight")])
            try xml.endElement()
        }
    }
}
