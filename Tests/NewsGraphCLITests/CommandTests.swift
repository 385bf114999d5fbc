import Foundation
import Testing

/// Compares a workspace's transcript with `Snapshots/<test name>.txt`.
func assertTranscript(_ workspace: Workspace, name: String = #function, sourceLocation: SourceLocation = #_sourceLocation) {
    let testName = name.hasSuffix("()") ? String(name.dropLast(2)) : name
    assertSnapshot(workspace.transcript, named: testName, sourceLocation: sourceLocation)
}

@Suite("help")
struct HelpTests {
    @Test func helpTop() throws {
        let ws = try Workspace()
        let run = try ws.run("--help")
        #expect(run.status == 0)
        assertTranscript(ws)
    }

    @Test func helpQuery() throws {
        let ws = try Workspace()
        let run = try ws.run("query", "--help")
        #expect(run.status == 0)
        assertTranscript(ws)
    }
}

@Suite("build")
struct BuildTests {
    /// `build` writes the five exports and keeps the store it was asked to keep.
    @Test func buildSeeds() throws {
        let ws = try Workspace()
        try ws.copySeeds([0, 1, 2, 3, 4])
        let build = try ws.run("build", "seeds", "--out", "out", "--db", "seeds.db")
        #expect(build.status == 0)
        for file in ["graph.graphml", "graph.rdf", "graph.jsonld", "graph.nt", "graph.ttl"] {
            let data = try? ws.read("out/" + file)
            #expect((data?.count ?? 0) > 0, "out/\(file) is missing or empty")
        }
        try ws.run("stats", "--db", "seeds.db", "--format", "tsv")
        assertTranscript(ws)
    }
}

/// Read-only commands against the three fixture articles (Japan sanctions Russia; Russia
/// halts talks; Japan pledges aid to Ukraine).
@Suite("queries")
struct QueryTests {
    @Test func entitiesFormats() throws {
        let ws = try FixtureStore.workspace()
        for format in ["jsonl", "csv", "tsv", "table", "json"] {
            #expect(try ws.run("entities", "--type", "Country", "--db", "fixture.db", "--format", format).status == 0)
        }
        #expect(try ws.run("entities", "--db", "fixture.db", "--format", "table").status == 0)
        assertTranscript(ws)
    }

    @Test func queryPatterns() throws {
        let ws = try FixtureStore.workspace()
        #expect(try ws.run("query", "Russia -> Japan", "--db", "fixture.db", "--format", "table").status == 0)
        #expect(try ws.run("query", "? -[halt_talks]-> Japan", "--db", "fixture.db", "--format", "tsv").status == 0)
        #expect(try ws.run("query", "Kishida -[*]-> ?", "--db", "fixture.db", "--format", "jsonl").status == 0)
        // Aliases and case do not matter; a bare name is everything it did.
        #expect(try ws.run("query", "\"fumio kishida\"", "--db", "fixture.db", "--format", "csv").status == 0)
        assertTranscript(ws)
    }

    @Test func queryActionFilters() throws {
        let ws = try FixtureStore.workspace()
        let csv = ["--db", "fixture.db", "--format", "csv"]
        // A label, a CAMEO code prefix (16: sanctions and halting talks), a PLOVER category
        // (CONSULT: meetings), in any case.
        for action in ["impose_sanctions", "16", "consult"] {
            #expect(try ws.run(["query", "--action", action] + csv).status == 0)
        }
        // The pattern's action and --action both apply.
        #expect(try ws.run(["query", "Japan -[16]-> ?", "--action", "impose_sanctions"] + csv).status == 0)
        assertTranscript(ws)
    }

    @Test func queryDateFilters() throws {
        let ws = try FixtureStore.workspace()
        let csv = ["--db", "fixture.db", "--format", "csv"]
        #expect(try ws.run(["query", "--since", "2022-03-10"] + csv).status == 0)
        #expect(try ws.run(["query", "--until", "2022-03-10"] + csv).status == 0)
        #expect(try ws.run(["query", "--since", "2022-03-10", "--until", "2022-03-20"] + csv).status == 0)
        // A partial date is the whole month, on both sides: the query's (March) and the
        // event's (Lavrov's accusation "last month", 2022-02, overlaps February 15-20).
        #expect(try ws.run(["query", "--since", "2022-03", "--until", "2022-03"] + csv).status == 0)
        #expect(try ws.run(["query", "--since", "2022-02-15", "--until", "2022-02-20"] + csv).status == 0)
        #expect(try ws.run(["query", "--since", "2023"] + csv).status == 1)
        assertTranscript(ws)
    }

    @Test func querySourceAndTypeFilters() throws {
        let ws = try FixtureStore.workspace()
        let csv = ["--db", "fixture.db", "--format", "csv"]
        #expect(try ws.run(["query", "--source", "02-talks.txt"] + csv).status == 0)
        #expect(try ws.run(["query", "--source", "02-talks"] + csv).status == 0)
        #expect(try ws.run(["query", "--min-sources", "2"] + csv).status == 0)
        #expect(try ws.run(["query", "--type", "person"] + csv).status == 0)
        assertTranscript(ws)
    }

