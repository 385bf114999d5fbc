import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphModel
@testable import NewsGraphStore
import GRDB
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
        _ = try TestPaths.ingestSeeds(into: dir)
        let store = try GraphStore(path: dir + "/seeds.db", readOnly: true)
        // The tables are used for a store the tool wrote (else the comparison proves nothing).
        #expect(try store.read { try ProvenanceTables.load($0, budget: StoreGraph.defaultProvenanceTableBudget) } != nil)
        #expect(try store.read { db in
            try ProvenanceTables.load(db, budget: StoreGraph.defaultProvenanceTableBudget).flatMap {
                try EntityMentions.load(db, tables: $0, budget: StoreGraph.defaultProvenanceTableBudget)
            }
        } != nil)
        try ProvenancePaths.expectSameExports(store, context: "seeds")
    }

    /// Stores no version of the tool writes, edited by hand: the walk must not crash, and
    /// where the tables would read a value differently from SQL it joins instead.
    @Test(arguments: [
        "UPDATE sentence SET start = start + 0.5 WHERE id IN (SELECT id FROM sentence ORDER BY id LIMIT 5)",
        "UPDATE sentence SET \"end\" = 'zz' WHERE id = (SELECT min(id) FROM sentence)",
        "UPDATE mention SET article = 'zz' WHERE entity = (SELECT min(entity) FROM mention)",
        "UPDATE mention SET sentence = 2.5 WHERE entity = (SELECT max(entity) FROM mention)",
        "UPDATE action_mention SET article = 'x' WHERE id = (SELECT min(id) FROM action_mention)",
        "UPDATE mention SET article = x'01' WHERE entity IN (SELECT entity FROM mention GROUP BY entity HAVING count(*) > 2 LIMIT 3)",
        "UPDATE mention SET article = 1.5 WHERE entity IN (SELECT entity FROM mention ORDER BY entity LIMIT 40)",
        "UPDATE relation_evidence SET sentence = 'q' WHERE relation = (SELECT min(relation) FROM relation_evidence)",
        "UPDATE article SET hash = substr(hash, 1, 15) || 'é' || substr(hash, 17) WHERE id = (SELECT min(id) FROM article)",
        "UPDATE article SET hash = CAST(substr(hash, 1, 20) || char(0) || 'x' AS BLOB) WHERE id = (SELECT max(id) FROM article)",
        "UPDATE entity SET key = key || char(0) || 'x' WHERE id = (SELECT min(id) FROM entity)",
        "UPDATE relation SET key = key || x'FE' WHERE id = (SELECT min(id) FROM relation)",
        "UPDATE sentence SET id = 2305843009213693952 WHERE id = (SELECT max(id) FROM sentence)",
        "UPDATE sentence SET id = 9223372036854775807 WHERE id = (SELECT max(id) FROM sentence)",
        "UPDATE article SET id = 9223372036854775807 WHERE id = (SELECT max(id) FROM article)",
        "UPDATE sentence SET start = 3000000000 WHERE id = (SELECT min(id) FROM sentence)",
        "DELETE FROM sentence WHERE id IN (SELECT id FROM sentence ORDER BY id DESC LIMIT 7)",
        // Entities' mentions by id: an id too large for the budget, mentions of no entity.
        "UPDATE entity SET id = 2000000000 WHERE id = (SELECT max(entity) FROM mention)",
        "UPDATE mention SET entity = entity + 1000000 WHERE entity = (SELECT min(entity) FROM mention)",
        "DELETE FROM entity WHERE id = (SELECT min(entity) FROM mention)",
        "UPDATE mention SET entity = -3 WHERE entity = (SELECT max(entity) FROM mention)",
        // An entity with a negative id, and its mentions.
        "UPDATE entity SET id = -3 WHERE id = (SELECT max(entity) FROM mention); UPDATE mention SET entity = -3 WHERE entity = (SELECT max(entity) FROM mention)",
        // Keys no longer unique: the schema's constraint dropped, two entities sharing a key.
        """
        CREATE TABLE entity2 (id INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, label TEXT NOT NULL, gazetteer TEXT,
                              latitude REAL, longitude REAL, confidence REAL NOT NULL);
        INSERT INTO entity2 SELECT * FROM entity; DROP TABLE entity; ALTER TABLE entity2 RENAME TO entity;
        CREATE INDEX entity_type ON entity(type, key);
        UPDATE entity SET key = (SELECT min(key) FROM entity WHERE type = 'Country') WHERE id = (SELECT max(id) FROM entity WHERE type = 'Country')
        """,
        // A key stored as a BLOB (it sorts after every text key).
        "UPDATE entity SET key = CAST(key AS BLOB) WHERE id IN (SELECT entity FROM same_as UNION SELECT subject FROM relation UNION SELECT agent FROM event LIMIT 3)",
        // Keys that do not start with their type's slug: no cursor shared across kinds.
        "UPDATE entity SET key = 'zz/' || key WHERE id = (SELECT min(id) FROM entity WHERE type = 'Country')",
        "UPDATE entity SET type = 'Person' WHERE id = (SELECT min(subject) FROM relation)",
        // A type the walk never visits, its key consistent: its rows in the shared cursors are passed over.
        "UPDATE entity SET type = 'Thing', key = 'thing/' || substr(key, instr(key, '/') + 1) WHERE id IN (SELECT subject FROM relation UNION SELECT agent FROM event LIMIT 4)",
    ])
    func handEditedStoresWriteTheSameExportsBothWays(_ edit: String) throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try TestPaths.ingestSeeds(into: dir)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: dir + "/seeds.db", configuration: configuration)
        try queue.write { try $0.execute(sql: edit) }
        try queue.close()
        let store = try GraphStore(path: dir + "/seeds.db", readOnly: true)
        try ProvenancePaths.expectSameExports(store, context: edit)
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

