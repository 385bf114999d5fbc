import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore
import NewsGraphText
import Testing

/// Issue 7, item 3: text that reaches an export is always valid for its format. A
/// property-based fuzz test: seeded random articles (hostile Unicode) and random files
/// (hostile bytes) go through the real pipeline (InputReader, Ingestor, ArticlePipeline,
/// GraphStore, Exporter) and every export is checked (GraphML against the XSD, RDF/XML
/// well-formed, N-Triples line by line, JSON-LD parsed; XML characters and typed values).
///
/// Bounded in `swift test` (a few seconds). Longer on demand:
///   NEWSGRAPH_FUZZ_ITERATIONS=2000 NEWSGRAPH_FUZZ_SEED=7 swift test --filter FuzzTests
/// NEWSGRAPH_FUZZ_DIR=<dir> also writes the exports of everything fuzzed into <dir>/articles
/// and <dir>/files for the real clients (scripts/fuzz.sh does all of this). Every iteration
/// has its own generator, derived from the seed and its number; a failure names both, and
/// NEWSGRAPH_FUZZ_SEED=<seed> NEWSGRAPH_FUZZ_ONLY=<iteration> reruns just that one.
@Suite struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["NEWSGRAPH_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 16
    static let seed = environment["NEWSGRAPH_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_123
    static let outputDirectory = environment["NEWSGRAPH_FUZZ_DIR"]
    static let indices: [Int] = environment["NEWSGRAPH_FUZZ_ONLY"].flatMap { Int($0) }.map { [$0] } ?? Array(0..<iterations)

    /// The iterations in batches of `batch`.
    static var batches: [ArraySlice<Int>] {
        stride(from: 0, to: indices.count, by: batch).map { indices[$0..<min(indices.count, $0 + batch)] }
    }

    static func context(_ what: String, _ range: ArraySlice<Int>) -> String {
        "\(what), NEWSGRAPH_FUZZ_SEED=\(seed), iterations \(range.first ?? 0)...\(range.last ?? 0)"
    }
    /// Articles (or files) per store; each batch is exported and checked on its own.
    static let batch = 8

    /// Normalizer and document builder invariants on random Unicode (cheap: many strings).
    @Test func normalizationKeepsItsInvariantsOnRandomUnicode() throws {
        let rules = try BoilerplateRules(path: TestPaths.ontology + "/lexicon/boilerplate.tsv")
        let builder = DocumentBuilder(rules: rules)
        let count = FuzzTests.environment["NEWSGRAPH_FUZZ_ONLY"] == nil ? FuzzTests.iterations * 8 : 1
        for j in 0..<count {
            let i = FuzzTests.environment["NEWSGRAPH_FUZZ_ONLY"] == nil ? j : FuzzTests.indices[0]
            var fuzz = Fuzzer(seed: FuzzTests.seed, iteration: i, stream: 1)
            let original = fuzz.chance(0.5) ? fuzz.randomUnicode(fuzz.int(0...400)) : fuzz.text()
            let result = Normalizer.normalize(original)
            let scalars = original.unicodeScalars.count
            let context = "normalization, NEWSGRAPH_FUZZ_SEED=\(FuzzTests.seed) NEWSGRAPH_FUZZ_ONLY=\(i)"
            #expect(result.offsetMap.count == result.text.count + 1, "\(context)")
            #expect(ExportCheck.validUTF8(result.text) != nil, "\(context): normalized text is not UTF-8")
            #expect(zip(result.offsetMap, result.offsetMap.dropFirst()).allSatisfy { $0 <= $1 }, "\(context): offsets go back")
            #expect(result.offsetMap.allSatisfy { $0 >= 0 && Int($0) <= scalars }, "\(context): offset out of range")
            #expect(!result.text.contains { $0 < 0x20 && $0 != 0x0A }, "\(context): control character kept")
            if Normalizer.isBlank(original) { #expect(result.text.isEmpty, "\(context): blank text normalized to something") }
            let document = builder.build(RawArticle(sourceName: "fuzz", text: original, title: fuzz.chance(0.3) ? fuzz.line() : nil,
                                                    origin: "fuzz"))
            for block in document.blocks {
                #expect(block.range.lowerBound >= 0 && block.range.upperBound <= document.text.count, "\(context): block out of range")
            }
            let analyzed = SentenceSplitter.analyze(document)
            for sentence in analyzed.sentences {
                #expect(sentence.bytes.upperBound <= document.text.count, "\(context): sentence out of range")
            }
        }
    }

    /// Hostile articles (every field) through extraction, the store and every writer.
    @Test func fuzzedArticlesGiveValidExports() throws {
        var cumulative: (store: GraphStore, directory: String)? = nil
        if FuzzTests.outputDirectory != nil { cumulative = try Hostile.store("fuzzArticles") }
        defer { if let cumulative { try? FileManager.default.removeItem(atPath: cumulative.directory) } }
        for range in FuzzTests.batches {
            let (store, directory) = try Hostile.store("fuzzArticleBatch")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            for i in range {
                var fuzz = Fuzzer(seed: FuzzTests.seed, iteration: i, stream: 2)
                let raw = fuzz.article()
                let extraction = Shared.pipeline.extract(raw)
                checkEvidence(extraction, context: "articles, NEWSGRAPH_FUZZ_SEED=\(FuzzTests.seed) NEWSGRAPH_FUZZ_ONLY=\(i)")
                _ = try store.add(extraction)
                if let cumulative { _ = try cumulative.store.add(extraction) }
            }
            try checkExports(StoreGraph(store: store, minter: try IRIMinter()), context: FuzzTests.context("articles", range))
            try ProvenancePaths.expectSameExports(store, context: FuzzTests.context("articles", range))
            try LeafPaths.expectSameXML(StoreGraph(store: store, minter: try IRIMinter()), context: FuzzTests.context("articles", range))
        }
        if let dir = FuzzTests.outputDirectory, let cumulative {
            try Exporter.writeAll(StoreGraph(store: cumulative.store, minter: try IRIMinter()), toDirectory: dir + "/articles")
        }
    }

    /// Hostile files (random bytes, broken encodings, HTML, JSON Lines, gzip, truncated) through
    /// the reader and the ingest: never a crash, every problem named, every export valid.
    @Test func fuzzedFilesAreReadOrReportedAndGiveValidExports() throws {
        var cumulative: (store: GraphStore, directory: String)? = nil
        if FuzzTests.outputDirectory != nil { cumulative = try Hostile.store("fuzzFiles") }
        defer { if let cumulative { try? FileManager.default.removeItem(atPath: cumulative.directory) } }
        var read = 0
        var skipped = 0
        for range in FuzzTests.batches {
            let folder = try TestPaths.temporaryDirectory("fuzzFiles")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for i in range {
                var fuzz = Fuzzer(seed: FuzzTests.seed, iteration: i, stream: 3)
                let (name, bytes) = fuzz.file()
                let path = folder + "/" + String(format: "%06d-", i) + name
                if name.hasSuffix(".gz") {
                    GzipWriter.compress(bytes, to: path)
                    if fuzz.chance(0.3), let data = FileManager.default.contents(atPath: path), data.count > 20 {
                        try data.prefix(fuzz.int(10...(data.count - 1))).write(to: URL(fileURLWithPath: path)) // truncated
                    }
                } else {
                    try Data(bytes).write(to: URL(fileURLWithPath: path))
                }
            }
            let (store, directory) = try Hostile.store("fuzzFileBatch")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let context = FuzzTests.context("files", range)
            let observer = CollectingObserver()
            let summary = try Ingestor(pipeline: Shared.pipeline, store: store).ingest([folder], observer: observer)
            #expect(summary.files == range.count, "\(context)")
            for problem in summary.problems {
                #expect(problem.path.hasPrefix(folder), "\(context): \(problem)")
                #expect(!problem.message.isEmpty && !problem.hint.isEmpty, "\(context): \(problem)")
                #expect(!problem.message.contains("UNEXPECTED"), "\(context): \(problem)")
            }
            read += summary.added + summary.alreadyStored
            skipped += summary.problems.count
            try checkExports(StoreGraph(store: store, minter: try IRIMinter()), context: context)
            try LeafPaths.expectSameXML(StoreGraph(store: store, minter: try IRIMinter()), context: context)
            if let cumulative {
                _ = try Ingestor(pipeline: Shared.pipeline, store: cumulative.store).ingest([folder])
            }
        }
        if let dir = FuzzTests.outputDirectory, let cumulative {
            try Exporter.writeAll(StoreGraph(store: cumulative.store, minter: try IRIMinter()), toDirectory: dir + "/files")
            print("fuzz: \(FuzzTests.iterations) files, \(read) articles read, \(skipped) problems reported")
        }
    }

    /// Found by the fuzz run with seed 1 (the real clients' lint/literals and SHACL): a JSON
    /// Lines `url` that is not an absolute URL became an `xsd:anyURI` literal holding a relative
    /// IRI, and a `published` value given through the library API was written unchecked.
    @Test func articleURLsAreAbsoluteIRIsOrNothing() {
        let cases: [(String, String?)] = [
            ("https://example.org/a b?x=<1>&y=\"2\"", "https://example.org/a%20b?x=%3C1%3E&y=%222%22"),
            ("  http://example.org/news/1.html  ", "http://example.org/news/1.html"),
            ("https://例え.jp/パス", "https://例え.jp/パス"),
            ("https://example.org/100%", "https://example.org/100%25"),
            ("https://example.org/%E2%80%94", "https://example.org/%E2%80%94"),
            ("https://example.org/\u{202E}x\u{85}\u{FFFE}", "https://example.org/%E2%80%AEx%C2%85%EF%BF%BE"),
            ("/news/relative.html", nil), ("not a url", nil), ("javascript:alert(1)", nil), ("https:///no-host", nil),
            ("http://", nil), ("mailto:x@example.org", nil), ("", nil),
        ]
        for (input, expected) in cases {
            #expect(DocumentBuilder.cleanURL(input) == expected, "\(input)")
            if let cleaned = DocumentBuilder.cleanURL(input) {
                #expect(ExportCheck.literalProblem(cleaned, datatype: "http://www.w3.org/2001/XMLSchema#anyURI") == nil, "\(cleaned)")
            }
        }
        let rules = try! BoilerplateRules(path: TestPaths.ontology + "/lexicon/boilerplate.tsv")
        let document = DocumentBuilder(rules: rules).build(RawArticle(sourceName: "a", text: "Japan met Russia.", published: "2022-13-45",
                                                                      url: "not a url", origin: "a"))
        #expect(document.article.published == nil)
        #expect(document.article.url == nil)
        // Found by seed 3 (pyshacl: an Article without ng:sourceName): a name of invisible
        // characters or noncharacters is replaced.
        let unnamed = DocumentBuilder(rules: rules).build(RawArticle(sourceName: "\u{FFFE}\u{200B}\u{1}", text: "Japan met Russia.", origin: "a"))
        #expect(unnamed.article.sourceName.hasPrefix("article-"))
    }

    /// Found by seed 4 (iteration 1384; the in-process check, then pyshacl): a JSON `\u0000`
    /// reached the store, and SQLite hands text back as C strings, so the stored source name
    /// came back empty (an Article without ng:sourceName) and a text would have been cut at
    /// its NUL. NULs are left out when the document is built.
    @Test func nulCharactersInJSONStringsNeverCutStoredText() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let record = #"{"id": "\u0000id-1", "title": "\u0000Japan halts talks", "outlet": "\u0000Kyodo", "text": "\u0000Japan said on Monday it would halt peace treaty talks with Russia.\u0000 Russia called the move unfriendly."}"#
        try (record + "\n").write(toFile: dir + "/nul.jsonl", atomically: true, encoding: .utf8)
        let (store, storeDir) = try Hostile.store()
        defer { try? FileManager.default.removeItem(atPath: storeDir) }
        let summary = try Ingestor(pipeline: Shared.pipeline, store: store).ingest([dir + "/nul.jsonl"])
        #expect(summary.added == 1 && summary.problems.isEmpty, "\(summary.problems)")
        let sink = MemorySink()
        try Exporter.write(StoreGraph(store: store, minter: try IRIMinter()), as: .nTriples, to: sink)
        #expect(ExportCheck.problems(sink.bytes, .nTriples).isEmpty, "\(ExportCheck.problems(sink.bytes, .nTriples))")
        for expected in ["\"id-1\"", "\"Japan halts talks\"", "\"Kyodo\"", "Russia called the move unfriendly."] {
            #expect(sink.string.contains(expected), "\(expected) missing")
        }
        // The same article again is recognized as stored (the hash is computed without the NULs too).
        let again = try Ingestor(pipeline: Shared.pipeline, store: store).ingest([dir + "/nul.jsonl"])
        #expect(again.alreadyStored == 1 && again.added == 0)
    }

    /// Whatever a store holds, a value that is not valid for its datatype is left out of every
    /// format alike (so the GraphML and the RDF still agree).
    @Test func invalidTypedValuesAreLeftOutOfEveryFormat() throws {
        var graph = MemoryGraph()
        let bad: [NodeProperty] = [.label("a"), .sourceName("a.txt"), .contentHash(String(repeating: "a", count: 64)), .published("2022-13-45"), .url("not%20a%20url"), .sameAs("javascript:x"),
                                   .eventDate("0000-01-01"), .published("2022-02-30")]
        graph.add(GraphNode(iri: "https://newsgraph.example.org/id/article/a", id: "article.a", kind: .article, properties: bad))
        graph.add(GraphNode(iri: "https://newsgraph.example.org/id/article/b", id: "article.b", kind: .article,
                            properties: [.label("b"), .sourceName("b.txt"), .contentHash(String(repeating: "b", count: 64)), .published("2024-02-29"), .url("https://example.org/b"), .eventDate("2022-03")]))
        for format in GraphFormat.allCases {
            let sink = MemorySink()
            try Exporter.write(graph, as: format, to: sink)
            #expect(ExportCheck.problems(sink.bytes, format).isEmpty, "\(format)")
            let text = sink.string
            for value in ["2022-13-45", "not%20a%20url", "javascript:x", "0000-01-01", "2022-02-30"] {
                #expect(!text.contains(value), "\(format): \(value) written")
            }
            for value in ["2024-02-29", "https://example.org/b", "2022-03"] {
                #expect(text.contains(value), "\(format): \(value) left out")
            }
        }
    }

    /// The checks catch what they must, or a passing fuzz run would mean nothing.
    @Test func theChecksCatchBrokenExports() {
        let nt: [(String, Bool)] = [
            ("<https://x.org/a> <https://x.org/p> \"ok \\\"quoted\\\" \\u00E9\"^^<http://www.w3.org/2001/XMLSchema#string> .", true),
            ("<https://x.org/a> <https://x.org/p> \"x\"@en-GB .", true),
            ("<https://x.org/a> <https://x.org/p> <https://x.org/b> .", true),
            ("<https://x.org/a b> <https://x.org/p> <https://x.org/b> .", false),
            ("<relative> <https://x.org/p> <https://x.org/b> .", false),
            ("<https://x.org/a> <https://x.org/p> \"raw \" quote\" .", false),
            ("<https://x.org/a> <https://x.org/p> \"bad \\q escape\" .", false),
            ("<https://x.org/a> <https://x.org/p> \"no end .", false),
            ("<https://x.org/a> <https://x.org/p> <https://x.org/b>", false),
            ("<https://x.org/a> <https://x.org/p> \"2022-02-29\"^^<http://www.w3.org/2001/XMLSchema#date> .", false),
            ("<https://x.org/a> <https://x.org/p> \"2024-02-29\"^^<http://www.w3.org/2001/XMLSchema#date> .", true),
            ("<https://x.org/a> <https://x.org/p> \"0000-01\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .", false),
            ("<https://x.org/a> <https://x.org/p> \"not%20a%20url\"^^<http://www.w3.org/2001/XMLSchema#anyURI> .", false),
            ("<https://x.org/a> <https://x.org/p> \"javascript:x\"^^<http://www.w3.org/2001/XMLSchema#anyURI> .", false),
            ("<https://x.org/a> <https://x.org/p> \"https://x.org/%zz\"^^<http://www.w3.org/2001/XMLSchema#anyURI> .", false),
            ("<https://x.org/a> <https://x.org/p> \"https://x.org/a%20b\"^^<http://www.w3.org/2001/XMLSchema#anyURI> .", true),
            ("<https://x.org/a> <https://x.org/p> \"0.85\"^^<http://www.w3.org/2001/XMLSchema#decimal> .", true),
            ("<https://x.org/a> <https://x.org/p> \"8.5E-1\"^^<http://www.w3.org/2001/XMLSchema#decimal> .", false),
            ("<https://x.org/a> <https://x.org/p> \"a\\u0001b\" .", false),
        ]
        for (line, valid) in nt {
            #expect((NTriplesLine.check(Substring(line)) == nil) == valid, "\(line)")
        }
        #expect(!ExportCheck.problems(Array("<https://x.org/a> <https://x.org/p> \"a\nb\" .\n".utf8), .nTriples).isEmpty)
        #expect(!ExportCheck.problems(Array("<r>\u{1}</r>".utf8), .rdfXML).isEmpty)
        #expect(!ExportCheck.problems(Array("<r>&#1;</r>".utf8), .rdfXML).isEmpty)
        #expect(!ExportCheck.problems(Array("<r>\u{FFFE}</r>".utf8), .rdfXML).isEmpty)
        #expect(!ExportCheck.problems(Array("<r>&</r>".utf8), .rdfXML).isEmpty)
        #expect(ExportCheck.problems(Array("<r>&amp;</r>".utf8), .rdfXML).isEmpty)
        #expect(!ExportCheck.problems([0x7B, 0xFF, 0x7D], .jsonLD).isEmpty)
        #expect(!ExportCheck.problems(Array("{\"@graph\": [{\"@id\": \"a b\"}]}".utf8), .jsonLD).isEmpty)
        #expect(!ExportCheck.problems(Array("{\"a\": \"\u{1}\"}".utf8), .jsonLD).isEmpty)
        let graphML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="weight" for="edge" attr.name="weight" attr.type="double"/>
            <graph edgedefault="directed"><node id="a"/><node id="b"/><edge source="a" target="b"><data key="weight">0</data></edge></graph></graphml>
            """
        #expect(ExportCheck.problems(Array(graphML.utf8), .graphML) == ["weight 0"])
        #expect(!ExportCheck.problems(Array(graphML.replacingOccurrences(of: "node id=\"a\"", with: "node id=\"a b\"").utf8), .graphML).isEmpty)
    }

    func checkEvidence(_ extraction: ArticleExtraction, context: String) {
        let scalars = Array(extraction.text.unicodeScalars)
        for sentence in extraction.sentences {
            guard sentence.start >= 0, sentence.start <= sentence.end, sentence.end <= scalars.count else {
                Issue.record("\(context): evidence offsets \(sentence.start)..<\(sentence.end) outside the text (\(scalars.count))")
                continue
            }
            let slice = String(String.UnicodeScalarView(scalars[sentence.start..<sentence.end]))
            #expect(slice == sentence.text, "\(context): evidence text is not the text at its offsets")
        }
    }

    func checkExports(_ graph: some GraphSource, context: String) throws {
        for format in GraphFormat.allCases {
            let sink = MemorySink()
            do {
                try Exporter.write(graph, as: format, to: sink)
            } catch {
                Issue.record("\(context): \(format.name) export failed: \(error)")
                continue
            }
            let problems = ExportCheck.problems(sink.bytes, format)
            #expect(problems.isEmpty, "\(context): \(format.name): \(problems.prefix(5))")
        }
    }
}

/// Seeded generators of hostile text, articles and files.
struct Fuzzer {
    var rng: SeededGenerator

    /// The generator of one iteration of one test: independent for every (seed, iteration,
    /// stream), so neighbouring seeds do not replay each other's inputs.
    init(seed: UInt64, iteration: Int, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed)
        let base = mixer.next()
        var second = SeededGenerator(seed: base ^ (UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15) ^ (stream << 56))
        rng = SeededGenerator(seed: second.next())
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static let names = [
        "Japan", "Russia", "China", "the United States", "Ukraine", "Fumio Kishida", "Vladimir Putin", "Joe Biden",
        "Xi Jinping", "the European Union", "NATO", "the United Nations", "Tokyo", "Moscow", "Kyiv", "Beijing",
        "Recep Tayyip Erdoğan", "Emmanuel Macron", "Germany", "France", "the G7", "the Kremlin", "Iran", "Israel",
    ]
    static let verbs = [
        "said on Monday it would halt peace treaty talks with", "imposed sanctions on", "met", "criticized",
        "expelled diplomats from", "signed an agreement with", "condemned", "threatened", "accused", "praised",
        "visited", "called on", "will not meet", "denied attacking", "agreed to resume talks with",
    ]
    static let hostile: [String] = [
        "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}[31m", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}",
        "\u{FFFE}", "\u{FFFF}", "\u{E000}", "\u{FFFD}",
        "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{061C}",
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{180E}", "\u{3000}", "\u{00A0}",
        "\u{301}", "e\u{301}\u{302}\u{303}", "\u{345}", "\u{20DD}", "a\u{308}\u{30C}\u{327}",
        "🇯🇵", "👩‍👩‍👧", "🏳️‍🌈", "😀", "🤝🏽", "1️⃣",
        "\"", "'", "\\", "<", ">", "&", "&amp;", "&#1;", "&#x0;", "&#xD800;", "&#65535;", "&nbsp;", "&bogus;", "]]>",
        "<!--", "-->", "<![CDATA[", "<script>", "</p>", "<br/>", "<?xml?>", "<!DOCTYPE x [", "<!ENTITY e \"&e;\">",
        "\r", "\r\n", "\n\n\n", "\t", "\u{2028}", "\u{2029}",
        "{", "}", "|", "^", "`", "%", "%00", "%zz", "#", "?", "@en", "^^", "_:b0", "<http://x.org/a b>", "\"\"\"", "\\u0000",
        "\\n", "\\\"", "'''", "@prefix", ".", ";", ",", " a ",
        "طوكيو", "עברית", "習近平", "Ελλάδα", "İstanbul", "ß", "ǅ", "ﬁ", "Å", "Ω", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "…", "—", "–", "“", "”", "‘", "’", "«", "»", "„", "′",
        ". . .", "U.S.", "Mr.", "Dr.", "No.", "e.g.", "3.14", "1,000", "2022-03-21", "March 21, 2022", "2022-13-45",
        "Tokyo (Reuters) -", "Photo: Reuters", "Updated:", "Share this article",
    ] + [0xFDD0, 0xFDEF, 0x1FFFE, 0x10FFFE, 0x10FFFF].map { String(Character(Unicode.Scalar($0)!)) } // noncharacters

    mutating func fragment() -> String {
        if chance(0.02) { return String(repeating: pick(["x", "Japan", "é", "😀", "a\u{301}", "<&\""]), count: int(500...10_000)) } // a huge token
        return pick(Fuzzer.hostile)
    }

    /// Random scalars from everywhere: controls, Latin, combining marks, CJK, RTL, private use,
    /// noncharacters, astral planes.
    mutating func randomUnicode(_ count: Int) -> String {
        var scalars = String.UnicodeScalarView()
        let ranges: [ClosedRange<UInt32>] = [
            0x0...0x1F, 0x20...0x7E, 0x7F...0x9F, 0xA0...0x24F, 0x300...0x36F, 0x590...0x6FF, 0x2000...0x206F,
            0x3000...0x30FF, 0x4E00...0x4E80, 0xE000...0xE0FF, 0xFDD0...0xFDEF, 0xFE00...0xFE0F, 0xFEFF...0xFEFF,
            0xFFF0...0xFFFF, 0x1F000...0x1FAFF, 0xE0000...0xE007F, 0x10FFF0...0x10FFFF,
        ]
        for _ in 0..<count {
            let range = pick(ranges)
            if let s = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { scalars.append(s) }
        }
        return String(scalars)
    }

    /// A name-like word with hostile characters inside: it can become an entity label.
    mutating func strangeName() -> String {
        var name = pick(["Zorak", "Minister Ablo", "President Quill", "General Ostrak", "Foreign Minister Vell", "Mr. Dunn"])
        for _ in 0..<int(1...3) {
            let insert = fragment()
            let index = name.index(name.startIndex, offsetBy: int(0...name.count))
            name.insert(contentsOf: insert.prefix(200), at: index)
        }
        return name + " " + pick(["Tarrow", "O'Neil", "Smith-Jones", "Łukasz", "Ng"])
    }

    mutating func sentence() -> String {
        let subject = chance(0.25) ? strangeName() : pick(Fuzzer.names)
        let object = chance(0.25) ? strangeName() : pick(Fuzzer.names)
        var s = "\(subject) \(pick(Fuzzer.verbs)) \(object)"
        if chance(0.3) { s += " in " + pick(["Tokyo", "Moscow", "Geneva", "Kyiv"]) }
        if chance(0.3) { s += " on " + pick(["March 21, 2022", "Monday", "2022-03-21", "21 March 2022"]) }
        s += pick([".", ".", ".", "!", "?", "…", ".\"", "", " ."])
        if chance(0.2) { s = "\"" + s + "\" " + pick(Fuzzer.names) + " said." }
        var scalars = Array(s.unicodeScalars)
        for _ in 0..<int(0...3) {
            let insert = Array(fragment().unicodeScalars)
            scalars.insert(contentsOf: insert, at: int(0...scalars.count))
        }
        return String(String.UnicodeScalarView(scalars))
    }

    mutating func line() -> String {
        chance(0.5) ? sentence() : (0..<int(1...4)).map { _ in fragment() }.joined(separator: pick(["", " ", "\n"]))
    }

    mutating func text() -> String {
        var paragraphs: [String] = []
        if chance(0.3) { paragraphs.append(pick(["Tokyo, March 21 (Reuters) -", "By Staff Writer", "Updated: March 22, 2022"])) }
        for _ in 0..<int(1...5) {
            paragraphs.append((0..<int(1...3)).map { _ in sentence() }.joined(separator: pick([" ", "  ", "\n", " \u{00A0}"])))
        }
        if chance(0.2) { paragraphs.append(randomUnicode(int(1...60))) }
        return paragraphs.joined(separator: pick(["\n\n", "\n", "\r\n\r\n", "\u{2029}"]))
    }

    mutating func maybe(_ make: (inout Fuzzer) -> String) -> String? {
        chance(0.6) ? make(&self) : nil
    }

    mutating func article() -> RawArticle {
        var metadata: [String: String] = [:]
        for _ in 0..<int(0...2) { metadata[fragment()] = line() }
        return RawArticle(
            sourceName: pick(["a.txt", "dir/b c.html", line(), "x\u{0}y", "%2F../../etc", String(repeating: "n", count: 3000)]),
            text: text(),
            title: maybe { $0.line() },
            published: maybe { $0.pick(["2022-03-21", "2022-03", "2022-13-45", "2022-02-30", "0000-01-01", $0.fragment()]) },
            url: maybe { $0.pick(["https://example.org/a b?x=<1>&y=\"2\"", "javascript:alert(1)", "not a url", "http://[::1", "https://example.org/\u{FFFE}\u{0}\u{202E}", "https://例え.jp/パス", $0.fragment()]) },
            outlet: maybe { $0.line() },
            metadata: metadata,
            origin: "fuzz")
    }

    // MARK: Files

    /// Inserts broken UTF-8 into valid bytes: lone continuation bytes, truncated and overlong
    /// sequences, UTF-16 surrogates in UTF-8, 0xFE/0xFF, NUL, random bytes; or flips bits.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        let broken: [[UInt8]] = [[0x80], [0xBF], [0x80, 0x80], [0xE2, 0x82], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
                                 [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xFE], [0xFF], [0x00], [0xF0, 0x9F], [0xC3]]
        for _ in 0..<int(1...4) {
            if chance(0.3), !out.isEmpty {
                let i = int(0...(out.count - 1))
                out[i] ^= UInt8(1 << int(0...7))
            } else if chance(0.2) {
                out.insert(UInt8.random(in: 0...255, using: &rng), at: int(0...out.count))
            } else {
                out.insert(contentsOf: pick(broken), at: int(0...out.count))
            }
        }
        return out
    }

    mutating func html() -> String {
        var body = ""
        for _ in 0..<int(1...4) {
            let tag = pick(["p", "div", "h1", "li", "span", "td", "article", "section", "blockquote", "b", "script", "style", "iframe", "noscript", "nav", "figcaption"])
            body += "<\(tag)\(chance(0.2) ? " hidden" : "")>\(sentence())\(chance(0.8) ? "</\(tag)>" : "")"
            if chance(0.3) { body += pick(["<!-- \(line()) -->", "<![CDATA[\(line())]]>", "<!ELEMENT x>", "<?php echo 1; ?>", "&#1;&#xFFFE;&#0;", "<br>", "</div></div>", "<p <p>>", "&lol;"]) }
        }
        let head = chance(0.5) ? "<head><title>\(line())</title><meta property=\"og:title\" content=\"\(line())\"><meta name=\"date\" content=\"\(pick(["2022-03-21", "yesterday", "2022-99-99"]))\"><link rel=\"canonical\" href=\"\(pick(["https://x.org/a b", "javascript:x", line()]))\"></head>" : ""
        let doctype = pick(["<!DOCTYPE html>", "", "<!DOCTYPE x [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>", "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\">", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"unterminated"])
        return doctype + "<html>" + head + "<body>" + body + (chance(0.8) ? "</body></html>" : "")
    }

    mutating func jsonString(_ s: String) -> String {
        if chance(0.2) { // hand-written escapes, some of them invalid
            return "\"" + s.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
                + pick(["\\ud800", "\\u0000", "\\uFFFE", "\\udc00\\ud800", "\\x41", "\\", "", "\\u00e9", "\\ud83d\\ude00"]) + "\""
        }
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    mutating func jsonLines() -> String {
        var lines: [String] = []
        for i in 0..<int(1...6) {
            switch int(0...9) {
            case 0: lines.append(line()) // not JSON
            case 1: lines.append("[\(i)]")
            case 2: lines.append(String(repeating: "[", count: int(1...2000)))
            case 3: lines.append("{\"id\": \(jsonString(line())), \"title\": \(jsonString(line()))}")
            default:
                var fields = ["\"text\": \(jsonString(text()))"]
                if chance(0.7) { fields.append("\"id\": \(chance(0.8) ? jsonString(line()) : String(int(0...1_000_000)))") }
                if chance(0.5) { fields.append("\"title\": \(jsonString(line()))") }
                if chance(0.4) { fields.append("\"url\": \(jsonString(pick(["https://a.org/x y", "<>", line()])))") }
                if chance(0.4) { fields.append("\"date\": \(jsonString(pick(["2022-03-21", "2022-03-21T10:00:00Z", "March 2022", line()])))") }
                if chance(0.3) { fields.append("\"outlet\": \(jsonString(line()))") }
                if chance(0.3) { fields.append("\(jsonString(fragment())): \(pick(["null", "1e400", "[1,{}]", "true", jsonString(line())]))") }
                lines.append("{" + fields.shuffled(using: &rng).joined(separator: ", ") + "}")
            }
        }
        return lines.joined(separator: pick(["\n", "\r\n", "\n\n"])) + (chance(0.7) ? "\n" : "")
    }

    /// A file name and its bytes (gzip-compressed by the caller when the name ends in .gz).
    mutating func file() -> (String, [UInt8]) {
        switch int(0...11) {
        case 0: return ("random.txt", (0..<int(0...3000)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 1: return ("mutated.txt", mutate(Array(text().utf8)))
        case 2: return ("utf16.txt", [0xFF, 0xFE] + text().utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        case 3: return ("page.html", Array(html().utf8))
        case 4: return ("mutated.html", mutate(Array(html().utf8)))
        case 5: return ("doc.xml", Array(html().utf8))
        case 6: return ("records.jsonl", Array(jsonLines().utf8))
        case 7: return ("mutated.jsonl", mutate(Array(jsonLines().utf8)))
        case 8: return ("records.jsonl.gz", Array(jsonLines().utf8))
        case 9: return ("article.txt.gz", Array(text().utf8))
        case 10: return (pick(["noextension", "weird name ✓.txt", "x.md"]), Array(text().utf8))
        default: return ("article.txt", Array(text().utf8))
        }
    }
}
