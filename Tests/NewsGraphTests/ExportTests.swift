import Foundation
@testable import NewsGraphExport
import NewsGraphModel
import Testing

/// A graph built to break writers: every awkward character a label, alias or evidence can hold.
enum TortureGraph {
    static let nasty: [String] = [
        "< > & \" ' \\ all of them",
        "line one\nline two\r\nline three\ttabbed",
        String((1...0x1F).map { Character(Unicode.Scalar($0)!) }) + "controls",
        "emoji 🇯🇵🤝🇷🇺 and ZWJ 👩‍👩‍👧",
        "right-to-left: طوكيو وموسكو, עברית",
        "combining: e\u{301} a\u{308} Z\u{327}\u{30C}",
        "\u{FFFE}\u{FFFF} noncharacters",
        "{curly} |pipe| ^caret^ `backtick`",
    ]

    static func build() throws -> MemoryGraph {
        let minter = try IRIMinter()
        var graph = MemoryGraph()
        let hash = SHA256.hex(Array("torture".utf8))
        let article = GraphNode(iri: minter.article(hash), id: IRIMinter.articleNodeID(hash), kind: .article, properties: [
            .label("Torture <test> & \"quotes\""), .headline(nasty[1]), .outlet(nasty[0]), .published("2022-03"),
            .url("https://example.org/a%20b?x=1&y=2"), .sourceName("weird name/with slash.txt"), .contentHash(hash),
        ])
        graph.add(article)
        let long = String(repeating: "x", count: 100_000) + " end"
        var evidenceNodes: [GraphNode] = []
        for (i, text) in (nasty + [long]).enumerated() {
            let node = GraphNode(iri: minter.evidence(article: hash, start: i * 10, end: i * 10 + 5),
                                 id: IRIMinter.evidenceNodeID(article: hash, start: i * 10, end: i * 10 + 5), kind: .evidence,
                                 properties: [.label(String(text.prefix(50))), .text(text), .start(i * 10), .end(i * 10 + 5)])
            graph.add(node)
            graph.link(node, GraphLink(role: .quotedFrom, targetIRI: article.iri, targetID: article.id))
            evidenceNodes.append(node)
        }
        var entities: [GraphNode] = []
        for (i, name) in (nasty + ["Name With Spaces / And Slashes", "習近平", long]).enumerated() {
            let type = EntityType.allCases[i % EntityType.allCases.count]
            let key = EntityKey(type: type, slug: Slug.make(name + "\(i)"))
            var properties: [NodeProperty] = [.label(name), .alias(name), .alias("alias \(i)"), .confidence(0.8567),
                                              .articleCount(1), .mentionCount(2), .sameAs("http://www.wikidata.org/entity/Q\(i + 1)")]
            if type == .place { properties += [.latitude(35.6895), .longitude(-139.6917)] }
            let node = GraphNode(iri: minter.entity(key), id: IRIMinter.nodeID(key), kind: NodeKind(type), properties: properties)
            graph.add(node)
            graph.link(node, GraphLink(role: .derivedFrom, targetIRI: article.iri, targetID: article.id))
            graph.link(node, GraphLink(role: .evidence, targetIRI: evidenceNodes[i % evidenceNodes.count].iri, targetID: evidenceNodes[i % evidenceNodes.count].id))
            entities.append(node)
        }
        let actors = entities.filter { $0.kind == .person || $0.kind == .country || $0.kind == .organization }
        let treaty = entities.first { $0.kind == .treaty }!
        let place = entities.first { $0.kind == .place }!
        let actionKey = IRIMinter.hashKey(["torture", "action"])
        let action = GraphNode(iri: minter.action(actionKey), id: IRIMinter.actionNodeID(actionKey), kind: .action, properties: [
            .label(nasty[0]), .actionType("halt_talks"), .cameo("0164"), .plover("REJECT"), .eventDate("2022-03-21"),
            .modality("announced"), .historical(false), .confidence(0.9), .articleCount(1), .mentionCount(1),
        ])
        graph.add(action)
        graph.link(action, GraphLink(role: .agent, targetIRI: actors[0].iri, targetID: actors[0].id))
        graph.link(action, GraphLink(role: .target, targetIRI: actors[1].iri, targetID: actors[1].id))
        graph.link(action, GraphLink(role: .treaty, targetIRI: treaty.iri, targetID: treaty.id))
        graph.link(action, GraphLink(role: .place, targetIRI: place.iri, targetID: place.id))
        graph.link(action, GraphLink(role: .derivedFrom, targetIRI: article.iri, targetID: article.id))
        graph.link(action, GraphLink(role: .evidence, targetIRI: evidenceNodes[0].iri, targetID: evidenceNodes[0].id))
        graph.link(actors[0], GraphLink(role: .act("halt_talks"), targetIRI: actors[1].iri, targetID: actors[1].id, weight: 3))
        let relationKey = IRIMinter.hashKey(["torture", "relation"])
        let relation = GraphNode(iri: minter.relation(relationKey), id: IRIMinter.relationNodeID(relationKey), kind: .relation, properties: [
            .label("member"), .relationType("member_of"), .role(nasty[2]), .confidence(0.5), .articleCount(1), .mentionCount(1),
        ])
        graph.add(relation)
        graph.link(relation, GraphLink(role: .subject, targetIRI: actors[0].iri, targetID: actors[0].id))
        graph.link(relation, GraphLink(role: .object, targetIRI: actors[2].iri, targetID: actors[2].id))
        graph.link(relation, GraphLink(role: .derivedFrom, targetIRI: article.iri, targetID: article.id))
        graph.link(relation, GraphLink(role: .evidence, targetIRI: evidenceNodes[1].iri, targetID: evidenceNodes[1].id))
        graph.link(actors[0], GraphLink(role: .state(.memberOf), targetIRI: actors[2].iri, targetID: actors[2].id))
        return graph
    }
}

