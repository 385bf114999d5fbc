import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the tests find the binary, the ontology, the fixtures and the golden files.
enum Paths {
    /// This folder in the source tree (Tests/NewsGraphCLITests), so recordings land in the repo.
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let snapshots = tests.appendingPathComponent("Snapshots")
    static let fixtures = tests.appendingPathComponent("Fixtures")
    static let ontology = root.appendingPathComponent("ontology").path
    static let seeds = root.appendingPathComponent("seeds").path
    /// The shared data next to the checkout (/work/shared): the Wikinews corpus.
    static let wikinews = root.deletingLastPathComponent().appendingPathComponent("shared/bench/wikinews.jsonl.gz").path

    /// The built `newsgraph`, in the products folder next to the test bundle (as
    /// swift-argument-parser's AssertExecuteCommand finds its examples).
    static let binary: URL = {
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("newsgraph")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return products.appendingPathComponent("newsgraph")
    }()
}

/// One run of the binary: what it printed and how it exited, with machine-specific text
/// (the workspace path, timings, process ids) replaced by placeholders.
struct Run {
    var arguments: [String]
    var stdout: String
    var stderr: String
    var status: Int32

    /// The run as it appears in a golden file.
    var transcript: String {
        var out = "$ newsgraph " + arguments.map(Run.quote).joined(separator: " ") + "\n"
        for (name, text) in [("stdout", stdout), ("stderr", stderr)] where !text.isEmpty {
            // (CSV lines end in CRLF, which Swift sees as one Character: look at the bytes.)
            out += "--- \(name)\n" + text + (text.utf8.last == UInt8(ascii: "\n") ? "" : "\n[no newline at end]\n")
        }
        return out + "--- exit \(status)\n\n"
    }

    static func quote(_ argument: String) -> String {
        let plain = argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@".contains($0) }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A temporary folder the binary runs in, so every path in its output is relative. Runs are
/// collected into a transcript for the golden file.
final class Workspace {
    let path: String
    private let owned: Bool
    private(set) var transcript = ""

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-cli-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
        owned = true
    }

    /// An existing folder that this workspace must not delete (the shared fixture store).
    init(sharing path: String) {
        self.path = path
        owned = false
    }

    deinit {
        if owned { try? FileManager.default.removeItem(atPath: path) }
    }

    func url(_ relative: String) -> URL { URL(fileURLWithPath: path).appendingPathComponent(relative) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url(relative).path) }

    func read(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }

    func write(_ relative: String, _ data: Data) throws {
        try FileManager.default.createDirectory(at: url(relative).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url(relative))
    }

    func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    /// Copies the hand-written fixture articles into `articles/`.
    func copyFixtures(to relative: String = "articles") throws {
        try FileManager.default.copyItem(at: Paths.fixtures.appendingPathComponent("articles"), to: url(relative))
    }

    /// Copies some seed articles (by index) into `seeds/`.
    func copySeeds(_ indices: [Int], to relative: String = "seeds") throws {
        try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Paths.seeds).filter { $0.hasSuffix(".txt") }.sorted()
        for i in indices {
            try FileManager.default.copyItem(atPath: Paths.seeds + "/" + names[i], toPath: url(relative).appendingPathComponent(names[i]).path)
        }
    }

    /// Starts the binary without waiting (for kill -9 and concurrency tests).
    func start(_ arguments: [String]) throws -> (process: Process, stdout: URL, stderr: URL) {
        let process = Process()
        process.executableURL = Paths.binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        var environment = ProcessInfo.processInfo.environment
        environment["NEWSGRAPH_ONTOLOGY"] = Paths.ontology
        environment["COLUMNS"] = "80"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let id = UUID().uuidString.prefix(8)
        let stdout = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-cli-\(id).out")
        let stderr = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-cli-\(id).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, stdout, stderr)
    }

    /// Waits for a started process and collects its output.
    func finish(_ started: (process: Process, stdout: URL, stderr: URL), log: Bool = true) -> Run {
        started.process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: started.stdout)
            try? FileManager.default.removeItem(at: started.stderr)
        }
        let out = (try? String(contentsOf: started.stdout, encoding: .utf8)) ?? "<not UTF-8>"
        let err = (try? String(contentsOf: started.stderr, encoding: .utf8)) ?? "<not UTF-8>"
        let run = Run(arguments: started.process.arguments ?? [], stdout: normalize(out), stderr: normalize(err),
                      status: started.process.terminationStatus)
        if log { transcript += run.transcript }
        return run
    }

    /// Runs the binary to the end; `log: false` leaves the run out of the transcript.
    @discardableResult
    func run(_ arguments: String..., log: Bool = true) throws -> Run {
        try run(arguments, log: log)
    }

    @discardableResult
    func run(_ arguments: [String], log: Bool = true) throws -> Run {
        try finish(start(arguments), log: log)
    }

    /// Makes output machine-independent: the workspace path, durations and process ids.
    func normalize(_ text: String) -> String {
        var text = text
        for prefix in [path, URL(fileURLWithPath: path).resolvingSymlinksInPath().path] {
            text = text.replacingOccurrences(of: prefix, with: "<tmp>")
        }
        text = text.replacing(#/ in [0-9]+(\.[0-9]+)? s\n/#, with: " in <time> s\n")
        text = text.replacing(/\(process [0-9]+\)/, with: "(process <pid>)")
        return text
    }
}

/// The fixture articles ingested once into a store that the read-only query tests share.
enum FixtureStore {
    static let prepared: Result<String, FixtureError> = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-cli-fixture-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        removeAtExit = dir
        atexit { if let dir = FixtureStore.removeAtExit { try? FileManager.default.removeItem(atPath: dir) } }
        let workspace = Workspace(sharing: dir)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try workspace.copyFixtures()
            let run = try workspace.run("ingest", "articles", "--db", "fixture.db")
            guard run.status == 0 else { return .failure(FixtureError(message: run.transcript)) }
        } catch {
            return .failure(FixtureError(message: "\(error)"))
        }
        return .success(dir)
    }()

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { "cannot build the fixture store: \(message)" }
    }

    nonisolated(unsafe) static var removeAtExit: String?

    /// A workspace in the shared store's folder (`--db fixture.db`); only read from it.
    static func workspace() throws -> Workspace { Workspace(sharing: try prepared.get()) }
}
