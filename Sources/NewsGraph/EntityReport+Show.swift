import Foundation
import NewsGraphModel
import NewsGraphQuery

/// What `newsgraph show` prints about one entity.
public struct EntityDetail {
    public var entity: EntityRow
    public var outgoing: [(String, String, Int)]
    public var incoming: [(String, String, Int)]

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .json, .jsonl:
            var object = entity.jsonObject
            object.removeValue(forKey: "sources")
            object["articleCount"] = entity.articleCount
            object["mentionCount"] = entity.mentionCount
            object["out"] = outgoing.map { ["action": $0.0, "object": $0.1, "count": $0.2] as [String: Any] }
            object["in"] = incoming.map { ["action": $0.0, "subject": $0.1, "count": $0.2] as [String: Any] }
            if format == .jsonl { return JSONLines.line(object) + "\n" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv, .tsv, .table:
            var rows: [[String]] = []
            rows.append(["label", entity.label, ""])
            rows.append(["type", entity.type.rawValue, ""])
            rows.append(["id", entity.key, ""])
            for alias in entity.aliases { rows.append(["alias", entity.aliasUsedBy[alias].map { "\(alias) (used by \($0))" } ?? alias, ""]) }
            for iri in entity.sameAs { rows.append(["same as", iri, ""]) }
            rows.append(["articles", String(entity.articleCount), ""])
            rows.append(["mentions", String(entity.mentionCount), ""])
            for (action, object, count) in outgoing { rows.append(["out", "\(action) → \(object)", String(count)]) }
            for (action, subject, count) in incoming { rows.append(["in", "\(action) ← \(subject)", String(count)]) }
            return ResultTable(columns: ["field", "value", "count"], rows: rows, objects: []).render(format)
        }
    }
}

extension EntityReport {
    /// Collects the detail of one entity for `show`.
    public static func make(for ref: EntityRef, queries: GraphQueries) throws -> EntityDetail {
        guard let row = try queries.entities(ids: [ref.id], withSources: false).first else {
            throw CocoaError(.fileNoSuchFile)
        }
        let counts = try queries.relationCounts(of: ref.id)
        func sorted(_ rows: [(String, String, Int)]) -> [(String, String, Int)] {
            rows.sorted { ($0.2, $1.0, $1.1) > ($1.2, $0.0, $0.1) }
        }
        return EntityDetail(entity: row, outgoing: sorted(counts.outgoing), incoming: sorted(counts.incoming))
    }
}