@Suite struct ExportTests {
    func render(_ graph: some GraphSource, _ format: GraphFormat) throws -> [UInt8] {
        let sink = MemorySink()
        try Exporter.write(graph, as: format, to: sink)
        return sink.bytes
    }

    @Test func tortureGraphMLIsValidAgainstTheXSD() throws {
        let xml = try render(try TortureGraph.build(), .graphML)
        let errors = XMLValidation.validateXML(xml, schemaPath: TestPaths.fixture("graphml/graphml.xsd"))
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    @Test func tortureRDFXMLIsWellFormedAndCarriesNoIllegalCharacters() throws {
        let xml = try render(try TortureGraph.build(), .rdfXML)
        #expect(XMLValidation.wellFormed(xml) == nil)
        let text = String(decoding: xml, as: UTF8.self)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        #expect(!text.contains("&#1;"))
        #expect(text.contains("&lt; &gt; &amp;"))
    }

    @Test func nTriplesEscapeEveryLiteral() throws {
        let text = String(decoding: try render(try TortureGraph.build(), .nTriples), as: UTF8.self)
        for line in text.split(separator: "\n") {
            #expect(line.hasSuffix(" ."))
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        }
        #expect(text.contains("line one\\nline two\\r\\nline three\\ttabbed"))
        #expect(text.contains("\"0164\""))
    }

    @Test func jsonLDIsJSONWithAnInlineContext() throws {
        let bytes = try render(try TortureGraph.build(), .jsonLD)
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let context = object?["@context"] as? [String: Any]
        #expect(context?["ng"] as? String == Namespace.ng)
        let nodes = (object?["@graph"] as? [Any])?.count ?? 0
        #expect(nodes == 23)
    }

    /// Values with nothing to escape skip libxml2's escapers: the bytes must be those the
    /// escapers write, for every ASCII character and a sample beyond, at every offset of the
    /// eight-byte scan, in text and in attributes, with the writer's indentation.
    @Test func rawValuesAreWrittenAsLibxml2EscapesThem() throws {
        var values: [String] = [""]
        let specials = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) }
            + ["é", "\u{85}", "\u{A0}", "\u{2028}", "日本", "🇯🇵", "\u{FFFD}", "e\u{301}"]
        for special in specials {
            for offset in 0...9 {
                values.append(String(repeating: "a", count: offset) + special + String(repeating: "b", count: 9 - offset))
            }
            values.append(special)
        }
        var generator = SeededGenerator(seed: 11)
        let alphabet = ["a", "Z", "0", " ", "/", ":", "#", "%", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "\u{7F}", "é", "日", "🤝"]
        for _ in 0..<500 {
            let length = Int(generator.next() % 24)
            values.append((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined())
        }
        func write(escapingEverything: Bool) throws -> [UInt8] {
            let sink = MemorySink()
            let xml = try XMLStreamWriter(sink: sink, path: "-", format: .rdfXML)
            xml.escapesEverything = escapingEverything
            try xml.startDocument()
            try xml.startElement("root")
            for value in values.map(XMLText.clean) {
                try xml.startElement("node")
                try xml.attribute("about", cleanValue: value)
                try xml.startElement("text")
                try xml.attribute("datatype", cleanValue: value)
                try xml.text(cleanValue: value)
                try xml.endElement()
                try xml.startElement("link")
                try xml.attribute("resource", cleanValue: value)
                try xml.endElement()
                try xml.element("plain", text: value)
                try xml.endElement()
            }
            try xml.endElement()
            try xml.endDocument()
            return sink.bytes
        }
        let raw = try write(escapingEverything: false)
        let escaped = try write(escapingEverything: true)
        let same = raw == escaped
        #expect(same)
        if !same, let offset = raw.indices.first(where: { $0 >= escaped.count || raw[$0] != escaped[$0] }) {
            Issue.record("first difference at byte \(offset): \(String(decoding: raw[max(0, offset - 60)..<min(raw.count, offset + 40)], as: UTF8.self).debugDescription) vs \(String(decoding: escaped[max(0, offset - 60)..<min(escaped.count, offset + 40)], as: UTF8.self).debugDescription)")
        }
        #expect(XMLValidation.wellFormed(raw) == nil)
    }

