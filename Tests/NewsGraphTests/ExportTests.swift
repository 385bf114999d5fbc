import Foundation
import NewsGraph
@testable import NewsGraphExport
import NewsGraphModel
import NewsGraphStore
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

    /// Every ASCII character and a sample beyond, at every offset of the eight-byte scan, and
    /// random mixes of characters to escape and not: the values the raw paths must write as
    /// libxml2's escapers do.
    static let awkwardValues: [String] = {
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
        return values
    }()

    /// Expects the bytes written with raw values and leaves to be the reference's (everything
    /// through libxml2), naming the first difference rather than printing both, and well-formed.
    static func expectSameBytes(_ raw: [UInt8], _ escaped: [UInt8], _ context: String = "",
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let same = raw == escaped
        #expect(same, "\(context)", sourceLocation: sourceLocation)
        if !same {
            let offset = zip(raw, escaped).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(raw.count, escaped.count)
            Issue.record("\(context): first difference at byte \(offset): \(String(decoding: raw[max(0, offset - 60)..<min(raw.count, offset + 40)], as: UTF8.self).debugDescription) vs \(String(decoding: escaped[max(0, offset - 60)..<min(escaped.count, offset + 40)], as: UTF8.self).debugDescription)",
                         sourceLocation: sourceLocation)
        }
        #expect(XMLValidation.wellFormed(raw) == nil, "\(context)", sourceLocation: sourceLocation)
    }

    /// Writes a document twice with `body`: with raw values and leaves, and with everything
    /// through libxml2's writer and escapers (the reference).
    func writeBothWays(_ body: (XMLStreamWriter) throws -> Void) throws -> (raw: [UInt8], escaped: [UInt8]) {
        func write(escapingEverything: Bool) throws -> [UInt8] {
            let sink = MemorySink()
            let xml = try XMLStreamWriter(sink: sink, path: "-", format: .rdfXML)
            xml.escapesEverything = escapingEverything
            try xml.startDocument()
            try body(xml)
            try xml.endDocument()
            return sink.bytes
        }
        return (try write(escapingEverything: false), try write(escapingEverything: true))
    }

    /// The IRI scan ors eight table entries a test, as does the scan for IRIs plain in XML:
    /// each must flag what its byte test flags, every value at every position, before, at and
    /// past whole words.
    @Test func iriScanAgreesWithTheByteTable() {
        ScanBuffers.everyByteAtEveryPosition(lengths: [1, 7, 8, 15, 16, 17, 31, 32, 40]) { bytes, context in
            #expect(bytes.withUnsafeBufferPointer(IRIText.anyNeedsEscape) == bytes.contains(where: IRIText.needsEscape), "\(context)")
            let plain = !bytes.contains { IRIText.needsEscape($0) || $0 == 0x26 || $0 >= 0x80 }
            #expect(bytes.withUnsafeBufferPointer(IRIText.isPlainInXMLAttribute) == plain, "\(context)")
        }
        // An IRI found plain for XML is one that neither IRI cleaning, XML cleaning nor the
        // attribute escaper would change.
        for value in ExportTests.awkwardValues {
            let iri = "https://example.org/" + value
            guard IRIText.isPlainInXMLAttribute(iri) else { continue }
            #expect(IRIText.clean(iri) == iri && XMLText.clean(iri) == iri, "\(iri.debugDescription)")
            #expect(!iri.withUTF8Bytes(XMLText.attributeNeedsEscaping), "\(iri.debugDescription)")
        }
        #expect(IRIText.isPlainInXMLAttribute("https://newsgraph.example.org/id/article/0000acf4f2970de7/sentence/50-277"))
        #expect(!IRIText.isPlainInXMLAttribute("https://example.org/?a=1&b=2") && !IRIText.isPlainInXMLAttribute("https://example.org/Tōkyō"))
    }

    /// Values with nothing to escape skip libxml2's escapers: the bytes must be those the
    /// escapers write, for every ASCII character and a sample beyond, at every offset of the
    /// eight-byte scan, in text and in attributes, with the writer's indentation.
    @Test func rawValuesAreWrittenAsLibxml2EscapesThem() throws {
        let (raw, escaped) = try writeBothWays { xml in
            try xml.startElement("root")
            for value in ExportTests.awkwardValues.map(XMLText.clean) {
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
        }
        ExportTests.expectSameBytes(raw, escaped)
    }

    /// Leaves skip libxml2's writer when their values need no escaping and fall back to it when
    /// they do: the bytes must be its writer's, for every value and every kind of leaf, each
    /// kind in turn the first child (which closes the parent's start tag).
    @Test func leavesAreWrittenAsLibxml2WritesThem() throws {
        let kinds: [(XMLStreamWriter, String) throws -> Void] = [
            { xml, value in try xml.leaf("ng:link", attribute: "rdf:resource", value: value, text: nil) },
            { xml, value in try xml.leaf("ng:typed", attribute: "rdf:datatype", value: value, text: value) },
            { xml, value in try xml.leaf("ng:plain", text: value) },
            { xml, _ in try xml.leaf("ng:empty", text: "") },
        ]
        let (raw, escaped) = try writeBothWays { xml in
            try xml.startElement("rdf:RDF")
            for (i, value) in ExportTests.awkwardValues.map(XMLText.clean).enumerated() {
                try xml.startElement("ng:Node")
                if i % 2 == 0 { try xml.attribute("rdf:about", cleanValue: "https://example.org/\(i)") }
                for k in kinds.indices { try kinds[(i + k) % kinds.count](xml, value) }
                try xml.endElement()
            }
            try xml.endElement()
        }
        ExportTests.expectSameBytes(raw, escaped)
    }

    /// Leaves whose tags are built once (`LeafTags`) are written as any leaf: every value as
    /// text, under tags with and without an attribute, first child or not.
    @Test func leavesWithTagsBuiltOnceAreWrittenAlike() throws {
        let plain = try #require(LeafTags("ng:plain"))
        let typed = try #require(LeafTags("ng:typed", attribute: "rdf:datatype", value: "http://www.w3.org/2001/XMLSchema#integer"))
        #expect(LeafTags("ng:x", attribute: "k", value: "a&b") == nil && LeafTags("ng:x", attribute: "k", value: "é") == nil)
        #expect(typed.fit("http://www.w3.org/2001/XMLSchema#integer") && !typed.fit(nil) && !plain.fit("x") && plain.fit(nil))
        let (raw, escaped) = try writeBothWays { xml in
            try xml.startElement("rdf:RDF")
            for (i, value) in ExportTests.awkwardValues.enumerated() {
                try xml.startElement("ng:Node")
                if i % 3 == 0 { try xml.attribute("rdf:about", "https://example.org/\(i)") }
                try xml.leaf(i % 2 == 0 ? plain : typed, text: value)
                try xml.leaf(i % 2 == 0 ? typed : plain, text: value)
                try xml.endElement()
            }
            try xml.leaf(typed, text: "at the root's level")
            try xml.endElement()
        }
        ExportTests.expectSameBytes(raw, escaped)
    }

    /// Leaves among other elements, at every depth, before and after fallbacks: each nesting
    /// must give libxml2's bytes (its indentation and where it closes start tags).
    @Test func leavesNestAsLibxml2NestsElements() throws {
        let plain = "plain value", escaping = "needs <escaping> & \"quotes\"", nonASCII = "Tōkyō"
        func leaves(_ xml: XMLStreamWriter) throws {
            try xml.leaf("a", attribute: "k", value: plain, text: nil)
            try xml.leaf("b", attribute: "k", value: plain, text: plain)
            try xml.leaf("c", text: plain)
            try xml.leaf("d", text: "")
        }
        /// `levels` elements, each with a leaf, the next level, then more leaves.
        func nested(_ xml: XMLStreamWriter, _ levels: Int) throws {
            try xml.startElement("level\(levels)")
            try xml.leaf("first", text: plain)
            if levels > 1 { try nested(xml, levels - 1) } else { try leaves(xml) }
            try leaves(xml)
            try xml.endElement()
        }
        let scenarios: [(String, (XMLStreamWriter) throws -> Void)] = [
            ("a parent with only leaves", { xml in
                try xml.startElement("root")
                try leaves(xml)
                try xml.endElement()
            }),
            ("a namespaced parent with attributes, then leaves", { xml in
                try xml.startElement("graphml", namespace: "http://graphml.graphdrawing.org/xmlns")
                try xml.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
                try xml.attribute("id", nonASCII)
                try leaves(xml)
                try xml.endElement()
            }),
            ("a leaf, then an element with leaves inside (depth 3)", { xml in
                try xml.startElement("root")
                try nested(xml, 2)
                try xml.endElement()
            }),
            ("a leaf, then an element with leaves inside (depth 4)", { xml in
                try xml.startElement("root")
                try nested(xml, 3)
                try xml.endElement()
            }),
            ("leaves deeper than the sixteen levels of indentation run", { xml in
                try nested(xml, 20)
            }),
            ("an element after leaves, then an element after that", { xml in
                try xml.startElement("root")
                try leaves(xml)
                try xml.startElement("inner")
                try xml.endElement()
                try xml.startElement("inner")
                try leaves(xml)
                try xml.endElement()
                try xml.endElement()
            }),
            ("falling-back leaves between plain leaves", { xml in
                try xml.startElement("root")
                try xml.leaf("a", text: plain)
                try xml.leaf("b", text: escaping)
                try xml.leaf("c", attribute: "k", value: plain, text: nil)
                try xml.leaf("d", attribute: "k", value: nonASCII, text: nil)
                try xml.leaf("e", attribute: "k", value: plain, text: escaping)
                try xml.leaf("f", text: plain)
                try xml.endElement()
            }),
            ("falling-back leaves first and last", { xml in
                try xml.startElement("root")
                try xml.leaf("a", attribute: "k", value: escaping, text: plain)
                try leaves(xml)
                try xml.leaf("z", text: escaping)
                try xml.endElement()
            }),
            ("a parent with a single falling-back leaf", { xml in
                try xml.startElement("root")
                try xml.startElement("text")
                try xml.leaf("a", text: escaping)
                try xml.endElement()
                try xml.startElement("attribute")
                try xml.leaf("a", attribute: "k", value: nonASCII, text: nil)
                try xml.endElement()
                try xml.endElement()
            }),
            ("a parent with a single plain leaf", { xml in
                try xml.startElement("root")
                try xml.startElement("text")
                try xml.leaf("a", text: "")
                try xml.endElement()
                try xml.endElement()
            }),
            ("elements with no children, among leaves", { xml in
                try xml.startElement("root")
                try xml.startElement("empty")
                try xml.endElement()
                try xml.startElement("empty")
                try xml.attribute("k", plain)
                try xml.endElement()
                try leaves(xml)
                try xml.startElement("empty")
                try xml.endElement()
                try xml.endElement()
            }),
            ("an element with two attributes among leaves", { xml in
                try xml.startElement("root")
                try xml.element("data", text: plain, attributes: [("key", "a"), ("type", "b")])
                try leaves(xml)
                try xml.element("data", text: plain, attributes: [("key", "a"), ("type", "b")])
                try xml.endElement()
            }),
            ("text after leaves, leaves after text", { xml in
                try xml.startElement("root")
                try leaves(xml)
                try xml.text(plain)
                try leaves(xml)
                try xml.text(escaping)
                try leaves(xml)
                try xml.endElement()
            }),
            ("endDocument with elements still open after leaves", { xml in
                try xml.startElement("root")
                try xml.startElement("node")
                try leaves(xml)
                try xml.startElement("inner")
                try leaves(xml)
            }),
            ("a leaf as the document element", { xml in
                try xml.leaf("root", attribute: "k", value: plain, text: plain)
            }),
        ]
        for (name, body) in scenarios {
            let (raw, escaped) = try writeBothWays(body)
            ExportTests.expectSameBytes(raw, escaped, name)
        }
    }

    /// Pending leaves go to libxml2 when they pass 64 KB, mid-parent: the counts around that size
    /// put the flush on every leaf near the end, the parent's last included, followed by its
    /// end tag, by an element, or by the end of the document.
    @Test func leavesFlushedMidParentKeepLibxml2sBytes() throws {
        let leaf = "    <ng:p>0123456789</ng:p>\n".utf8.count
        for count in (65_536 / leaf - 3)...(65_536 / leaf + 3) {
            for then in ["end tag", "element", "end of document"] {
                let (raw, escaped) = try writeBothWays { xml in
                    try xml.startElement("rdf:RDF")
                    try xml.startElement("ng:Node")
                    for _ in 0..<count { try xml.leaf("ng:p", text: "0123456789") }
                    switch then {
                    case "end tag": try xml.endElement(); try xml.endElement()
                    case "element": try xml.startElement("ng:Inner"); try xml.leaf("ng:p", text: "after")
                    default: break
                    }
                }
                ExportTests.expectSameBytes(raw, escaped, "\(count) leaves, then the \(then)")
            }
        }
        // Far more than 64 KB in one parent: several flushes, then a nested element and more leaves.
        let (raw, escaped) = try writeBothWays { xml in
            try xml.startElement("rdf:RDF")
            for i in 0..<20_000 { try xml.leaf("ng:p", attribute: "k", value: String(i), text: i % 3 == 0 ? nil : String(i)) }
            try xml.startElement("ng:Node")
            for i in 0..<10_000 { try xml.leaf("ng:p", text: String(i)) }
            try xml.endElement()
            try xml.leaf("ng:p", text: "last")
            try xml.endElement()
        }
        ExportTests.expectSameBytes(raw, escaped, "several flushes")
    }

    /// Values to escape are handed to libxml2's escapers a megabyte at a time, cut between
    /// characters: values of a few megabytes, with multi-byte characters across every cut,
    /// must come out as its writer escapes them whole, as text and as attribute values, in
    /// leaves and in elements written ahead with text among their children.
    @Test func longValuesAreEscapedAsLibxml2EscapesThemWhole() throws {
        let unit = "a&<>\"\té日🤝\r\n"
        let long = String(repeating: unit, count: (9 << 17) / unit.utf8.count)
        // One document a case: libxml2's parser stops reading from memory past 10 MB.
        let cases: [(String, (XMLStreamWriter, String) throws -> Void)] = [
            ("leaves", { xml, value in
                try xml.leaf("ng:text", text: value)
                try xml.leaf("ng:link", attribute: "rdf:resource", value: value, text: nil)
            }),
            ("an element with text", { xml, value in
                try xml.startElement("ng:Node")
                try xml.attribute("rdf:about", value)
                try xml.attribute("ng:other", "plain")
                try xml.text(value)
                try xml.leaf("ng:after", text: "text")
                try xml.startElement("ng:Inner")
                try xml.attribute("k", "plain")
                try xml.endElement()
                try xml.text("tail")
                try xml.endElement()
            }),
        ]
        for shift in 0..<4 {
            let value = String(repeating: "x", count: shift) + long
            for (name, body) in cases {
                let (raw, escaped) = try writeBothWays { xml in
                    try xml.startElement("rdf:RDF")
                    try body(xml, value)
                    try xml.endElement()
                }
                ExportTests.expectSameBytes(raw, escaped, "\(name), \(value.utf8.count) bytes")
            }
        }
    }

    @Test func tortureGraphIsWrittenAlikeWithLeavesAndThroughLibxml2Alone() throws {
        try LeafPaths.expectSameXML(try TortureGraph.build(), context: "torture graph")
    }

    /// A node whose elements pass the 64 KB of pending leaves at its last one (its end tag comes
    /// right after a flush): some text length in the range puts the crossing there, in both formats.
    @Test func aNodeWhoseLeavesPass64KBAtTheLastIsWrittenAlike() throws {
        let minter = try IRIMinter()
        let hash = SHA256.hex(Array("long".utf8))
        for length in stride(from: 65_000, through: 65_500, by: 8) {
            var graph = MemoryGraph()
            let properties: [NodeProperty] = [.label("long"), .text(String(repeating: "x", count: length)), .start(0), .end(length)]
            graph.add(GraphNode(iri: minter.evidence(article: hash, start: 0, end: length),
                                id: IRIMinter.evidenceNodeID(article: hash, start: 0, end: length), kind: .evidence, properties: properties))
            try LeafPaths.expectSameXML(graph, context: "evidence text of \(length) bytes")
        }
    }

    @Test func seedsAreWrittenAlikeWithLeavesAndThroughLibxml2Alone() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try TestPaths.ingestSeeds(into: dir)
        let store = try GraphStore(path: dir + "/seeds.db", readOnly: true)
        try LeafPaths.expectSameXML(StoreGraph(store: store, minter: try IRIMinter()), context: "seeds")
    }

    /// The walk lends IRIs as bytes to visitors that ask (`.iriBytes`): they must be the IRIs it
    /// mints as Strings, node by node and link by link, and every format must come out alike
    /// either way, also with a base whose IRIs XML must escape (`&`, beyond ASCII).
    @Test func lentIRIsAreTheMintedIRIs() throws {
        struct Names<Mode: NamesMode>: GraphVisitor {
            var iris: [String] = []
            static var linkTargetNames: LinkTargetNames { Mode.names }
            mutating func node(_ node: GraphNode) throws { iris.append("node " + (node.lentIRI?.string ?? node.iri)) }
            mutating func link(_ link: GraphLink) throws { iris.append("link " + link.targetIRIString) }
        }
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try TestPaths.ingestSeeds(into: dir)
        let store = try GraphStore(path: dir + "/seeds.db", readOnly: true)
        for base in [IRIMinter.defaultBase, "https://example.org/a&b/Tōkyō/"] {
            let graph = StoreGraph(store: store, minter: try IRIMinter(base: base))
            var lent = Names<LentNames>(), minted = Names<StringNames>()
            try graph.walk(&lent, links: true)
            try graph.walk(&minted, links: true)
            #expect(lent.iris.count > 100 && lent.iris == minted.iris, "\(base)")
            try LeafPaths.expectSameXML(graph, context: "seeds with base \(base)")
            // The other RDF writers take lent IRIs as Strings: the same triples as from a graph
            // of Strings (N-Triples, a triple a line; the memory graph orders them otherwise).
            var memory = MemoryGraph()
            struct Collect: GraphVisitor {
                var graph: MemoryGraph
                var last: GraphNode?
                mutating func node(_ node: GraphNode) throws { graph.add(node); last = node }
                mutating func link(_ link: GraphLink) throws { graph.link(last!, link) }
            }
            var collect = Collect(graph: memory)
            try graph.walk(&collect, links: true)
            memory = collect.graph
            let fromStore = MemorySink(), fromMemory = MemorySink()
            try Exporter.write(graph, as: .nTriples, to: fromStore)
            try Exporter.write(memory, as: .nTriples, to: fromMemory)
            let storeLines = String(decoding: fromStore.bytes, as: UTF8.self).split(separator: "\n").sorted()
            #expect(storeLines.count > 500 && storeLines == String(decoding: fromMemory.bytes, as: UTF8.self).split(separator: "\n").sorted(), "\(base)")
        }
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

    /// Numbers are written on bytes: the same text as the String-built reference (the first
    /// version) and `String(Int)`, for every kind of value the exports format.
    @Test func numbersAreWrittenAsTheStringReferenceWritesThem() {
        func reference(_ value: Double, digits: Int) -> String {
            guard value.isFinite else { return "0" }
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            let scaled = (abs(value) * scale).rounded()
            let negative = value < 0 && scaled != 0
            let whole = Int64(scaled / scale)
            let fraction = Int64(scaled - Double(whole) * scale)
            var text = String(whole)
            if fraction > 0 {
                var digitsText = String(fraction)
                digitsText = String(repeating: "0", count: digits - digitsText.count) + digitsText
                while digitsText.hasSuffix("0") { digitsText.removeLast() }
                text += "." + digitsText
            }
            return negative ? "-" + text : text
        }
        var generator = SeededGenerator(seed: 5)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.0005, 0.00049, 0.9995, 0.99949, 1e-300, -1e-300, 123_456_789.123_45,
                                -180, 180, 90.00005, -0.00005, .nan, .infinity, -.infinity, 1e15, -1e15]
        for _ in 0..<20_000 {
            let magnitude = [1.0, 10, 1_000, 1e6][Int(generator.next() % 4)]
            values.append((Double(generator.next() % 2_000_001) / 1_000_000 - 1) * magnitude)
        }
        for value in values {
            for digits in [3, 4] {
                #expect(Vocabulary.decimal(value, digits: digits) == reference(value, digits: digits), "\(value) to \(digits) digits")
            }
        }
        for value in [0, 1, -1, 9, 10, 99, 100, 12_345, -12_345, Int.max, Int.min, Int(Int32.max), -7_000_000_000] {
            #expect(Vocabulary.integer(value) == String(value))
        }
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

enum LeafPaths {
    /// Writes RDF/XML and GraphML with leaves and raw values, and with everything through
    /// libxml2's writer and escapers, and expects the same bytes.
    static func expectSameXML(_ graph: some GraphSource, context: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        for format in [GraphFormat.rdfXML, .graphML] {
            let leaves = MemorySink()
            let reference = MemorySink()
            try Exporter.write(graph, as: format, to: leaves)
            try Exporter.write(graph, as: format, to: reference, path: "-", escapingEverything: true)
            #expect(!leaves.bytes.isEmpty, sourceLocation: sourceLocation)
            ExportTests.expectSameBytes(leaves.bytes, reference.bytes, "\(context): \(format.name)", sourceLocation: sourceLocation)
        }
    }
}

protocol NamesMode { static var names: LinkTargetNames { get } }
enum LentNames: NamesMode { static var names: LinkTargetNames { .iriBytes } }
enum StringNames: NamesMode { static var names: LinkTargetNames { .iri } }