    @Test func showSourcesPathStats() throws {
        let ws = try FixtureStore.workspace()
        #expect(try ws.run("show", "Japan", "--db", "fixture.db", "--format", "table").status == 0)
        #expect(try ws.run("show", "kishida", "--db", "fixture.db", "--format", "json").status == 0)
        // `sources` takes the id `query` prints.
        let found = try ws.run("query", "Japan -[impose_sanctions]-> Russia", "--db", "fixture.db", "--format", "jsonl", log: false)
        let line = try #require(found.stdout.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        #expect(try ws.run("sources", id, "--db", "fixture.db", "--format", "table").status == 0)
        #expect(try ws.run("sources", id, "--db", "fixture.db", "--format", "jsonl").status == 0)
        #expect(try ws.run("path", "Lavrov", "Zelenskyy", "--db", "fixture.db", "--format", "tsv").status == 0)
        #expect(try ws.run("stats", "--db", "fixture.db", "--format", "table").status == 0)
        assertTranscript(ws)
    }

    /// Unknown names get the nearest spellings, ambiguous ones the candidates (exit 64).
    @Test func nameResolution() throws {
        let ws = try FixtureStore.workspace()
        #expect(try ws.run("query", "Kishda -> ?", "--db", "fixture.db").status == 1)
        #expect(try ws.run("show", "Atlantis", "--db", "fixture.db").status == 1)
        #expect(try ws.run("entities", "Zelensky", "--db", "fixture.db", "--format", "csv").status == 0)
        #expect(try ws.run("entities", "person/sergei-shoigu", "--db", "fixture.db", "--format", "tsv").status == 0)
        #expect(try ws.run("query", "Sergei -> ?", "--db", "fixture.db").status == 64)
        #expect(try ws.run("path", "Sergei", "Japan", "--db", "fixture.db").status == 64)
        assertTranscript(ws)
    }

    @Test func noMatch() throws {
        let ws = try FixtureStore.workspace()
        #expect(try ws.run("query", "Ukraine -> Japan", "--db", "fixture.db").status == 1)
        #expect(try ws.run("query", "? -[invade]-> ?", "--db", "fixture.db").status == 1)
        #expect(try ws.run("entities", "--type", "Organization", "--db", "fixture.db").status == 1)
        #expect(try ws.run("sources", "action/0000000000000000", "--db", "fixture.db").status == 1)
        #expect(try ws.run("path", "Shoigu", "Japan", "--db", "fixture.db").status == 1)
        #expect(try ws.run("path", "Kishida", "Fumio Kishida", "--db", "fixture.db").status == 1)
        assertTranscript(ws)
    }
}

@Suite("errors")
struct ErrorTests {
    @Test func usageErrors() throws {
        let ws = try FixtureStore.workspace()
        #expect(try ws.run("query", "Russia <- Japan", "--db", "fixture.db").status == 64)
        #expect(try ws.run("query", "A -> B -> C", "--db", "fixture.db").status == 64)
        #expect(try ws.run("query", "--db", "fixture.db", "--format", "xml").status == 64)
        #expect(try ws.run("query", "--since", "last week", "--db", "fixture.db").status == 64)
        #expect(try ws.run("query", "--min-sources=-1", "--db", "fixture.db").status == 64)
        #expect(try ws.run("entities", "--type", "Planet", "--db", "fixture.db").status == 64)
        #expect(try ws.run("ingest").status == 64)
        #expect(try ws.run("frobnicate").status == 64)
        assertTranscript(ws)
    }

    @Test func missingStore() throws {
        let ws = try Workspace()
        try ws.write("folder/.keep", "")
        try ws.write("notes.txt", "not a store")
        #expect(try ws.run("query", "Russia -> Japan", "--db", "missing.db").status == 3)
        #expect(try ws.run("stats").status == 3)
        #expect(try ws.run("stats", "--db", "folder").status == 3)
        #expect(try ws.run("entities", "--db", "notes.txt").status == 3)
        #expect(!ws.exists("missing.db"), "a query must not create a store")
        assertTranscript(ws)
    }

    static func writeBadInputs(_ ws: Workspace) throws {
        try ws.write("inputs/1-good.txt", "Japan imposes sanctions on Russia\n\nJapan imposed sanctions on Russia on Monday.\n")
        try ws.write("inputs/2-empty.txt", "")
        try ws.write("inputs/3-binary.txt", Data([0x4A, 0x61, 0x00, 0x01, 0x02, 0x70, 0x00]))
        try ws.write("inputs/4-latin1.txt", Data("Caf".utf8) + Data([0xE9]) + Data(" in Tokyo.\n".utf8))
        try ws.write("inputs/5-records.jsonl", """
            {"id": "r1", "title": "Russia halts talks", "text": "Russia halted peace talks with Japan on Monday."}
            [1, 2, 3]
            {"id": "r3", "title": "No text"}

            """)
    }

    /// Each bad input is named with what is wrong and what to do, the rest is ingested, and
    /// the exit code is 2.
    @Test func badInputsAreSkipped() throws {
        let ws = try Workspace()
        try ErrorTests.writeBadInputs(ws)
        #expect(try ws.run("ingest", "inputs", "missing.txt", "--db", "store.db").status == 2)
        let stats = try ws.run("stats", "--db", "store.db", "--format", "tsv", log: false)
        #expect(stats.stdout.contains("articles\t2\n"))
        assertTranscript(ws)
    }

    /// `--strict` stops at the first problem (exit 3); what came before it is stored.
    @Test func strictStopsAtFirstProblem() throws {
        let ws = try Workspace()
        try ErrorTests.writeBadInputs(ws)
        #expect(try ws.run("ingest", "inputs", "--db", "store.db", "--strict").status == 3)
        let stats = try ws.run("stats", "--db", "store.db", "--format", "tsv", log: false)
        #expect(stats.stdout.contains("articles\t1\n"))
        #expect(try ws.run("ingest", "inputs/1-good.txt", "inputs/5-records.jsonl", "--db", "store.db", "--strict").status == 3)
        assertTranscript(ws)
    }
}
