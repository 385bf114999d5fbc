import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphModel
import NewsGraphStore
import Testing

/// exports/ holds the exports of seeds/; this fails when they are not what the build writes now.
@Suite struct ExportsFreshnessTests {
    @Test func committedExportsAreWhatTheBuildWrites() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = Workflows.Options()
        options.ontology = TestPaths.ontology
        let summary = try Workflows.build([TestPaths.seeds], out: dir, storePath: nil, formats: GraphFormat.allCases, options: options, observer: nil)
        #expect(summary.problems.isEmpty)
        for format in GraphFormat.allCases {
            let name = "graph." + format.fileExtension
            let fresh = FileManager.default.contents(atPath: dir + "/" + name)
            let committed = FileManager.default.contents(atPath: TestPaths.exports + "/" + name)
            #expect(fresh != nil)
            #expect(fresh == committed, "exports/\(name) is stale: run `swift run newsgraph build seeds --out exports` and commit it")
        }
    }

    /// Exports read a node's provenance from in-memory tables when the store is small enough,
    /// and through SQLite joins when it is not: both must write the same bytes.
    @Test func provenanceTablesAndJoinsWriteTheSameExports() throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = Workflows.Options()
        options.ontology = TestPaths.ontology
        _ = try Workflows.ingest([TestPaths.seeds], storePath: dir + "/seeds.db", options: options, observer: nil)
        let store = try GraphStore(path: dir + "/seeds.db", readOnly: true)
        try ProvenancePaths.expectSameExports(store, context: "seeds")
    }
}

enum ProvenancePaths {
    /// Writes every format with the provenance tables and with the joins, and expects the
    /// same bytes.
    static func expectSameExports(_ store: GraphStore, context: String) throws {
        let minter = try IRIMinter()
        for format in GraphFormat.allCases {
            let tables = MemorySink()
            let joins = MemorySink()
            try Exporter.write(StoreGraph(store: store, minter: minter), as: format, to: tables)
            try Exporter.write(StoreGraph(store: store, minter: minter, provenanceTableBudget: 0), as: format, to: joins)
            #expect(!tables.bytes.isEmpty)
            // Compared apart, so that a failure names the format rather than print both files.
            let same = tables.bytes == joins.bytes
            #expect(same, "\(context): \(format.name) differs between the provenance tables and the joins")
        }
    }
}