/// Sentence labels are cut on bytes where a sentence opens with scalars that are each a
/// character: the label must be what cutting its Characters gives, for strings built around
/// the cut (117, 118, 120, 121 characters) from scalars that stand alone and scalars that join
/// a neighbour (marks, joiners, CR LF, flags, emoji, Hangul, Indic letters).
@Suite struct SentenceLabelTests {
    static func reference(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    @Test func labelsAreCutAsCharactersAre() {
        let alone = ["a", "Z", " ", ".", "\u{2019}", "\u{201C}", "\u{2014}", "é", "ß", "\u{A0}", "\u{A9}", "\u{203C}", "\u{20AC}", "ʼ", "\u{2FF}"]
        let joining = ["\u{301}", "\u{200D}", "\u{200C}", "\u{AD}", "\r", "\n", "\r\n", "\u{1F1EF}\u{1F1F5}", "\u{1F91D}", "\u{1F469}\u{200D}\u{1F52C}",
                       "\u{1100}\u{1161}", "\u{AC00}", "\u{915}\u{94D}\u{937}", "\u{600}", "\u{FE0F}", "\u{300}", "\u{2028}", "\u{E01}\u{E33}", "\u{7F}", "\t"]
        var generator = SeededGenerator(seed: 117)
        var checked = 0
        for length in [116, 117, 118, 119, 120, 121, 122, 125, 200] {
            for _ in 0..<400 {
                var pieces: [String] = []
                for _ in 0..<length { pieces.append(alone[Int(generator.next() % UInt64(alone.count))]) }
                // Up to three joining pieces, mostly near the cut.
                for _ in 0..<Int(generator.next() % 4) {
                    let at = generator.next() % 2 == 0 ? 112 + Int(generator.next() % 12) : Int(generator.next() % UInt64(length))
                    pieces.insert(joining[Int(generator.next() % UInt64(joining.count))], at: min(at, pieces.count))
                }
                let text = pieces.joined()
                #expect(Walker.label(ofSentence: text) == SentenceLabelTests.reference(text), "\(text.debugDescription)")
                checked += 1
            }
        }
        #expect(checked == 3_600)
    }
}
