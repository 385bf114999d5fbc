import GRDB
import NewsGraphModel
import NewsGraphStore

/// Matching `--action` terms against what the store holds.
public enum ActionCatalog {
    /// The action and relation labels a term names: a label, a CAMEO code or prefix, or a
    /// PLOVER category (case-insensitive).
    public static func labels(matching term: String, queries: GraphQueries) throws -> [String] {
        let t = term.trimmingCharacters(in: .whitespaces)
        return try queries.store.read { db in
            let events = try String.fetchAll(db, sql: """
                SELECT DISTINCT type FROM event WHERE type = lower(?) OR replace(type, '_', ' ') = lower(?) OR plover = upper(?)
                    OR (? GLOB '[0-9]*' AND cameo LIKE ? || '%')
                ORDER BY type
                """, arguments: [t, t, t, t, t])
            let states = try String.fetchAll(db, sql: "SELECT DISTINCT type FROM relation WHERE type = lower(?) OR replace(type, '_', ' ') = lower(?) ORDER BY type",
                                             arguments: [t, t])
            return events + states
        }
    }
}

extension GraphQueries {
    /// Counts for `newsgraph stats`.
    public func statistics() throws -> [(String, Int)] {
        try store.read { db in
            var out: [(String, Int)] = []
            out.append(("articles", try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0))
            for type in EntityType.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                out.append(("entities: \(type.rawValue)", try Int.fetchOne(db, sql: "SELECT count(*) FROM entity WHERE type = ?", arguments: [type.rawValue]) ?? 0))
            }
            out.append(("mentions", try Int.fetchOne(db, sql: "SELECT count(*) FROM mention") ?? 0))
            out.append(("events", try Int.fetchOne(db, sql: "SELECT count(*) FROM event") ?? 0))
            out.append(("event reports", try Int.fetchOne(db, sql: "SELECT count(*) FROM action_mention") ?? 0))
            out.append(("relations", try Int.fetchOne(db, sql: "SELECT count(*) FROM relation") ?? 0))
            out.append(("evidence sentences", try Int.fetchOne(db, sql: "SELECT count(*) FROM sentence") ?? 0))
            return out
        }
    }

    /// The shortest chain of events and relations linking two entities (either direction),
    /// by breadth-first search over the store.
    public func shortestPath(from: Int64, to: Int64, maxDepth: Int = 6) throws -> [RelationRow] {
        if from == to { return [] }
        // Edges: (neighbour, relation id) from events and states, both directions.
        // The search visits nodes in the order of their keys and edges in the order of their
        // relation ids, never of row ids, so the path found depends only on the store's
        // content, not on the order articles were added in.
        let steps: [(Int64, Int64, String)] = try store.read { db in
            var visited: [Int64: (Int64, String)] = [from: (from, "")]
            var frontier = [from]
            for _ in 0..<maxDepth {
                var next: [(String, Int64)] = []
                for node in frontier {
                    let rows = try Row.fetchAll(db, sql: """
                        SELECT n.neighbour, n.relation, e.key FROM (
                            SELECT target AS neighbour, 'action/' || key AS relation FROM event WHERE agent = ? AND target IS NOT NULL
                            UNION ALL SELECT agent, 'action/' || key FROM event WHERE target = ? AND agent IS NOT NULL
                            UNION ALL SELECT place, 'action/' || key FROM event WHERE agent = ? AND place IS NOT NULL
                            UNION ALL SELECT treaty, 'action/' || key FROM event WHERE agent = ? AND treaty IS NOT NULL
                            UNION ALL SELECT object, 'relation/' || key FROM relation WHERE subject = ?
                            UNION ALL SELECT subject, 'relation/' || key FROM relation WHERE object = ?
                        ) n JOIN entity e ON e.id = n.neighbour
                        ORDER BY n.relation, e.key
                        """, arguments: [node, node, node, node, node, node])
                    for row in rows {
                        let neighbour: Int64 = row[0]
                        if visited[neighbour] == nil {
                            visited[neighbour] = (node, row[1])
                            next.append((row[2], neighbour))
                        }
                    }
                }
                if visited[to] != nil { break }
                frontier = next.sorted { $0.0 < $1.0 }.map(\.1)
                if frontier.isEmpty { break }
            }
            guard visited[to] != nil else { return [] }
            var path: [(Int64, Int64, String)] = []
            var node = to
            while node != from, let (previous, relation) = visited[node] {
                path.append((previous, node, relation))
                node = previous
            }
            return path.reversed()
        }
        var filter = RelationFilter()
        filter.ids = steps.map(\.2)
        let rows = try relations(filter)
        return steps.compactMap { step in rows.first { $0.id == step.2 } }
    }
}
