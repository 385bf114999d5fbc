import Foundation
import GRDB
import GRDBSQLite
import NewsGraphModel

/// The store seen as a graph stream for the exporters: every node in a fixed order (kind,
/// then content key) with its links. Each kind is read as a handful of sequential scans
/// ordered by the same key and merged in step (no query per node), so exports run at scan
/// speed and memory stays flat however large the store.
public struct StoreGraph: GraphSource {
    public let store: GraphStore
    public let minter: IRIMinter
    /// The most memory a walk may spend on `ProvenanceTables`; a larger store is joined in
    /// SQLite instead (same output, slower). 0 always joins in SQLite.
    public var provenanceTableBudget: Int

    /// 256 MB: 20 bytes per article and 8 per sentence, so a store of about 2 million
    /// articles (the 1M benchmark store, 10.7 M sentences, needs 106 MB).
    public static let defaultProvenanceTableBudget = 256 << 20

    public init(store: GraphStore, minter: IRIMinter, provenanceTableBudget: Int = StoreGraph.defaultProvenanceTableBudget) {
        self.store = store
        self.minter = minter
        self.provenanceTableBudget = provenanceTableBudget
    }

    public func walk<V: GraphVisitor>(_ visitor: inout V, links: Bool) throws {
        try store.read { db in
            let tables = links ? try ProvenanceTables.load(db, budget: provenanceTableBudget) : nil
            let entityMentions = try tables.flatMap { try EntityMentions.load(db, tables: $0, budget: provenanceTableBudget - $0.bytes) }
            let walker = Walker(db: db, minter: minter, links: links, names: V.linkTargetNames, tables: tables, entityMentions: entityMentions)
            try walker.articles(&visitor)
            try walker.evidence(&visitor)
            let shared = try walker.sharedCursors()
            for kind in Walker.entityKinds {
                try walker.entities(kind, shared: shared, &visitor)
            }
            try walker.events(&visitor)
            try walker.relations(&visitor)
        }
    }
}

/// A cursor whose rows are grouped by a leading key column, read in step with another
/// cursor ordered by the same key.
final class KeyedCursor {
    private let cursor: RowCursor
    private let statement: SQLiteStatement
    /// The cursor's current row, not copied: it stays valid until the cursor steps, and the
    /// cursor only steps in `rows(for:)` (copying every row cost more than reading it).
    private var current: Row?
    /// The current row's key as a String, unless keys are compared in place.
    private var currentKey: String?
    private let keysInPlace: Bool

    /// `keysInPlace`: every key is printable ASCII (the walk checked them with its
    /// `ProvenanceTables`), so the key column's bytes are compared where SQLite holds them, as
    /// the Strings would compare, without a String a row.
    init(_ db: Database, sql: String, arguments: StatementArguments = [], keysInPlace: Bool = false) throws {
        cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        statement = cursor._statement.sqliteStatement
        self.keysInPlace = keysInPlace
        try step()
    }

    private func step() throws {
        current = try cursor.next()
        currentKey = keysInPlace ? nil : current.map { $0[0] as String }
    }

    /// Calls `body` with every row whose first column is `key`, skipping rows with smaller keys.
    /// Keys compare as bytes, the order SQLite sorted them in: with `<` and `==`, two keys that
    /// are canonically equivalent but spelled differently would be one.
    func rows(for key: String, _ body: (Row) throws -> Void) throws {
        try key.withUTF8Bytes { keyBytes in
            while let row = current {
                // Without `keysInPlace`, `step` read the key of every row it stopped on.
                let order = keysInPlace ? try compareKeyColumn(statement, with: keyBytes) : currentKey!.compareBytes(with: key)
                if order < 0 {
                    try step()
                    continue
                }
                if order > 0 { return }
                try body(row)
                try step()
            }
        }
    }
}

/// The order of the current row's first column (as text) against `key`, byte by byte, as
/// SQLite's BINARY collation and `String.compareBytes` order them.
func compareKeyColumn(_ statement: SQLiteStatement, with key: UnsafeBufferPointer<UInt8>) throws -> Int {
    // Text first, then its length, the order SQLite documents as safe.
    guard let text = sqlite3_column_text(statement, 0) else {
        // NULL sorts first; no text for a value that has one means SQLite ran out of memory.
        if sqlite3_column_type(statement, 0) == SQLITE_NULL { return -1 }
        throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "out of memory while reading a key")
    }
    let length = Int(sqlite3_column_bytes(statement, 0))
    let common = min(length, key.count)
    let order = common == 0 ? 0 : Int(memcmp(text, key.baseAddress!, common))
    return order != 0 ? order : length - key.count
}

/// A kind's (key, article id, sentence id) mention rows in key order, read from SQLite's
/// statement in place. With `ProvenanceTables` every key is printable ASCII, so its bytes
/// order and match as the Strings would; ids are read as integers. A String and two
/// `DatabaseValue`s a row cost more than SQLite's reading of it.
final class MentionRows {
    private let cursor: RowCursor
    private let statement: SQLiteStatement
    private var current: Row?

    init(_ db: Database, sql: String, arguments: StatementArguments = []) throws {
        cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        statement = cursor._statement.sqliteStatement
        current = try cursor.next()
    }

    /// Calls `body` with the article and sentence of every row keyed `key`, skipping rows with
    /// smaller keys: as integers when both are, else as the stored values.
    func rows(for key: String, _ body: (_ integers: (article: Int64, sentence: Int64)?, _ row: Row) -> Void) throws {
        try key.withUTF8Bytes { key in
            while let row = current {
                let order = try compareKeyColumn(statement, with: key)
                if order < 0 {
                    current = try cursor.next()
                    continue
                }
                if order > 0 { return }
                if sqlite3_column_type(statement, 1) == SQLITE_INTEGER, sqlite3_column_type(statement, 2) == SQLITE_INTEGER {
                    body((sqlite3_column_int64(statement, 1), sqlite3_column_int64(statement, 2)), row)
                } else {
                    body(nil, row)
                }
                current = try cursor.next()
            }
        }
    }
}

