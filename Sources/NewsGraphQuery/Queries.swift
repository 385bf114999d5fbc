import GRDB
import NewsGraphModel
import NewsGraphStore

/// An entity as queries return it.
public struct EntityRow: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var label: String
    public var type: EntityType
    public var aliases: [String]
    /// Names one side of a dispute uses, with that side.
    public var aliasUsedBy: [String: String] = [:]
    public var sameAs: [String]
    public var gazetteer: String?
    public var articleCount: Int
    public var mentionCount: Int
    /// Per article (source name), the mention spans.
    public var sources: [(article: String, mentions: [[Int]])]

    public static func == (a: EntityRow, b: EntityRow) -> Bool { a.id == b.id }
}

public struct EntityRef: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var label: String
    public var type: EntityType
}

/// A relation (event or state) as queries return it.
public struct RelationRow: Sendable {
    public enum Kind: String, Sendable { case event, state }
    public var kind: Kind
    /// `action/<key>` or `relation/<key>`.
    public var id: String
    public var subject: EntityRef?
    public var label: String
    public var cameo: String?
    public var plover: String?
    public var relation: String?
    public var object: EntityRef?
    public var treaty: EntityRef?
    public var place: EntityRef?
    public var date: String?
    public var modality: String?
    public var historical: Bool
    public var confidence: Double
    public var sources: [Source]

    public struct Source: Sendable {
        public var article: String
        public var title: String?
        public var evidence: String
        public var start: Int
        public var end: Int
    }

    public var articleCount: Int { Set(sources.map(\.article)).count }
}

/// The mentions of one entity, article by article, read from the store as they are visited.
public struct MentionSources {
    let db: Database
    let entity: Int64

