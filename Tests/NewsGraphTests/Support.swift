import Foundation
import NewsGraph
import NewsGraphModel

/// Paths the tests use.
enum TestPaths {
    /// The package root (this file is Tests/NewsGraphTests/Support.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var ontology: String { root.appendingPathComponent("ontology").path }
    static var seeds: String { root.appendingPathComponent("seeds").path }
    static var exports: String { root.appendingPathComponent("exports").path }
    static var shared: String { root.deletingLastPathComponent().appendingPathComponent("shared").path }
    static func fixture(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// Ingests the seeds into a new store in `directory`; returns the store's path.
    static func ingestSeeds(into directory: String) throws -> String {
        var options = Workflows.Options()
        options.ontology = ontology
        let path = directory + "/seeds.db"
        _ = try Workflows.ingest([seeds], storePath: path, options: options, observer: nil)
        return path
    }

    static func temporaryDirectory(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-test-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}

/// The shared pipeline (the lexicons are loaded once).
enum Shared {
    static let pipeline: ArticlePipeline = {
        do { return try ArticlePipeline(ontology: OntologyDirectory(path: TestPaths.ontology)) } catch { fatalError("\(error)") }
    }()
}

/// Buffers for byte scans: every byte value at every position of a buffer of each length (the
/// rest `a`), after a neighbour that differs from it in the high bit; `body` gets the buffer
/// and a description for failures.
enum ScanBuffers {
    static func everyByteAtEveryPosition(lengths: [Int], _ body: ([UInt8], String) -> Void) {
        for length in lengths {
            for value in 0...255 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: 0x61, count: length)
                    bytes[position] = UInt8(value)
                    if position > 0 { bytes[position - 1] = UInt8((value + 0x80) & 0xFF) }
                    body(bytes, "value \(value) at \(position) of \(length)")
                }
            }
        }
    }
}
