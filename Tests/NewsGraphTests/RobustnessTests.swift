import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 7, item 1: hostile and broken input. Every problem names the file (and the line or
/// byte), says what to do, and the rest of the batch goes on. Fixtures are in
/// Fixtures/hostile (see its README); large inputs are generated here, sparse or streamed.
/// Serialized: the memory checks reset the process's peak RSS, which is process-wide. Their
/// bounds leave room for the suites running beside them and catch an input held in memory.
@Suite(.serialized) struct RobustnessTests {
    // MARK: - Empty, binary, encodings

    @Test func emptyAndBlankFilesAreSkippedWithAMessage() {
        for name in ["empty.txt", "whitespace.txt", "invisible.txt"] {
            let (articles, problems) = Hostile.read(Hostile.fixture(name))
            #expect(articles.isEmpty, "\(name)")
            #expect(problems.map(\.kind) == [.empty], "\(name): \(problems)")
            #expect(problems.first?.path.hasSuffix(name) == true)
            #expect(problems.first?.hint.contains("remove it") == true)
        }
    }

    @Test func binaryFilesAreRefusedWithTheOffsetOfTheFirstNULByte() {
        let image = Hostile.read(Hostile.fixture("image.txt")).problems
        #expect(image.map(\.kind) == [.binary])
        #expect(image.first?.byteOffset == 8)
        #expect(image.first?.description.contains("image.txt: byte 8: binary") == true, "\(image)")

        let nul = Hostile.read(Hostile.fixture("nul.txt")).problems
        #expect(nul.map(\.kind) == [.binary])
        #expect(nul.first?.byteOffset == 66)
        #expect(nul.first?.message.contains("line 2") == true, "\(nul)")

        let controls = Hostile.read(Hostile.fixture("controls.txt")).problems
        #expect(controls.map(\.kind) == [.binary], "\(controls)")
    }

    @Test func invalidUTF8NamesTheByteOffsetAndTheLine() {
        let (articles, problems) = Hostile.read(Hostile.fixture("latin1.txt"))
        #expect(articles.isEmpty)
        #expect(problems.count == 1)
        let problem = problems[0]
        #expect(problem.kind == .encoding)
        #expect(problem.byteOffset == 79) // the 0xE9 of "caf\xe9"
        #expect(problem.message.contains("0xE9") && problem.message.contains("line 2"), "\(problem)")
        #expect(problem.hint.contains("iconv"))
        #expect(problem.description.hasPrefix(problem.path + ": byte 79: invalid encoding"))
    }

    @Test(arguments: ["utf16le-bom.txt", "utf16be-bom.txt"])
    func utf16WithAByteOrderMarkIsDecodedAndIngested(name: String) throws {
        let (articles, problems) = Hostile.read(Hostile.fixture(name))
        #expect(problems.isEmpty, "\(problems)")
        let text = try #require(articles.first?.text)
        #expect(text.hasPrefix("Japan said on Monday"))
        #expect(text.contains("Erdoğan") && text.contains("café") && text.contains("🇯🇵"))
        let extraction = Shared.pipeline.extract(articles[0])
        #expect(extraction.entities.contains { $0.label == "Japan" })
    }

    @Test func utf16WithoutAByteOrderMarkAndUTF32AreExplained() {
        let noBOM = Hostile.read(Hostile.fixture("utf16le-no-bom.txt")).problems
        #expect(noBOM.map(\.kind) == [.encoding])
        #expect(noBOM.first?.message.contains("UTF-16 without a byte-order mark") == true, "\(noBOM)")
        let utf32 = Hostile.read(Hostile.fixture("utf32le-bom.txt")).problems
        #expect(utf32.map(\.kind) == [.encoding])
        #expect(utf32.first?.message.contains("UTF-32") == true, "\(utf32)")
        let jsonl = Hostile.read(Hostile.fixture("utf16.jsonl")).problems
        #expect(jsonl.count == 1 && jsonl.first?.message.contains("UTF-16") == true, "\(jsonl)")
    }

    // MARK: - Size limits and memory

    @Test func aHugeFileIsRefusedByItsSizeBeforeAnyByteIsRead() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/huge.txt"
        // 1 GB with no line break, sparse: it costs no disk, and reading it would cost 1 GB.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(ftruncate(fd, 1 << 30) == 0)
        close(fd)
        var problems: [InputProblem] = []
        let growth = Memory.peakGrowthMB { problems = Hostile.read(path).problems }
        #expect(problems.map(\.kind) == [.tooLarge])
        #expect(problems.first?.message.contains("1073 MB is too large") == true, "\(problems)")
        #expect(problems.first?.hint.contains("--max-article-mb") == true)
        if let growth { #expect(growth < 300, "peak memory grew by \(growth) MB for a 1 GB file") }
    }

    @Test func aHugeCompressedTextIsCutAtTheLimit() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bomb.txt.gz"
        let gz = GzipWriter(path: path)
        let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
        for _ in 0..<512 { gz.write(chunk) } // 512 MB of text, about 2 MB compressed
        gz.close()
        var problems: [InputProblem] = []
        let growth = Memory.peakGrowthMB { problems = Hostile.read(path, limits: IngestLimits(maxArticleBytes: 2_000_000)).problems }
        #expect(problems.map(\.kind) == [.tooLarge])
        #expect(problems.first?.message.contains("once decompressed") == true, "\(problems)")
        if let growth { #expect(growth < 250, "peak memory grew by \(growth) MB for 512 MB of text") }
    }

    /// A JSON Lines line over the limit is skipped by the streaming line reader: its bytes
    /// are counted, never held. 400 MB, sparse on disk; the records around it are read.
    @Test func anOverlongJSONLinesLineIsSkippedWithoutHoldingIt() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/long-line.jsonl"
        let first = "{\"id\": \"before\", \"text\": \"Japan met Russia.\"}\n{\"id\": \"huge\", \"text\": \""
        let last = "\"}\n{\"id\": \"after\", \"text\": \"Russia met Japan.\"}\n"
        let size = 400 << 20
        #expect(FileManager.default.createFile(atPath: path, contents: Data(first.utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.seek(toOffset: UInt64(size))
        try handle.write(contentsOf: Data(last.utf8))
        try handle.close()

        var result: (articles: [RawArticle], problems: [InputProblem]) = ([], [])
        let growth = Memory.peakGrowthMB { result = Hostile.read(path) }
        #expect(result.articles.map(\.sourceName) == ["before", "after"])
        #expect(result.problems.count == 1)
        let problem = try #require(result.problems.first)
        #expect(problem.kind == .tooLarge && problem.line == 2, "\(problem)")
        #expect(problem.description.contains("long-line.jsonl:2: too large"))
        #expect(problem.hint.contains("without being read into memory"))
        if let growth { #expect(growth < 250, "peak memory grew by \(growth) MB for a 400 MB line") }
    }

    @Test func anOverlongLineInsideGzipIsSkippedToo() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/long-line.jsonl.gz"
        let gz = GzipWriter(path: path)
        gz.write("{\"id\": \"before\", \"text\": \"Japan met Russia.\"}\n{\"text\": \"")
        let chunk = [UInt8](repeating: 0x78, count: 1 << 20)
        for _ in 0..<300 { gz.write(chunk) }
        gz.write("\"}\n{\"id\": \"after\", \"text\": \"Russia met Japan.\"}\n")
        gz.close()
        var result: (articles: [RawArticle], problems: [InputProblem]) = ([], [])
        let growth = Memory.peakGrowthMB { result = Hostile.read(path) }
        #expect(result.articles.map(\.sourceName) == ["before", "after"])
        #expect(result.problems.map(\.kind) == [.tooLarge])
        #expect(result.problems.first?.line == 2)
        if let growth { #expect(growth < 200, "peak memory grew by \(growth) MB for a 300 MB line") }
    }

    // MARK: - gzip

    /// Really truncated files, cut from a complete one at several points.
    @Test func aTruncatedGzipKeepsTheRecordsBeforeTheCut() throws {
        let complete = try Data(contentsOf: URL(fileURLWithPath: Hostile.fixture("complete.jsonl.gz")))
        let whole = Hostile.read(Hostile.fixture("complete.jsonl.gz"))
        #expect(whole.problems.isEmpty)
        #expect(whole.articles.count == 60)

        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var previous = -1
        for cut in [complete.count / 2, complete.count * 3 / 4, complete.count - 8, complete.count - 1] {
            let path = dir + "/cut-\(cut).jsonl.gz"
            try complete.prefix(cut).write(to: URL(fileURLWithPath: path))
            let (articles, problems) = Hostile.read(path)
            #expect(problems.count == 1, "cut at \(cut): \(problems)")
            let problem = try #require(problems.first)
            #expect(problem.kind == .truncated, "\(problem)")
            #expect(problem.message.contains("ends early"), "\(problem)")
            #expect(problem.line == articles.count + 1, "\(problem)")
            #expect(problem.hint.contains("were kept"))
            // What was read is exactly the first records, in order, complete.
            #expect(articles.map(\.sourceName) == Array(whole.articles.map(\.sourceName).prefix(articles.count)))
            #expect(articles.last.map { $0.text == whole.articles[articles.count - 1].text } ?? true)
            #expect(articles.count >= previous)
            previous = articles.count
        }
        #expect(previous == 60) // cut in the trailer: every record read, the cut still reported
    }

    @Test func aCorruptGzipIsReported() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Hostile.fixture("complete.jsonl.gz"))))
        bytes[bytes.count / 2] ^= 0xFF
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/corrupt.jsonl.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (articles, problems) = Hostile.read(path)
        #expect(articles.count < 60)
        #expect(problems.contains { $0.kind == .truncated && $0.message.contains("corrupt") }, "\(problems)")
    }

    // MARK: - JSON Lines

    @Test func malformedJSONLinesAreReportedByLineAndTheRestIsRead() {
        let (articles, problems) = Hostile.read(Hostile.fixture("malformed.jsonl"))
        #expect(articles.map(\.sourceName) == ["a1", "a8"])
        #expect(problems.map(\.line) == [2, 3, 4, 6, 7])
        #expect(problems.map(\.kind) == [.malformed, .malformed, .malformed, .empty, .malformed])
        #expect(problems[0].description.contains("malformed.jsonl:2: malformed: not valid JSON"))
        #expect(problems[4].message.contains("surrogate"), "\(problems[4])")
        for problem in problems { #expect(problem.hint.contains("skipped")) }
    }

    @Test func anInvalidUTF8LineIsSkippedByNumber() {
        let (articles, problems) = Hostile.read(Hostile.fixture("invalid-utf8.jsonl"))
        #expect(articles.map(\.sourceName) == ["b1", "b3"])
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.kind == .encoding)
        #expect(problems.first?.message.contains("0xE9") == true)
    }

    @Test func aFileOfThousandsOfBadLinesListsAHundred() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/noisy.jsonl"
        let good = "{\"id\": \"good\", \"text\": \"Japan met Russia.\"}\n"
        try (good + String(repeating: "not json\n", count: 5000) + good.replacingOccurrences(of: "good", with: "last"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        let (articles, problems) = Hostile.read(path)
        #expect(articles.map(\.sourceName) == ["good", "last"])
        #expect(problems.count == 101)
        #expect(problems.last?.line == 102)
        #expect(problems.last?.message.hasPrefix("4900 more lines were skipped") == true, "\(problems.last!)")
    }

    @Test func aFileThatIsNotJSONLinesGivesOneMessage() {
        let (articles, problems) = Hostile.read(Hostile.fixture("table.jsonl"))
        #expect(articles.isEmpty)
        #expect(problems.count == 1, "\(problems.prefix(3))")
        #expect(problems.first?.message.contains("not a JSON Lines file") == true)
    }

    // MARK: - HTML and XML

    @Test func scriptsIframesAndCommentsAreDroppedFromHTML() throws {
        let (articles, problems) = Hostile.read(Hostile.fixture("scripts.html"))
        #expect(problems.isEmpty)
        let text = try #require(articles.first?.text)
        #expect(text.contains("Japan said on Monday it would halt peace treaty talks with Russia."))
        #expect(text.contains("Russia called the move unfriendly."))
        for leak in ["SCRIPT", "STYLE", "COMMENT", "IFRAME", "NOSCRIPT", "TEMPLATE", "NAV-TEXT", "FOOTER", "HIDDEN", "<", "]]>", "&"] {
            #expect(!text.contains(leak), "\(leak) leaked into: \(text)")
        }
        // A CDATA section is text (as in the XML files this reader also takes), without its markup.
        #expect(text.hasSuffix("CDATA-IN-HTML"))
        #expect(articles.first?.title == "Japan halts talks")
    }

    /// DTDs, external entities (a file, a URL on a local port that counts connections) and
    /// entity bombs: nothing fetched, nothing expanded, no declaration in the text.
    @Test func documentTypesAndEntitiesAreNeverFetchedOrExpanded() throws {
        let listener = try LocalListener()
        defer { listener.close() }
        let url = "http://127.0.0.1:\(listener.port)"
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files = ["billion-laughs.xml", "quadratic-blowup.html", "xxe.xml", "xxe.html"].map { Hostile.fixture($0) }
        // The fixtures point at port 9; these point at the listener.
        for (name, body) in [
            ("xxe-local.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE article SYSTEM "\(url)/system.dtd" [
              <!ENTITY passwd SYSTEM "file:///etc/passwd">
              <!ENTITY remote SYSTEM "\(url)/entity.xml">
              <!ENTITY % parameter SYSTEM "\(url)/parameter.dtd">
              %parameter;
            ]>
            <article><p>Japan said on Monday it would halt talks with Russia. &passwd; &remote;</p>
            <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="\(url)/xinclude.xml"/></article>
            """),
            ("xxe-local.html", """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "\(url)/xhtml.dtd" [ <!ENTITY passwd SYSTEM "file:///etc/passwd"> ]>
            <html><head><link rel="stylesheet" href="\(url)/style.css"><script src="\(url)/script.js"></script></head>
            <body><p>Japan said on Monday it would halt talks with Russia. &passwd;</p>
            <img src="\(url)/image.png"><iframe src="\(url)/frame.html"></iframe></body></html>
            """),
        ] {
            try body.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            files.append(dir + "/" + name)
        }
        var results: [(articles: [RawArticle], problems: [InputProblem])] = []
        let growth = Memory.peakGrowthMB { results = files.map { Hostile.read($0) } }
        for (file, result) in zip(files, results) {
            #expect(result.problems.isEmpty, "\(file): \(result.problems)")
            let text = try #require(result.articles.first?.text, "\(file)")
            #expect(text.contains("Japan said on Monday it would halt talks with Russia."), "\(file): \(text)")
            for leak in ["root:", "lol", "ENTITY", "&passwd;", "&remote;", "xxxxxxxxxx", "&a;", "]>", "DOCTYPE", "SYSTEM"] {
                #expect(!text.contains(leak), "\(file): \(leak) in \(text.prefix(300))")
            }
            #expect(text.count < 200, "\(file): \(text.count) characters")
        }
        #expect(listener.connections() == 0, "a reader connected to the network")
        if let growth { #expect(growth < 100, "peak memory grew by \(growth) MB") }
    }

    /// Tree walks are iterative: a page nested 100,000 levels deep is read on a thread with a
    /// 1 MB stack, and its text is not lost.
    @Test func deeplyNestedHTMLNeitherOverflowsTheStackNorLosesText() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let depth = 100_000
        let path = dir + "/deep.html"
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + "<p>Japan said on Monday it would halt talks with Russia.</p>"
            + String(repeating: "</div>", count: depth) + "<p>" + String(repeating: "<b>", count: depth) + "Russia replied." + "</body></html>"
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (articles: [RawArticle], problems: [InputProblem]) = ([], [])
        let thread = Thread {
            result = Hostile.read(path)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        #expect(result.problems.isEmpty, "\(result.problems)")
        let text = result.articles.first?.text ?? ""
        #expect(text.contains("Japan said on Monday it would halt talks with Russia."), "\(text.prefix(200))")
    }

    // MARK: - Paths

    @Test func missingAndUnreachablePathsAreNamed() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer {
            chmod(dir + "/folder/locked", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/folder/locked", withIntermediateDirectories: true)
        chmod(dir, 0o755)
        chmod(dir + "/folder", 0o755)
        let article = "Japan said on Monday it would halt talks with Russia."
        try article.write(toFile: dir + "/folder/good.txt", atomically: true, encoding: .utf8)
        try article.write(toFile: dir + "/folder/secret.txt", atomically: true, encoding: .utf8)
        try article.write(toFile: dir + "/folder/locked/inside.txt", atomically: true, encoding: .utf8)
        chmod(dir + "/folder/good.txt", 0o644)
        chmod(dir + "/folder/secret.txt", 0o000)
        chmod(dir + "/folder/locked", 0o000)
        try fm.createSymbolicLink(atPath: dir + "/folder/dangling.txt", withDestinationPath: dir + "/nowhere.txt")
        try fm.createSymbolicLink(atPath: dir + "/folder/loop", withDestinationPath: dir + "/folder")
        #expect(mkfifo(dir + "/folder/pipe.txt", 0o644) == 0)

        let reader = InputReader()
        let (files, problems) = Unprivileged.run { reader.files([dir + "/missing.txt", dir + "/folder"]) }
        let names = files.map(\.name)
        #expect(names == ["good.txt", "secret.txt"], "\(names)")
        func problem(_ suffix: String) -> InputProblem? { problems.first { $0.path.hasSuffix(suffix) } }
        #expect(problem("missing.txt")?.kind == .missing)
        #expect(problem("missing.txt")?.hint.contains("check the path") == true)
        #expect(problem("dangling.txt")?.message.contains("symbolic link") == true, "\(problems)")
        #expect(problem("locked")?.kind == .unreadable)
        #expect(problem("locked")?.message.contains("Permission denied") == true, "\(problems)")
        #expect(problem("loop")?.kind == .unsupported, "\(problems)")
        #expect(problem("pipe.txt")?.message.contains("not a regular file") == true, "\(problems)")
        #expect(problems.count == 5, "\(problems)")

        // The unreadable file is named when it is read; the FIFO given by name is refused without blocking.
        let secret = Unprivileged.run { Hostile.read(dir + "/folder/secret.txt").problems }
        #expect(secret.map(\.kind) == [.unreadable])
        #expect(secret.first?.message.contains("Permission denied") == true, "\(secret)")
        #expect(secret.first?.hint.contains("permissions") == true)
        let fifo = Hostile.read(dir + "/folder/pipe.txt").problems
        #expect(fifo.map(\.kind) == [.unsupported], "\(fifo)")
    }

    /// A file name with an escape sequence is shown escaped, never sent to the terminal; a
    /// name that is not UTF-8 (it cannot be opened through a Swift string) is named, not
    /// reported as missing.
    @Test func hostileFileNamesAreShownSafely() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let escape = dir + "/\u{1B}[2J\u{7}clear.txt"
        #expect(FileManager.default.createFile(atPath: escape, contents: Data()))
        let raw: [UInt8] = Array((dir + "/caf").utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: raw.count) { open($0, O_WRONLY | O_CREAT, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        let (store, storeDir) = try Hostile.store()
        defer { try? FileManager.default.removeItem(atPath: storeDir) }
        let summary = try Ingestor(pipeline: Shared.pipeline, store: store).ingest([dir])
        #expect(summary.problems.count == 2, "\(summary.problems)")
        for problem in summary.problems {
            #expect(!problem.description.unicodeScalars.contains { $0.value < 0x20 }, "\(problem)")
        }
        #expect(summary.problems.contains { $0.kind == .empty && $0.description.contains("\\u{1B}[2J\\u{7}clear.txt") }, "\(summary.problems)")
        #expect(summary.problems.contains { $0.kind == .unsupported && $0.message.contains("not valid UTF-8") }, "\(summary.problems)")
    }

    // MARK: - Outputs

    @Test func anOutputFolderThatCannotBeWrittenFailsWithAMessage() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer {
            chmod(dir + "/readonly", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try FileManager.default.createDirectory(atPath: dir + "/readonly", withIntermediateDirectories: true)
        chmod(dir, 0o777)
        chmod(dir + "/readonly", 0o555)
        try "x".write(toFile: dir + "/file", atomically: true, encoding: .utf8)

        func failure(_ out: String) -> String {
            do {
                try Unprivileged.run { try Exporter.writeAll(MemoryGraph(), toDirectory: out) }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let existing = failure(dir + "/readonly")
        #expect(existing.contains("cannot write in the output folder: Permission denied"), "\(existing)")
        let nested = failure(dir + "/readonly/new/out")
        #expect(nested.contains("cannot create the output folder: Permission denied"), "\(nested)")
        let file = failure(dir + "/file")
        #expect(file.contains("this is a file, not a folder"), "\(file)")
        #expect(failure(dir + "/file/out").contains("/file: export failed: this is a file, not a folder"))

        // `build` checks the folder before it ingests anything: the store is never created.
        var options = Workflows.Options()
        options.ontology = TestPaths.ontology
        let store = dir + "/graph.db"
        let article = dir + "/a.txt"
        try "Japan said on Monday it would halt talks with Russia.".write(toFile: article, atomically: true, encoding: .utf8)
        chmod(article, 0o644)
        #expect(throws: ExportError.self) {
            try Unprivileged.run {
                _ = try Workflows.build([article], out: dir + "/readonly/out", storePath: store, formats: GraphFormat.allCases,
                                        options: options, observer: nil)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: store))

        if let disk = SmallDisk(kilobytes: 64, readOnly: true) {
            defer { disk.unmount() }
            let readOnly = failure(disk.path)
            #expect(readOnly.contains("Read-only file system") && readOnly.contains("read-only"), "\(readOnly)")
        }
    }

    /// A sink that fails like a full disk after `budget` bytes: every writer passes the error
    /// on, named, including the libxml2-based ones.
    final class FullDiskSink: ByteSink {
        var budget: Int
        init(budget: Int) { self.budget = budget }
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            budget -= bytes.count
            if budget < 0 { throw ExportError(path: "sink", message: "cannot write: No space left on device") }
        }
        func flush() throws {}
    }

    @Test(arguments: GraphFormat.allCases)
    func everyWriterPassesOnAFullDisk(format: GraphFormat) throws {
        let graph = try TortureGraph.build()
        #expect {
            try Exporter.write(graph, as: format, to: FullDiskSink(budget: 4096))
        } throws: { error in
            "\(error)".contains("No space left on device")
        }
    }

    /// A real full disk (a small tmpfs, when the tests run as root): the exports that were
    /// there stay byte for byte, with no temporary file left, whether the disk fills on the
    /// first file or after some files were already written.
    @Test func aFullDiskLeavesThePreviousExportsIntact() throws {
        guard let disk = SmallDisk(kilobytes: 4096) else { return } // not root: the injected sink test covers it
        defer { disk.unmount() }
        let out = disk.path + "/out"
        var small = MemoryGraph()
        small.add(GraphNode(iri: "https://newsgraph.example.org/id/article/a", id: "article.a", kind: .article, properties: [.label("previous")]))
        try Exporter.writeAll(small, toDirectory: out)
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out) {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            return files
        }
        let before = try snapshot()
        #expect(before.count == GraphFormat.allCases.count)

        let torture = try TortureGraph.build()
        let graphML = MemorySink()
        try Exporter.write(torture, as: .graphML, to: graphML)
        // First with no room at all, then with room for the GraphML file but not the rest.
        for leave in [0, graphML.bytes.count + 8192] {
            try? FileManager.default.removeItem(atPath: disk.path + "/filler")
            try disk.fill(leaving: leave)
            #expect {
                try Exporter.writeAll(torture, toDirectory: out)
            } throws: { error in
                "\(error)".contains("No space left on device") && "\(error)".contains("free some disk space")
            }
            #expect(try snapshot() == before, "leaving \(leave) bytes")
        }
        try? FileManager.default.removeItem(atPath: disk.path + "/filler")
        try Exporter.writeAll(torture, toDirectory: out)
        #expect(try snapshot() != before)
    }

    // MARK: - Batches, summary, strict

    func batchFolder() throws -> String {
        let dir = try TestPaths.temporaryDirectory("batch")
        for name in ["empty.txt", "image.txt", "latin1.txt", "malformed.jsonl", "utf16le-bom.txt", "scripts.html", "xxe.xml"] {
            try FileManager.default.copyItem(atPath: Hostile.fixture(name), toPath: dir + "/" + name)
        }
        try "Russia said on Tuesday it would expel Japanese diplomats.".write(toFile: dir + "/z-good.txt", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func theBatchGoesOnAndTheSummaryCountsWhatWasSkippedByKind() throws {
        let dir = try batchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, storeDir) = try Hostile.store()
        defer { try? FileManager.default.removeItem(atPath: storeDir) }
        let observer = CollectingObserver()
        let summary = try Ingestor(pipeline: Shared.pipeline, store: store).ingest([dir, dir + "/missing.txt"], observer: observer)
        #expect(summary.files == 8)
        #expect(summary.added == 6) // two JSON Lines records, UTF-16, HTML, XML, z-good
        #expect(observer.problems == summary.problems)
        let counts = Dictionary(uniqueKeysWithValues: summary.problemCounts.map { ($0.0, $0.1) })
        #expect(counts == [.missing: 1, .empty: 2, .binary: 1, .encoding: 1, .malformed: 4], "\(counts)")
        #expect(summary.line.contains("skipped 9: 1 not found, 2 empty, 1 binary, 1 invalid encoding, 4 malformed"), "\(summary.line)")
        for problem in summary.problems {
            #expect(problem.path.hasPrefix(dir), "\(problem)")
            #expect(!problem.hint.isEmpty)
        }
    }

    @Test func strictStopsAtTheFirstProblem() throws {
        let dir = try batchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (store, storeDir) = try Hostile.store()
        defer { try? FileManager.default.removeItem(atPath: storeDir) }
        var ingestor = Ingestor(pipeline: Shared.pipeline, store: store)
        ingestor.strict = true
        let observer = CollectingObserver()
        #expect {
            _ = try ingestor.ingest([dir + "/utf16le-bom.txt", dir + "/empty.txt", dir + "/z-good.txt"], observer: observer)
        } throws: { error in
            (error as? Ingestor.StrictStop)?.problem.path.hasSuffix("empty.txt") == true
        }
        #expect(observer.problems.count == 1)
        #expect(observer.added.count == 1) // the article before the problem is stored, the one after is not read
    }

    /// The real binary on the fixtures, when it was built alongside the tests.
    @Test func theCommandLineNamesEveryProblemAndExitsNonZero() throws {
        let binary = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("newsgraph").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { return }
        let dir = try batchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments + ["--ontology", TestPaths.ontology, "--quiet"]
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        let (status, stderr) = try run(["ingest", "--db", dir + "/store.db", dir])
        #expect(status == 2, "\(stderr)")
        for expected in ["empty.txt: empty:", "image.txt: byte 8: binary:", "latin1.txt: byte 79: invalid encoding:",
                         "malformed.jsonl:2: malformed:", "malformed.jsonl:7: malformed:"] {
            #expect(stderr.contains(expected), "\(expected) not in \(stderr)")
        }
        let strict = try run(["ingest", "--strict", "--db", dir + "/strict.db", dir])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("empty.txt: empty:"), "\(strict.stderr)")
        #expect(!strict.stderr.contains("image.txt"), "\(strict.stderr)")
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it (never answers).
final class LocalListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw ExportError(path: "listener", message: "cannot listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Connections waiting to be accepted (each accepted and closed).
    func connections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return count }
            Glibc.close(client)
            count += 1
        }
    }

    func close() { Glibc.close(fd) }
}