    /// Calls `body` once per article that mentions the entity (by source name, in order), with
    /// the mention spans in it.
    public func forEach(_ body: (String, [[Int]]) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.source, m.start, m."end" FROM mention m JOIN article a ON a.id = m.article
            WHERE m.entity = ? ORDER BY a.source, a.hash, m.start
            """, arguments: [entity])
        var current: String?
        var spans: [[Int]] = []
        while let r = try rows.next() {
            let source: String = r[0]
            if source != current {
                if let current { try body(current, spans) }
                current = source
                spans.removeAll(keepingCapacity: true)
            }
            spans.append([r[1], r[2]])
        }
        if let current { try body(current, spans) }
    }
}

/// Read-only questions to the store.
public struct GraphQueries {
    public let store: GraphStore

    public init(store: GraphStore) {
        self.store = store
    }

    // MARK: Entities

    public func entities(type: EntityType? = nil, ids: [Int64]? = nil, withSources: Bool = true) throws -> [EntityRow] {
        var out: [EntityRow] = []
        try eachEntity(type: type, ids: ids, withSources: withSources) { out.append($0) }
        return out
    }

    /// Calls `body` with each entity in turn (ordered by type and key), so that a listing of a
    /// large store holds one entity at a time.
    public func eachEntity(type: EntityType? = nil, ids: [Int64]? = nil, withSources: Bool = true,
                           _ body: (EntityRow) throws -> Void) throws {
        try eachEntity(type: type, ids: ids) { row, sources in
            var row = row
            if withSources { try sources.forEach { row.sources.append(($0, $1)) } }
            try body(row)
        }
    }

    /// Like `eachEntity(type:ids:withSources:_:)`, with the entity's mentions left in the store:
    /// `body` gets them as a `MentionSources` it can stream (valid only during the call). A
    /// frequent entity of a large corpus has millions of mentions.
    public func eachEntity(type: EntityType? = nil, ids: [Int64]? = nil,
                           streamingSources body: (EntityRow, MentionSources) throws -> Void) throws {
        try store.read { db in
            var sql = "SELECT id, key, label, type, gazetteer FROM entity"
            var arguments: StatementArguments = []
            var conditions: [String] = []
            if let type { conditions.append("type = ?"); arguments += [type.rawValue] }
            if let ids { conditions.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(ids) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY type, key"
            let entities = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try entities.next() {
                let id: Int64 = row[0]
                let aliases = try String.fetchAll(db, sql: "SELECT alias FROM alias WHERE entity = ? ORDER BY alias", arguments: [id])
                var usedBy: [String: String] = [:]
                for r in try Row.fetchAll(db, sql: "SELECT alias, used_by FROM alias WHERE entity = ? AND used_by IS NOT NULL", arguments: [id]) {
                    usedBy[r[0]] = r[1]
                }
                let sameAs = try String.fetchAll(db, sql: "SELECT iri FROM same_as WHERE entity = ? ORDER BY iri", arguments: [id])
                let counts = try Row.fetchOne(db, sql: "SELECT count(DISTINCT article), count(*) FROM mention WHERE entity = ?", arguments: [id])!
                var entityRow = EntityRow(id: id, key: row[1], label: row[2], type: EntityType(rawValue: row[3]) ?? .organization,
                                          aliases: aliases, sameAs: sameAs, gazetteer: row[4], articleCount: counts[0], mentionCount: counts[1],
                                          sources: [])
                entityRow.aliasUsedBy = usedBy
                try body(entityRow, MentionSources(db: db, entity: id))
            }
        }
    }

    /// Entities whose label or an alias equals `name` (case-insensitive); if none, those
    /// whose label or alias contains it.
    public func resolve(_ name: String, type: EntityType? = nil) throws -> [EntityRef] {
        try store.read { db in
            let typeFilter = type.map { "AND e.type = '\($0.rawValue)'" } ?? ""
            let exact = try Row.fetchAll(db, sql: """
                SELECT DISTINCT e.id, e.key, e.label, e.type FROM entity e LEFT JOIN alias a ON a.entity = e.id
                WHERE (e.label = ? COLLATE NOCASE OR a.alias = ? COLLATE NOCASE OR e.key = ?) \(typeFilter)
                ORDER BY e.type, e.key
                """, arguments: [name, name, name])
            let rows = exact.isEmpty ? try Row.fetchAll(db, sql: """
                SELECT DISTINCT e.id, e.key, e.label, e.type FROM entity e LEFT JOIN alias a ON a.entity = e.id
                WHERE (e.label LIKE ? OR a.alias LIKE ?) \(typeFilter)
                ORDER BY e.type, e.key LIMIT 20
                """, arguments: ["%\(name)%", "%\(name)%"]) : exact
            return rows.map { EntityRef(id: $0[0], key: $0[1], label: $0[2], type: EntityType(rawValue: $0[3]) ?? .organization) }
        }
    }

    /// Entities whose label or an alias is spelled like `name` (a few typos apart), nearest
    /// first: the candidates to offer when `resolve` finds nothing.
    public func suggestions(for name: String, limit: Int = 5) throws -> [EntityRef] {
        let wanted = Array(name.lowercased())
        guard !wanted.isEmpty else { return [] }
        let allowed = max(1, wanted.count / 3)
        return try store.read { db in
            var best: [Int64: (Int, EntityRef)] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.id, e.key, e.label, e.type, e.label FROM entity e
                UNION ALL SELECT e.id, e.key, e.label, e.type, a.alias FROM alias a JOIN entity e ON e.id = a.entity
                """)
            while let row = try rows.next() {
                let candidate: String = row[4]
                let distance = GraphQueries.editDistance(wanted, Array(candidate.lowercased()), limit: allowed)
                guard distance <= allowed else { continue }
                let id: Int64 = row[0]
                if let known = best[id], known.0 <= distance { continue }
                best[id] = (distance, EntityRef(id: id, key: row[1], label: row[2], type: EntityType(rawValue: row[3]) ?? .organization))
            }
            return best.values.sorted { ($0.0, $0.1.key) < ($1.0, $1.1.key) }.prefix(limit).map(\.1)
        }
    }

    /// Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Per (action, other entity label): how many distinct articles report a relation of the
    /// entity, however many events (dates, treaties, places) it is split into. Counted in the
    /// store, so a frequent entity costs no more memory than a rare one.
    public func relationCounts(of id: Int64) throws -> (outgoing: [(String, String, Int)], incoming: [(String, String, Int)]) {
        try store.read { db in
            func counts(_ sql: String, _ arguments: StatementArguments) throws -> [(String, String, Int)] {
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0[0], $0[1], $0[2]) }
            }
            let objectLabel = "COALESCE((SELECT label FROM entity WHERE id = e.target), (SELECT label FROM entity WHERE id = e.treaty), (SELECT label FROM entity WHERE id = e.place), '—')"
            let eventArticles = "FROM event e JOIN action_mention m ON m.event = e.id JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article"
            let stateArticles = "FROM relation r JOIN relation_evidence v ON v.relation = r.id JOIN sentence s ON s.id = v.sentence JOIN article a ON a.id = v.article"
            let outgoing = try counts("""
                SELECT action, other, count(DISTINCT source) FROM (
                  SELECT e.type AS action, \(objectLabel) AS other, a.source AS source \(eventArticles) WHERE e.agent = ?
                  UNION ALL
                  SELECT r.type, COALESCE((SELECT label FROM entity WHERE id = r.object), '—'), a.source \(stateArticles) WHERE r.subject = ?
                ) GROUP BY action, other
                """, [id, id])
            let incoming = try counts("""
                SELECT action, other, count(DISTINCT source) FROM (
                  SELECT e.type AS action, COALESCE((SELECT label FROM entity WHERE id = e.agent), '?') AS other, a.source AS source
                  \(eventArticles) WHERE e.target = ? OR e.treaty = ? OR e.place = ?
                  UNION ALL
                  SELECT r.type, COALESCE((SELECT label FROM entity WHERE id = r.subject), '?'), a.source \(stateArticles) WHERE r.object = ?
                ) GROUP BY action, other
                """, [id, id, id, id])
            return (outgoing, incoming)
        }
    }

    // MARK: Relations

    public struct RelationFilter: Sendable {
        public var subjects: [Int64]? = nil
        public var objects: [Int64]? = nil
        /// Require an object (`A -> B`), or require none (`A -> ?` allows any).
        public var actions: [String]? = nil
        public var kinds: Set<RelationRow.Kind> = [.event, .state]
        public var since: String? = nil
        public var until: String? = nil
        public var source: String? = nil
        public var minSources = 0
        public var subjectTypes: Set<EntityType>? = nil
        public var objectTypes: Set<EntityType>? = nil
        public var ids: [String]? = nil

        public init() {}
    }

    public func relations(_ filter: RelationFilter = RelationFilter()) throws -> [RelationRow] {
        var out: [RelationRow] = []
        try eachRelation(filter) { out.append($0) }
        return out
    }

    /// Calls `body` with each matching relation in the readable order (subject, action, object,
    /// date, id). Only the rows' heads are held and sorted; each row's sources are read when
    /// it is handed over, so a query over a large store holds one row's evidence at a time.
    public func eachRelation(_ filter: RelationFilter = RelationFilter(), _ body: (RelationRow) throws -> Void) throws {
        try store.read { db in
            var refs: [Int64: EntityRef] = [:]
            func ref(_ id: Int64?) throws -> EntityRef? {
                guard let id else { return nil }
                if let r = refs[id] { return r }
                guard let row = try Row.fetchOne(db, sql: "SELECT id, key, label, type FROM entity WHERE id = ?", arguments: [id]) else { return nil }
                let r = EntityRef(id: row[0], key: row[1], label: row[2], type: EntityType(rawValue: row[3]) ?? .organization)
                refs[id] = r
                return r
            }
            // A head: the row without its sources, and where to read them.
            var heads: [(row: RelationRow, dbID: Int64)] = []
            let eventSources = """
                SELECT DISTINCT a.source, a.title, s.text, s.start, s."end" FROM action_mention m JOIN sentence s ON s.id = m.sentence
                JOIN article a ON a.id = m.article WHERE m.event = ? ORDER BY a.source, a.hash, s.start
                """
            let stateSources = """
                SELECT DISTINCT a.source, a.title, s.text, s.start, s."end" FROM relation_evidence r JOIN sentence s ON s.id = r.sentence
                JOIN article a ON a.id = r.article WHERE r.relation = ? ORDER BY a.source, a.hash, s.start
                """
            // Filters on the sources, answered in the store: the number of distinct articles
            // (as `articleCount` counts them) and whether one article is among them.
            func passes(_ kind: RelationRow.Kind, _ id: Int64) throws -> Bool {
                let (table, column) = kind == .event ? ("action_mention", "event") : ("relation_evidence", "relation")
                let join = "FROM \(table) m JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article WHERE m.\(column) = ?"
                if filter.minSources > 0 {
                    let count = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(DISTINCT a.source) \(join)"), arguments: [id]) ?? 0
                    if count < filter.minSources { return false }
                }
                if let source = filter.source {
                    let found = try Bool.fetchOne(db.cachedStatement(sql: """
                        SELECT EXISTS(SELECT 1 \(join) AND (a.source = ? OR substr(a.source, 1, length(?) + 1) = ? || '.'))
                        """), arguments: [id, source, source, source]) ?? false
                    if !found { return false }
                }
                return true
            }
            if filter.kinds.contains(.event) {
                var sql = "SELECT id, key, type, cameo, plover, agent, target, treaty, place, date, modality, historical, confidence FROM event"
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let s = filter.subjects { conditions.append("agent IN (\(s.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(s) }
                if let o = filter.objects { conditions.append("(target IN (\(o.map { _ in "?" }.joined(separator: ","))) OR treaty IN (\(o.map { _ in "?" }.joined(separator: ","))) OR place IN (\(o.map { _ in "?" }.joined(separator: ","))))"); arguments += StatementArguments(o + o + o) }
                if let a = filter.actions { conditions.append("type IN (\(a.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(a) }
                if let ids = filter.ids {
                    let keys = ids.compactMap { $0.hasPrefix("action/") ? String($0.dropFirst("action/".count)) : nil }
                    conditions.append("key IN (\(keys.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(keys)
                }
                // A partial event date ("2022-03") overlaps every day inside it: it passes
                // --since 2022-03-10 as it passes --until 2022-03-10.
                if let since = filter.since { conditions.append("(date >= ? OR substr(?, 1, length(date)) = date)"); arguments += [since, since] }
                if let until = filter.until { conditions.append("substr(date, 1, length(?)) <= ?"); arguments += [until, until] }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY key"
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    let id: Int64 = row[0]
                    guard try passes(.event, id) else { continue }
                    heads.append((RelationRow(kind: .event, id: "action/" + (row[1] as String), subject: try ref(row[5]), label: row[2],
                                              cameo: row[3], plover: row[4], relation: nil, object: try ref(row[6]), treaty: try ref(row[7]),
                                              place: try ref(row[8]), date: row[9], modality: row[10], historical: row[11], confidence: row[12],
                                              sources: []), id))
                }
            }
            if filter.kinds.contains(.state) && filter.since == nil && filter.until == nil {
                var sql = "SELECT id, key, type, subject, object, role, confidence FROM relation"
                var conditions: [String] = []
                var arguments: StatementArguments = []
                if let s = filter.subjects { conditions.append("subject IN (\(s.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(s) }
                if let o = filter.objects { conditions.append("object IN (\(o.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(o) }
                if let a = filter.actions { conditions.append("type IN (\(a.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(a) }
                if let ids = filter.ids {
                    let keys = ids.compactMap { $0.hasPrefix("relation/") ? String($0.dropFirst("relation/".count)) : nil }
                    conditions.append("key IN (\(keys.map { _ in "?" }.joined(separator: ",")))"); arguments += StatementArguments(keys)
                }
                if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
                sql += " ORDER BY key"
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    let id: Int64 = row[0]
                    guard try passes(.state, id) else { continue }
                    heads.append((RelationRow(kind: .state, id: "relation/" + (row[1] as String), subject: try ref(row[3]), label: row[2],
                                              cameo: nil, plover: nil, relation: row[2], object: try ref(row[4]), treaty: nil, place: nil,
                                              date: nil, modality: nil, historical: false, confidence: row[6], sources: []), id))
                }
            }
            // Readable order: by subject, action, object and date (the id breaks ties), the
            // same whatever order the articles were added in.
            func sortKey(_ row: RelationRow) -> [String] {
                [row.subject?.label.lowercased() ?? "", row.label, (row.object ?? row.treaty ?? row.place)?.label.lowercased() ?? "",
                 row.date ?? "", row.id]
            }
            let ordered = heads.map { (sortKey($0.row), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1).filter { head in
                let row = head.row
                if let ids = filter.ids, !ids.contains(row.id) { return false }
                if let types = filter.subjectTypes, !(row.subject.map { types.contains($0.type) } ?? false) { return false }
                if let types = filter.objectTypes, !(row.object.map { types.contains($0.type) } ?? false) { return false }
                return true
            }
            heads = []
            for (head, dbID) in ordered {
                var row = head
                row.sources = try Row.fetchAll(db.cachedStatement(sql: row.kind == .event ? eventSources : stateSources), arguments: [dbID])
                    .map { RelationRow.Source(article: $0[0], title: $0[1], evidence: $0[2], start: $0[3], end: $0[4]) }
                try body(row)
            }
        }
    }
}

