import Foundation
import NewsGraph
import NewsGraphExport
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
}