/// Every article's place in content-hash order and its short hash, and every sentence's
/// offsets, by row id: with them a node's provenance is read from the mention index alone.
/// Joining each mention to its sentence and article in SQLite (rowid lookups into wide rows)
/// and sorting the result took most of an export's time in SQLite.
struct ProvenanceTables {
    /// By article id: the article's position in content-hash order, or `missing`.
    private(set) var articleRank: [UInt32] = []
    /// By article id: the first 16 digits of its content hash (all the IRIs use); meaningful
    /// where the rank is not `missing`.
    private(set) var articleHash: [HashPrefix] = []
    /// By sentence id: start and end offsets; a start of -1 where there is no sentence.
    private(set) var sentenceStart: [Int32] = []
    private(set) var sentenceEnd: [Int32] = []

    static let missing = UInt32.max

    /// The memory the tables take.
    var bytes: Int { articleRank.count * ProvenanceTables.bytesPerArticle + sentenceStart.count * ProvenanceTables.bytesPerSentence }

    /// Every key of the store's entities, events and relations is printable ASCII: `load`
    /// refuses the tables otherwise. Cursors may then compare keys as SQLite holds them.
    var keysArePrintableASCII: Bool { true }

    /// Whether entity keys are unique (the schema's index says so) and stored as text: then
    /// one key is one entity, read by id or by key alike, and text keys sort as their bytes
    /// (SQLite sorts every BLOB after every text).
    private(set) var entityKeysAreUniqueText = false

    /// Whether, besides, every entity's key starts with its type's slug and a slash (as the
    /// tool writes them): then one cursor in key order serves the kinds one after the other,
    /// as the walk takes them in the order of their slugs (`Walker.SharedCursors`).
    private(set) var keysCarryTheirType = false

    /// Bytes per entry: a rank and a hash prefix; two offsets.
    static let bytesPerArticle = MemoryLayout<UInt32>.stride + MemoryLayout<HashPrefix>.stride
    static let bytesPerSentence = 2 * MemoryLayout<Int32>.stride

    /// The tables, or nil when they would take more than `budget` bytes, or when the store
    /// holds what the tool never writes and the tables would read differently from the joins:
    /// an id or offset that does not fit, an offset that is not an integer (SQL sorts the
    /// stored value, the tables its conversion), or a hash or key that is not printable ASCII
    /// (read into a String, two such values can come out equal). Mentions whose article or
    /// sentence is not an integer are read as the joins read them (`gather`).
    static func load(_ db: Database, budget: Int) throws -> ProvenanceTables? {
        let maxArticle = try Int.fetchOne(db, sql: "SELECT max(id) FROM article") ?? 0
        let maxSentence = try Int.fetchOne(db, sql: "SELECT max(id) FROM sentence") ?? 0
        guard maxArticle >= 0, maxSentence >= 0,
              maxArticle < budget / bytesPerArticle, maxSentence < budget / bytesPerSentence,
              (maxArticle + 1) * bytesPerArticle + (maxSentence + 1) * bytesPerSentence <= budget
        else { return nil }
        // Columns are read from the statements in place (an allocation and GRDB's decoding
        // per value cost a tenth of the walk here).
        let keys = try Row.fetchCursor(db, sql: """
            SELECT CAST(key AS BLOB), CAST(type AS BLOB), typeof(key) = 'text' FROM entity
            UNION ALL SELECT CAST(key AS BLOB), NULL, NULL FROM event UNION ALL SELECT CAST(key AS BLOB), NULL, NULL FROM relation
            """)
        let keyStatement = keys._statement.sqliteStatement
        var entityKeysAreUniqueText = try db.table("entity", hasUniqueKey: ["key"])
        var keysCarryTheirType = true
        while try keys.next() != nil {
            guard isPrintableASCIIBlob(keyStatement, 0) else { return nil }
            if sqlite3_column_type(keyStatement, 2) != SQLITE_NULL {
                if entityKeysAreUniqueText, sqlite3_column_int64(keyStatement, 2) == 0 { entityKeysAreUniqueText = false }
                if keysCarryTheirType, !startsWithLowercasedType(keyStatement) { keysCarryTheirType = false }
            }
        }
        var tables = ProvenanceTables()
        tables.entityKeysAreUniqueText = entityKeysAreUniqueText
        tables.keysCarryTheirType = entityKeysAreUniqueText && keysCarryTheirType
        tables.articleRank = Array(repeating: missing, count: maxArticle + 1)
        tables.articleHash = Array(repeating: HashPrefix.zero, count: maxArticle + 1)
        // In the order of the hash's unique index, the order the joins sorted by.
        let articles = try Row.fetchCursor(db, sql: "SELECT id, CAST(hash AS BLOB), typeof(hash) = 'text' FROM article ORDER BY hash")
        let articleStatement = articles._statement.sqliteStatement
        var rank: UInt32 = 0
        while try articles.next() != nil {
            let id = Int(sqlite3_column_int64(articleStatement, 0))
            guard id >= 0, id <= maxArticle, sqlite3_column_int64(articleStatement, 2) != 0, isPrintableASCIIBlob(articleStatement, 1),
                  let prefix = HashPrefix(blobText(articleStatement, 1))
            else { return nil }
            tables.articleRank[id] = rank
            tables.articleHash[id] = prefix
            rank += 1
        }
        tables.sentenceStart = Array(repeating: -1, count: maxSentence + 1)
        tables.sentenceEnd = Array(repeating: -1, count: maxSentence + 1)
        // The offsets' types are read here, before any conversion: typeof() in the SQL cost
        // SQLite half its reading of the table.
        let sentences = try Row.fetchCursor(db, sql: #"SELECT id, start, "end" FROM sentence"#)
        let sentenceStatement = sentences._statement.sqliteStatement
        while try sentences.next() != nil {
            let id = Int(sqlite3_column_int64(sentenceStatement, 0))
            guard id >= 0, id <= maxSentence,
                  sqlite3_column_type(sentenceStatement, 1) == SQLITE_INTEGER, sqlite3_column_type(sentenceStatement, 2) == SQLITE_INTEGER,
                  let start32 = Int32(exactly: sqlite3_column_int64(sentenceStatement, 1)),
                  let end32 = Int32(exactly: sqlite3_column_int64(sentenceStatement, 2)), start32 >= 0
            else { return nil }
            tables.sentenceStart[id] = start32
            tables.sentenceEnd[id] = end32
        }
        return tables
    }

    /// Whether a column holds a value (not NULL) whose bytes are all printable ASCII.
    private static func isPrintableASCIIBlob(_ statement: SQLiteStatement, _ column: Int32) -> Bool {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return false }
        let bytes = UnsafeBufferPointer(start: sqlite3_column_blob(statement, column)?.assumingMemoryBound(to: UInt8.self),
                                        count: Int(sqlite3_column_bytes(statement, column)))
        return !ByteScan.hasControl(or: 0, 0, 0, 0, orDeleteAndAbove: true, in: bytes)
    }