    @Test func everyFormatIsByteIdenticalAcrossRuns() throws {
        for format in GraphFormat.allCases {
            let first = try render(try TortureGraph.build(), format)
            let second = try render(try TortureGraph.build(), format)
            #expect(first == second, "\(format)")
        }
    }

    @Test func nodesComeBeforeEdgesInGraphML() throws {
        let text = String(decoding: try render(try TortureGraph.build(), .graphML), as: UTF8.self)
        let lastNode = text.range(of: "<node ", options: .backwards)!
        let firstEdge = text.range(of: "<edge ")!
        #expect(lastNode.lowerBound < firstEdge.lowerBound)
        #expect(!text.contains("weight\">0<"))
    }

    @Test func atomicFilesLeaveNoPartialOutput() throws {
        let dir = try TestPaths.temporaryDirectory()
        let path = dir + "/graph.nt"
        try "previous".write(toFile: path, atomically: true, encoding: .utf8)
        struct Failing: GraphSource {
            func walk<V: GraphVisitor>(_ visitor: inout V, links: Bool) throws {
                try visitor.node(GraphNode(iri: "https://example.org/id/a", id: "a", kind: .article, properties: [.label("a")]))
                throw ExportError(path: "-", message: "interrupted")
            }
        }
        #expect(throws: ExportError.self) { try Exporter.write(Failing(), as: .nTriples, toFile: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["graph.nt"])
    }

    @Test func exportToAMissingFolderNamesIt() {
        #expect(throws: ExportError.self) { try Exporter.write(MemoryGraph(), as: .turtle, toFile: "/nonexistent/dir/graph.ttl") }
    }

    @Test func formatsKnowTheirNames() {
        #expect(GraphFormat(name: "ttl") == .turtle)
        #expect(GraphFormat(name: "application/rdf+xml") == .rdfXML)
        #expect(GraphFormat(name: "text/turtle; charset=utf-8") == .turtle)
        #expect(GraphFormat(name: "JSON-LD") == .jsonLD)
        #expect(GraphFormat(name: "nt") == .nTriples)
        #expect(GraphFormat(name: "docx") == nil)
    }

    @Test func decimalsHaveNoExponent() {
        #expect(Vocabulary.decimal(0.85, digits: 3) == "0.85")
        #expect(Vocabulary.decimal(1, digits: 3) == "1")
        #expect(Vocabulary.decimal(-139.69171, digits: 4) == "-139.6917")
        #expect(Vocabulary.decimal(0.00001, digits: 3) == "0")
        #expect(Vocabulary.decimal(1e-300, digits: 4) == "0")
    }

    /// ASCII IRIs take a byte path, the others a character path: both follow the same rules.
    @Test func absoluteIRIsAreCheckedAlikeWithAndWithoutNonASCII() {
        let cases: [(String, Bool)] = [
            ("https://example.org/a%20b?x=1&y=2", true), ("HTTP://Example.org/", true), ("urn:isbn:0451450523", true),
            ("mailto:a@b.org", true), ("tag:x.org,2024:a", true), ("http://a", true), ("h+t://a", false),
            ("ftp://a", false), ("1http://a", false), (":x", false), ("http:/a", false),
            ("https:///a", false), ("http://?a", false), ("http://#a", false), ("http://a%4", false), ("http://a%4g", false),
            ("http://a b", false), ("http://a\r\nb", false), ("http://a<b", false), ("http://a\u{7F}", false),
        ]
        for (iri, valid) in cases {
            #expect(TypedValue.isAbsoluteIRI(iri) == valid, "\(iri.debugDescription)")
            // A harmless non-ASCII letter at the end sends the same IRI down the character path.
            #expect(TypedValue.isAbsoluteIRI(iri + "é") == valid, "\(iri.debugDescription) + é")
        }
        #expect(!TypedValue.isAbsoluteIRI("http://"))
        #expect(!TypedValue.isAbsoluteIRI("http://a\u{85}"))
        #expect(!TypedValue.isAbsoluteIRI("http://a\u{202E}"))
    }

    /// Writes the torture exports where the interop suite (real clients) checks them.
    @Test func writeTortureExportsForTheInteropSuite() throws {
        guard let dir = ProcessInfo.processInfo.environment["NEWSGRAPH_TORTURE_DIR"] else { return }
        try Exporter.writeAll(try TortureGraph.build(), toDirectory: dir)
        for format in GraphFormat.allCases {
            #expect(FileManager.default.fileExists(atPath: dir + "/graph." + format.fileExtension))
        }
    }
}