    /// Whether column 0 (a key) starts with column 1 (a type) in lower case and a slash.
    private static func startsWithLowercasedType(_ statement: SQLiteStatement) -> Bool {
        let key = UnsafeBufferPointer(start: sqlite3_column_blob(statement, 0)?.assumingMemoryBound(to: UInt8.self),
                                      count: Int(sqlite3_column_bytes(statement, 0)))
        let type = UnsafeBufferPointer(start: sqlite3_column_blob(statement, 1)?.assumingMemoryBound(to: UInt8.self),
                                       count: Int(sqlite3_column_bytes(statement, 1)))
        guard key.count > type.count, key[type.count] == 0x2F else { return false }
        for i in 0..<type.count {
            let byte = type[i]
            guard byte < 0x80, (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == key[i] else { return false }
        }
        return true
    }

    private static func blobText(_ statement: SQLiteStatement, _ column: Int32) -> String {
        let bytes = UnsafeBufferPointer(start: sqlite3_column_blob(statement, column)?.assumingMemoryBound(to: UInt8.self),
                                        count: Int(sqlite3_column_bytes(statement, column)))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One mention of a node, placed for sorting in the joins' order (hash, start, end).
    struct Mention: Comparable {
        var rank: UInt32
        var start: Int32
        var end: Int32
        var article: Int
        var hash: HashPrefix

        static func < (a: Mention, b: Mention) -> Bool {
            (a.rank, a.start, a.end) < (b.rank, b.start, b.end)
        }
    }

    /// The hash prefix of the article with row id `article`, if the tables hold it.
    func hashPrefix(ofArticle article: Int) -> HashPrefix? {
        guard article >= 0, article < articleRank.count, articleRank[article] != ProvenanceTables.missing else { return nil }
        return articleHash[article]
    }

    /// The mention of `article` in `sentence`, or nil where an inner join would have dropped
    /// it (an id not in the tables).
    func mention(article: Int, sentence: Int) -> Mention? {
        guard article >= 0, article < articleRank.count, sentence >= 0, sentence < sentenceStart.count else { return nil }
        let rank = articleRank[article]
        let start = sentenceStart[sentence]
        guard rank != ProvenanceTables.missing, start >= 0 else { return nil }
        return Mention(rank: rank, start: start, end: sentenceEnd[sentence], article: article, hash: articleHash[article])
    }
}

/// Every entity's mentions (article id, sentence id), by entity id, read in one pass over the
/// mention index: the entities then take theirs by id. Read per kind in key order, SQLite
/// sought each entity's mentions and sent its key with every row (a tenth of an export).
/// Nil when over budget, or when the store holds what the tool never writes (a value that is
/// not an integer of 32 bits), which the joins read as they stand (`MentionRows`).
struct EntityMentions {
    /// By entity id: where its mentions start in `articles` and `sentences`; the next entry
    /// is where they end.
    private var starts: [Int32] = []
    private var articles: [Int32] = []
    private var sentences: [Int32] = []

    static let bytesPerMention = 2 * MemoryLayout<Int32>.stride

    /// `tables` tell whether a key is one entity: with keys shared by hand, the joins give a
    /// key's mentions to its first entity, which ids would not.
    static func load(_ db: Database, tables: ProvenanceTables, budget: Int) throws -> EntityMentions? {
        guard tables.entityKeysAreUniqueText else { return nil }
        let maxEntity = try Int.fetchOne(db, sql: "SELECT max(id) FROM entity") ?? 0
        let minEntity = try Int.fetchOne(db, sql: "SELECT min(id) FROM entity") ?? 0
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM mention") ?? 0
        guard minEntity >= 0, maxEntity >= 0, maxEntity < Int(Int32.max), count < Int(Int32.max),
              (maxEntity + 2) * MemoryLayout<Int32>.stride + count * bytesPerMention <= budget else { return nil }
        var table = EntityMentions()
        table.starts = Array(repeating: 0, count: maxEntity + 2)
        table.articles.reserveCapacity(count)
        table.sentences.reserveCapacity(count)
        // In the order of the mention_entity index: by entity, each entity's mentions together.
        let rows = try Row.fetchCursor(db, sql: "SELECT entity, article, sentence FROM mention ORDER BY entity")
        let statement = rows._statement.sqliteStatement
        var previous = -1
        while try rows.next() != nil {
            guard sqlite3_column_type(statement, 0) == SQLITE_INTEGER, sqlite3_column_type(statement, 1) == SQLITE_INTEGER,
                  sqlite3_column_type(statement, 2) == SQLITE_INTEGER,
                  let article = Int32(exactly: sqlite3_column_int64(statement, 1)),
                  let sentence = Int32(exactly: sqlite3_column_int64(statement, 2)) else { return nil }
            let entity = sqlite3_column_int64(statement, 0)
            // A mention of no entity joins nothing (every id is in 0...maxEntity).
            guard entity >= 0, entity <= maxEntity else { continue }
            let id = Int(entity)
            guard id >= previous else { return nil }
            if id != previous {
                for gap in (previous + 1)...id { table.starts[gap] = Int32(table.articles.count) }
                previous = id
            }
            table.articles.append(article)
            table.sentences.append(sentence)
        }
        for rest in (previous + 1)..<table.starts.count { table.starts[rest] = Int32(table.articles.count) }
        return table
    }

    /// Calls `body` with the article and sentence of every mention of entity `id`.
    func forEach(entity id: Int, _ body: (Int64, Int64) -> Void) {
        guard id >= 0, id + 1 < starts.count else { return }
        for i in Int(starts[id])..<Int(starts[id + 1]) {
            body(Int64(articles[i]), Int64(sentences[i]))
        }
    }
}

/// A kind's mention counts and provenance links, read in step with its nodes (in key order):
/// from its mention rows and the walk's `ProvenanceTables` when it has them, else from SQL
/// counts and joins.
struct NodeProvenance {
    private let walker: Walker
    private let mentionRows: MentionRows?
    private let counts: KeyedCursor?
    private let evidence: KeyedCursor?
    /// Whether the nodes take their mentions by entity id from `walker.entityMentions`.
    private let byEntity: Bool
    /// The current node's mentions, gathered with its counts and written as its links.
    private var mentions: [ProvenanceTables.Mention] = []

    /// Three queries over the same mentions, keyed like the nodes: `mentions` gives (key,
    /// article id, sentence id) rows in key order; `counts` (key, distinct articles, rows);
    /// `evidence` (key, hash, start, end) in key, hash, start and end order.
    /// `byEntityID`: the nodes are entities, whose mentions `walker.entityMentions` holds when
    /// it is there (`counts(for:entity:)`).
    init(_ walker: Walker, mentions: String, counts: String, evidence: String, arguments: StatementArguments = [], byEntityID: Bool = false) throws {
        self.walker = walker
        byEntity = byEntityID && walker.tables != nil && walker.entityMentions != nil
        if byEntity {
            mentionRows = nil
            self.counts = nil
            self.evidence = nil
        } else if walker.tables?.keysArePrintableASCII == true {
            mentionRows = try MentionRows(walker.db, sql: mentions, arguments: arguments)
            self.counts = nil
            self.evidence = nil
        } else {
            mentionRows = nil
            self.counts = try KeyedCursor(walker.db, sql: counts, arguments: arguments)
            self.evidence = walker.links ? try KeyedCursor(walker.db, sql: evidence, arguments: arguments) : nil
        }
    }

    /// The node's distinct articles and mentions; asked for every node, before `links`.
    /// `entity`: the entity's row id, for provenance from `walker.entityMentions`.
    mutating func counts(for key: String, entity: Int? = nil) throws -> (articles: Int, mentions: Int) {
        if byEntity, let tables = walker.tables, let entityMentions = walker.entityMentions, let entity {
            return gather(entity, from: entityMentions, tables: tables)
        }
        if let tables = walker.tables, let mentionRows {
            return try gather(key, from: mentionRows, tables: tables)
        }
        var result = (articles: 0, mentions: 0)
        try counts?.rows(for: key) { result = ($0[1], $0[2]) }
        return result
    }

    /// The node's article links, then its evidence links.
    func links<V: GraphVisitor>(for key: String, _ visitor: inout V) throws {
        if walker.tables != nil {
            try walker.provenance(mentions, &visitor)
        } else if let evidence {
            try walker.provenance(key, evidence: evidence, &visitor)
        }
    }

    /// Reads the mentions keyed `key` from a cursor of (key, article id, sentence id) rows into
    /// `mentions`, sorted; returns the mention and distinct-article counts, which count every
    /// row as `count(*)` and `count(DISTINCT article)` would.
    private mutating func gather(_ key: String, from cursor: MentionRows, tables: ProvenanceTables) throws -> (articles: Int, mentions: Int) {
        mentions.removeAll(keepingCapacity: true)
        var rows = 0
        var unplaced: [DatabaseValue] = []
        try cursor.rows(for: key) { integers, row in
            rows += 1
            // As the joins read them: a value that is not an integer (only a hand-edited store
            // holds one) matches no row id, and counts as itself in `count(DISTINCT ...)`.
            guard let (article, sentence) = integers else {
                unplaced.append(row[1] as DatabaseValue)
                return
            }
            place(article, sentence, tables, &unplaced)
        }
        return counted(rows: rows, unplaced: unplaced)
    }

    /// The same from the entity's mentions by id.
    private mutating func gather(_ entity: Int, from table: EntityMentions, tables: ProvenanceTables) -> (articles: Int, mentions: Int) {
        mentions.removeAll(keepingCapacity: true)
        var rows = 0
        var unplaced: [DatabaseValue] = []
        table.forEach(entity: entity) { article, sentence in
            rows += 1
            place(article, sentence, tables, &unplaced)
        }
        return counted(rows: rows, unplaced: unplaced)
    }

    @inline(__always)
    private mutating func place(_ article: Int64, _ sentence: Int64, _ tables: ProvenanceTables, _ unplaced: inout [DatabaseValue]) {
        if let mention = tables.mention(article: Int(article), sentence: Int(sentence)) {
            mentions.append(mention)
        } else {
            unplaced.append(article.databaseValue)
        }
    }

    /// Sorts the gathered mentions; their distinct articles and the row count.
    private mutating func counted(rows: Int, unplaced: [DatabaseValue]) -> (articles: Int, mentions: Int) {
        mentions.sort()
        // Distinct articles: those of the sorted mentions (equal articles are adjacent), plus
        // any the tables did not place.
        var distinct = 0
        var previousRank: UInt32?
        for mention in mentions where mention.rank != previousRank {
            previousRank = mention.rank
            distinct += 1
        }
        if !unplaced.isEmpty {
            let placed = Set(mentions.map { DatabaseValue(value: Int64($0.article)) })
            distinct += Set(unplaced).subtracting(placed).count
        }
        return (distinct, rows)
    }
}

struct Walker {
    let db: Database
    let minter: IRIMinter
    let links: Bool

    static let actorTypes = "'Person', 'Country', 'Organization'"

    /// The entity kinds in walk order, which is their slugs' order (`SharedCursors`).
    static let entityKinds: [NodeKind] = [.country, .organization, .person, .place, .treaty]

    /// Same-as, stative and act rows of every kind in one cursor each, in key order, for
    /// stores whose keys carry their type (`ProvenanceTables.keysCarryTheirType`): the kinds
    /// take their rows in turn. Per kind, SQLite sought each entity's rows in these sparse
    /// tables, most of them finding none (a third of its work in the entity pass).
    struct SharedCursors {
        let sameAs: KeyedCursor
        let states: KeyedCursor
        let acts: KeyedCursor
    }

    func sharedCursors() throws -> SharedCursors? {
        guard links, let tables, tables.keysCarryTheirType else { return nil }
        return SharedCursors(
            sameAs: try KeyedCursor(db, sql: """
                SELECT e.key, s.iri FROM same_as s CROSS JOIN entity e ON e.id = s.entity ORDER BY e.key, e.id, s.iri
                """, keysInPlace: tables.keysArePrintableASCII),
            states: try KeyedCursor(db, sql: """
                SELECT s.key, r.type, o.key FROM relation r CROSS JOIN entity s ON s.id = r.subject JOIN entity o ON o.id = r.object
                ORDER BY s.key, r.type, o.key
                """, keysInPlace: tables.keysArePrintableASCII),
            // The distinct (agent, type, target, article) first, then counted per group: the
            // same counts as count(DISTINCT m.article) per group, without a B-tree per group.
            acts: try KeyedCursor(db, sql: """
                SELECT a.key, x.type, t.key, count(x.article)
                FROM (SELECT DISTINCT ev.agent AS agent, ev.type AS type, ev.target AS target, m.article AS article
                      FROM event ev JOIN action_mention m ON m.event = ev.id) x
                CROSS JOIN entity a ON a.id = x.agent JOIN entity t ON t.id = x.target
                WHERE t.type IN (\(Walker.actorTypes))
                GROUP BY a.key, x.type, t.key ORDER BY a.key, x.type, t.key
                """, keysInPlace: tables.keysArePrintableASCII))
    }

    /// The names of link targets the visitor reads; the others are left empty.
    let names: LinkTargetNames
    /// Present when the walk has links and the store is small enough (see `StoreGraph`).
    let tables: ProvenanceTables?
    /// Entities' mentions by id, with the tables when they fit (`EntityMentions`).
    let entityMentions: EntityMentions?

    /// Where link IRIs are minted for visitors that take them lent as bytes: each link
    /// overwrites the one before, so a link goes to the visitor before the next is made.
    let scratch = IRIScratch()

    /// A link with only the target names the visitor reads: its IRI lent as bytes, or as a String.
    func link(_ role: LinkRole, iri: @autoclosure () -> String, lentIRI: (IRIScratch) -> LentBytes,
              id: @autoclosure () -> String, weight: Double = 1) -> GraphLink {
        let lent = names.contains(.iriBytes)
        return GraphLink(role: role, targetIRI: !lent && names.contains(.iri) ? iri() : "", targetID: names.contains(.id) ? id() : "",
                         weight: weight, lentTargetIRI: lent ? lentIRI(scratch) : nil)
    }

    // Article and evidence links by the stored hash (the joins take any) or by the tables'
    // inline prefix; both mint the same names.
    func articleLink(_ hash: String, role: LinkRole = .derivedFrom) -> GraphLink {
        link(role, iri: minter.article(hash), lentIRI: { minter.article(hash, into: $0) }, id: IRIMinter.articleNodeID(hash))
    }

    func evidenceLink(_ hash: String, _ start: Int, _ end: Int) -> GraphLink {
        link(.evidence, iri: minter.evidence(article: hash, start: start, end: end),
             lentIRI: { minter.evidence(article: hash, start: start, end: end, into: $0) },
             id: IRIMinter.evidenceNodeID(article: hash, start: start, end: end))
    }

    func articleLink(_ hash: HashPrefix, role: LinkRole = .derivedFrom) -> GraphLink {
        link(role, iri: minter.article(hash), lentIRI: { minter.article(hash, into: $0) }, id: IRIMinter.articleNodeID(hash))
    }

    func evidenceLink(_ hash: HashPrefix, _ start: Int, _ end: Int) -> GraphLink {
        link(.evidence, iri: minter.evidence(article: hash, start: start, end: end),
             lentIRI: { minter.evidence(article: hash, start: start, end: end, into: $0) },
             id: IRIMinter.evidenceNodeID(article: hash, start: start, end: end))
    }

    /// A node with the names the visitor reads: its IRI lent as bytes or as a String, its id
    /// as `nodeID` tells.
    func node(iri: @autoclosure () -> String, lentIRI: (IRIScratch) -> LentBytes, id: String, kind: NodeKind, properties: [NodeProperty]) -> GraphNode {
        let lent = names.contains(.iriBytes)
        return GraphNode(iri: !lent && names.contains(.iri) ? iri() : "", id: id, kind: kind, properties: properties,
                         lentIRI: lent ? lentIRI(scratch) : nil)
    }

    /// A node's id, for visitors that read ids, and for nodes whose label might be empty once
    /// cleaned of what XML cannot carry (every writer then labels the node with its id).
    /// Minting ids nobody read cost 3 % of an RDF export.
    func nodeID(label: String, _ mint: @autoclosure () -> String) -> String {
        names.contains(.id) || Walker.mayCleanToEmpty(label) ? mint() : ""
    }

    /// False when `label` has a character XML keeps for certain (printable ASCII, tab, LF, CR).
    static func mayCleanToEmpty(_ label: String) -> Bool {
        !label.utf8.contains { ($0 >= 0x20 && $0 < 0x80) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    func entityLink(_ role: LinkRole, _ keyText: String?, weight: Double = 1) -> GraphLink? {
        guard let keyText, let key = EntityKey(keyText) else { return nil }
        return link(role, iri: minter.entity(key), lentIRI: { minter.entity(key, into: $0) }, id: IRIMinter.nodeID(key), weight: weight)
    }

    /// Provenance links of a node from one cursor keyed like the node, sorted by article hash
    /// and offsets: its articles (the distinct hashes, in order), then its evidence sentences.
    /// A second query for the articles cost a rowid lookup of the article per mention again.
    /// Equal neighbours are skipped here rather than with SQL DISTINCT (a second sort key
    /// comparison per row in SQLite's sorter): a sentence that mentions the node twice comes as
    /// equal, adjacent rows. Compared as bytes, as DISTINCT compares text.
    func provenance<V: GraphVisitor>(_ key: String, evidence: KeyedCursor, _ visitor: inout V) throws {
        var sentences: [(hash: String, start: Int, end: Int)] = []
        try evidence.rows(for: key) { row in sentences.append((row[1], row[2], row[3])) }
        var previousHash: String?
        for sentence in sentences {
            if let previousHash, previousHash.hasSameBytes(as: sentence.hash) { continue }
            previousHash = sentence.hash
            try visitor.link(articleLink(sentence.hash))
        }
        var previous: (hash: String, start: Int, end: Int)?
        for sentence in sentences {
            if let previous, previous.start == sentence.start, previous.end == sentence.end,
               previous.hash.hasSameBytes(as: sentence.hash) { continue }
            previous = sentence
            try visitor.link(evidenceLink(sentence.hash, sentence.start, sentence.end))
        }
    }

    /// Provenance links from a node's mentions sorted by `ProvenanceTables.Mention`: the same
    /// links, in the same order, as `provenance(_:evidence:_:)` writes from the joins.
    func provenance<V: GraphVisitor>(_ mentions: [ProvenanceTables.Mention], _ visitor: inout V) throws {
        var previousRank: UInt32?
        for mention in mentions where mention.rank != previousRank {
            previousRank = mention.rank
            try visitor.link(articleLink(mention.hash))
        }
        var previous: ProvenanceTables.Mention?
        for mention in mentions {
            if let previous, !(previous < mention) { continue }
            previous = mention
            try visitor.link(evidenceLink(mention.hash, Int(mention.start), Int(mention.end)))
        }
    }

    /// A type name with spaces for underscores (`halt_talks` → `halt talks`), for labels.
    /// Bytes for ASCII names (all the lexicon's): Foundation's replace cost 11,000
    /// instructions a label.
    static func spaced(_ type: String) -> String {
        guard type.isAllASCII else { return type.replacingOccurrences(of: "_", with: " ") }
        return String(decoding: type.utf8.map { $0 == 0x5F ? 0x20 : $0 }, as: UTF8.self)
    }

    /// A sentence's label: its first 117 characters and "..." when it has more than 120.
    static func label(ofSentence text: String) -> String {
        guard text.utf8.count > 120 else { return text }
        // Nearly every sentence opens with 121 scalars that are each a character: then the
        // label is cut on bytes, in one allocation, with no grapheme walk (~300 instructions a
        // character where a sentence has a curly quote or an accent).
        switch text.withUTF8Bytes(Walker.labelCut) {
        case .whole?: return text
        case let .cut(length)?:
            return text.withUTF8Bytes { bytes in
                String(unsafeUninitializedCapacity: length + 3) { out in
                    _ = out.initialize(from: bytes.prefix(length))
                    out[length] = 0x2E
                    out[length + 1] = 0x2E
                    out[length + 2] = 0x2E
                    return length + 3
                }
            }
        case nil:
            // Walk at most 121 characters, not the whole sentence.
            guard text.index(text.startIndex, offsetBy: 121, limitedBy: text.endIndex) != nil else { return text }
            return String(text.prefix(117)) + "..."
        }
    }

    enum LabelCut: Equatable {
        /// The sentence has at most 120 characters.
        case whole
        /// Its first 117 characters take this many bytes, and it has more than 120.
        case cut(Int)
    }

    /// Where a sentence's label is cut, read from its first 121 scalars when each is a
    /// character of its own, else nil. Each is then in ranges none of whose scalars joins a
    /// neighbour into one character (Unicode's grapheme cluster rules): no control, CR, mark,
    /// joiner, prepended or regional-indicator scalar, Hangul or Indic letter; the pictographs
    /// among them (©, ‼) join only across a joiner. Scalars of four bytes are left to the walk.
    static func labelCut(_ bytes: UnsafeBufferPointer<UInt8>) -> LabelCut? {
        // Printable ASCII (most sentences): scalars are bytes, eight tested at a time.
        if bytes.count >= 121, !ByteScan.hasControl(or: 0x7F, 0x7F, 0x7F, 0x7F, orDeleteAndAbove: true,
                                                      in: UnsafeBufferPointer(rebasing: bytes.prefix(121))) {
            return .cut(117)
        }
        var i = 0
        var cut = 0
        for n in 0..<121 {
            if n == 117 { cut = i }
            guard i < bytes.count else { return .whole }
            let lead = UInt32(bytes[i])
            let scalar: UInt32
            if lead < 0x80 {
                scalar = lead
                i += 1
            } else if lead & 0xE0 == 0xC0, i + 1 < bytes.count {
                scalar = (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if lead & 0xF0 == 0xE0, i + 2 < bytes.count {
                scalar = (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                return nil
            }
            switch scalar {
            case 0x20...0x7E, 0xA0...0xAC, 0xAE...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20BF: continue
            default: return nil
            }
        }
        return .cut(cut)
    }

    func articles<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT hash, source, title, outlet, published, url FROM article ORDER BY hash")
        while let row = try rows.next() {
            let hash: String = row[0]
            let source: String = row[1]
            let title: String? = row[2]
            var properties: [NodeProperty] = []
            properties.reserveCapacity(7)
            properties.append(.label(title ?? source))
            if let title { properties.append(.headline(title)) }
            if let outlet: String = row[3] { properties.append(.outlet(outlet)) }
            if let published: String = row[4] { properties.append(.published(published)) }
            if let url: String = row[5] { properties.append(.url(url)) }
            properties.append(.sourceName(source))
            properties.append(.contentHash(hash))
            try visitor.node(node(iri: minter.article(hash), lentIRI: { minter.article(hash, into: $0) }, id: nodeID(label: title ?? source, IRIMinter.articleNodeID(hash)),
                                       kind: .article, properties: properties))
        }
    }

    func evidence<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.hash, s.start, s."end", s.text, s.article FROM sentence s JOIN article a ON a.id = s.article
            ORDER BY a.hash, s.start, s."end"
            """)
        let statement = rows._statement.sqliteStatement
        while let row = try rows.next() {
            let start: Int = row[1]
            let end: Int = row[2]
            let text: String = row[3]
            let label = Walker.label(ofSentence: text)
            // With the tables, the article's hash prefix comes from them: no String a row for
            // the hash. They mint the same names (`HashPrefix`).
            let prefix = sqlite3_column_type(statement, 4) == SQLITE_INTEGER
                ? tables?.hashPrefix(ofArticle: Int(sqlite3_column_int64(statement, 4))) : nil
            if let prefix {
                try visitor.node(node(iri: minter.evidence(article: prefix, start: start, end: end), lentIRI: { minter.evidence(article: prefix, start: start, end: end, into: $0) },
                                           id: nodeID(label: label, IRIMinter.evidenceNodeID(article: prefix, start: start, end: end)), kind: .evidence,
                                           properties: [.label(label), .text(text), .start(start), .end(end)]))
                if links { try visitor.link(articleLink(prefix, role: .quotedFrom)) }
            } else {
                let hash: String = row[0]
                try visitor.node(node(iri: minter.evidence(article: hash, start: start, end: end), lentIRI: { minter.evidence(article: hash, start: start, end: end, into: $0) },
                                           id: nodeID(label: label, IRIMinter.evidenceNodeID(article: hash, start: start, end: end)), kind: .evidence,
                                           properties: [.label(label), .text(text), .start(start), .end(end)]))
                if links { try visitor.link(articleLink(hash, role: .quotedFrom)) }
            }
        }
    }

    func entities<V: GraphVisitor>(_ kind: NodeKind, shared: SharedCursors? = nil, _ visitor: inout V) throws {
        let type: StatementArguments = [kind.rawValue]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, label, latitude, longitude, confidence, id FROM entity WHERE type = ? ORDER BY key", arguments: type)
        // `e.id` after the key orders nothing while keys are unique (as the schema declares),
        // but lets SQLite see that each entity's rows come from the primary key (entity,
        // alias) already sorted: no sort per entity. (With the constraint removed by hand and
        // two entities sharing a key, their aliases would come grouped by entity, not merged.)
        let aliases = try KeyedCursor(db, sql: """
            SELECT e.key, a.alias FROM alias a JOIN entity e ON e.id = a.entity WHERE e.type = ? ORDER BY e.key, e.id, a.alias
            """, arguments: type, keysInPlace: tables?.keysArePrintableASCII == true)
        // With the tables, one pass over the mention index gives both counts and provenance.
        var provenance = try NodeProvenance(self, mentions: """
            SELECT e.key, m.article, m.sentence FROM entity e JOIN mention m ON m.entity = e.id
            WHERE e.type = ? ORDER BY e.key
            """, counts: """
            SELECT e.key, count(DISTINCT m.article), count(*) FROM mention m JOIN entity e ON e.id = m.entity
            WHERE e.type = ? GROUP BY e.key ORDER BY e.key
            """, evidence: """
            SELECT e.key, a.hash, s.start, s."end" FROM mention m JOIN entity e ON e.id = m.entity
            JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article
            WHERE e.type = ? ORDER BY e.key, a.hash, s.start, s."end"
            """, arguments: type, byEntityID: true)
        let sameAs = try shared?.sameAs ?? KeyedCursor(db, sql: """
            SELECT e.key, s.iri FROM same_as s JOIN entity e ON e.id = s.entity WHERE e.type = ? ORDER BY e.key, e.id, s.iri
            """, arguments: type, keysInPlace: tables?.keysArePrintableASCII == true)
        var states: KeyedCursor? = shared?.states
        var acts: KeyedCursor? = shared?.acts
        if links, shared == nil {
            states = try KeyedCursor(db, sql: """
                SELECT s.key, r.type, o.key FROM relation r JOIN entity s ON s.id = r.subject JOIN entity o ON o.id = r.object
                WHERE s.type = ? ORDER BY s.key, r.type, o.key
                """, arguments: type, keysInPlace: tables?.keysArePrintableASCII == true)
            // One direct actor-to-actor link per action type, weighted by source articles.
            acts = try KeyedCursor(db, sql: """
                SELECT a.key, ev.type, t.key, count(DISTINCT m.article)
                FROM event ev JOIN entity a ON a.id = ev.agent JOIN entity t ON t.id = ev.target JOIN action_mention m ON m.event = ev.id
                WHERE a.type = ? AND t.type IN (\(Walker.actorTypes))
                GROUP BY a.key, ev.type, t.key ORDER BY a.key, ev.type, t.key
                """, arguments: type, keysInPlace: tables?.keysArePrintableASCII == true)
        }
        while let row = try rows.next() {
            let keyText: String = row[0]
            guard let key = EntityKey(keyText) else { continue }
            let label: String = row[1]
            // Room for the usual properties at once: grown from one, the array was reallocated
            // three times a node.
            var properties: [NodeProperty] = []
            properties.reserveCapacity(8)
            properties.append(.label(label))
            try aliases.rows(for: keyText) { properties.append(.alias($0[1])) }
            properties.append(.confidence(row[4]))
            let (articleCount, mentionCount) = try provenance.counts(for: keyText, entity: row[5])
            properties.append(.articleCount(articleCount))
            properties.append(.mentionCount(mentionCount))
            try sameAs.rows(for: keyText) { properties.append(.sameAs($0[1])) }
            if let lat: Double = row[2], let lon: Double = row[3] {
                properties.append(.latitude(lat))
                properties.append(.longitude(lon))
            }
            try visitor.node(node(iri: minter.entity(key), lentIRI: { minter.entity(key, into: $0) }, id: nodeID(label: label, IRIMinter.nodeID(key)), kind: kind, properties: properties))
            guard links, let states, let acts else { continue }
            try states.rows(for: keyText) { state in
                guard let relation = StateRelation(rawValue: state[1]), let link = entityLink(.state(relation), state[2]) else { return }
                try visitor.link(link)
            }
            try acts.rows(for: keyText) { act in
                let count: Int = act[3]
                guard let link = entityLink(.act(act[1]), act[2], weight: Double(count)) else { return }
                try visitor.link(link)
            }
            try provenance.links(for: keyText, &visitor)
        }
    }

    func events<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT ev.key, ev.type, ev.cameo, ev.plover, a.key, a.label, t.key, t.label, tr.key, p.key, ev.date, ev.modality,
                   ev.historical, sp.key, ev.confidence
            FROM event ev
            LEFT JOIN entity a ON a.id = ev.agent LEFT JOIN entity t ON t.id = ev.target LEFT JOIN entity tr ON tr.id = ev.treaty
            LEFT JOIN entity p ON p.id = ev.place LEFT JOIN entity sp ON sp.id = ev.speaker
            ORDER BY ev.key
            """)
        var provenance = try NodeProvenance(self, mentions: """
            SELECT ev.key, m.article, m.sentence FROM event ev JOIN action_mention m ON m.event = ev.id ORDER BY ev.key
            """, counts: """
            SELECT ev.key, count(DISTINCT m.article), count(*) FROM action_mention m JOIN event ev ON ev.id = m.event GROUP BY ev.key ORDER BY ev.key
            """, evidence: """
            SELECT ev.key, a.hash, s.start, s."end" FROM action_mention m JOIN event ev ON ev.id = m.event
            JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article ORDER BY ev.key, a.hash, s.start, s."end"
            """)
        while let row = try rows.next() {
            let key: String = row[0]
            let type: String = row[1]
            let agentLabel: String = row[5] ?? "?"
            let targetLabel: String? = row[7]
            var label = "\(agentLabel) \(Walker.spaced(type))"
            if let targetLabel { label += " \(targetLabel)" }
            var properties: [NodeProperty] = []
            properties.reserveCapacity(11)
            properties.append(.label(label))
            properties.append(.actionType(type))
            properties.append(.cameo(row[2]))
            properties.append(.plover(row[3]))
            if let date: String = row[10] { properties.append(.eventDate(date)) }
            properties.append(.modality(row[11]))
            properties.append(.historical(row[12]))
            properties.append(.confidence(row[14]))
            let (articleCount, mentionCount) = try provenance.counts(for: key)
            properties.append(.articleCount(articleCount))
            properties.append(.mentionCount(mentionCount))
            try visitor.node(node(iri: minter.action(key), lentIRI: { minter.action(key, into: $0) }, id: nodeID(label: label, IRIMinter.actionNodeID(key)), kind: .action, properties: properties))
            guard links else { continue }
            if let link = entityLink(.agent, row[4]) { try visitor.link(link) }
            if let link = entityLink(.target, row[6]) { try visitor.link(link) }
            if let link = entityLink(.treaty, row[8]) { try visitor.link(link) }
            if let link = entityLink(.place, row[9]) { try visitor.link(link) }
            if let link = entityLink(.attributedTo, row[13]) { try visitor.link(link) }
            try provenance.links(for: key, &visitor)
        }
    }

    func relations<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.key, r.type, s.key, o.key, r.role, r.confidence, s.label, o.label
            FROM relation r JOIN entity s ON s.id = r.subject JOIN entity o ON o.id = r.object ORDER BY r.key
            """)
        var provenance = try NodeProvenance(self, mentions: """
            SELECT r.key, e.article, e.sentence FROM relation r JOIN relation_evidence e ON e.relation = r.id ORDER BY r.key
            """, counts: """
            SELECT r.key, count(DISTINCT e.article), count(*) FROM relation_evidence e JOIN relation r ON r.id = e.relation GROUP BY r.key ORDER BY r.key
            """, evidence: """
            SELECT r.key, a.hash, s.start, s."end" FROM relation_evidence e JOIN relation r ON r.id = e.relation
            JOIN sentence s ON s.id = e.sentence JOIN article a ON a.id = e.article ORDER BY r.key, a.hash, s.start, s."end"
            """)
        while let row = try rows.next() {
            let key: String = row[0]
            let type: String = row[1]
            let label = "\(row[6] as String) \(Walker.spaced(type)) \(row[7] as String)"
            var properties: [NodeProperty] = []
            properties.reserveCapacity(6)
            properties.append(.label(label))
            properties.append(.relationType(type))
            if let role: String = row[4] { properties.append(.role(role)) }
            properties.append(.confidence(row[5]))
            let (articleCount, mentionCount) = try provenance.counts(for: key)
            properties.append(.articleCount(articleCount))
            properties.append(.mentionCount(mentionCount))
            try visitor.node(node(iri: minter.relation(key), lentIRI: { minter.relation(key, into: $0) }, id: nodeID(label: label, IRIMinter.relationNodeID(key)), kind: .relation, properties: properties))
            guard links else { continue }
            if let link = entityLink(.subject, row[2]) { try visitor.link(link) }
            if let link = entityLink(.object, row[3]) { try visitor.link(link) }
            try provenance.links(for: key, &visitor)
        }
    }
}
