import Foundation
import NewsGraphModel
import NewsGraphQuery

/// Prints what `newsgraph entities` lists. JSON Lines, CSV and TSV go out one entity at a time
/// (and a JSON Lines entity's mentions article by article), so memory stays flat however large
/// the store; the aligned table and the JSON array need every row first.
public enum EntityListing {
    /// Writes the entities of `type` (or with these `ids`) to `out` and returns how many there were.
    public static func write(_ queries: GraphQueries, type: EntityType? = nil, ids: [Int64]? = nil,
                             format: OutputFormat, to out: (String) -> Void) throws -> Int {
        var count = 0
        switch format {
        case .jsonl:
            try queries.eachEntity(type: type, ids: ids) { row, sources in
                count += 1
                try writeLine(row, sources, to: out)
            }
        case .csv, .tsv:
            try queries.eachEntity(type: type, ids: ids, withSources: false) { row in
                if count == 0 { out(ResultTable.delimitedLine(EntityRow.tableColumns, format)) }
                count += 1
                out(ResultTable.delimitedLine(row.tableRow, format))
            }
        case .table:
            let rows = try queries.entities(type: type, ids: ids, withSources: false)
            count = rows.count
            if count > 0 { out(ResultTable(columns: EntityRow.tableColumns, rows: rows.map(\.tableRow), objects: []).render(format)) }
        case .json:
            let rows = try queries.entities(type: type, ids: ids)
            count = rows.count
            if count > 0 { out(ResultTable(columns: EntityRow.tableColumns, rows: [], objects: rows.map(\.jsonObject)).render(format)) }
        }
        return count
    }

    /// The same line as `JSONLines.line(row.jsonObject)`, with the sources written as they are
    /// read. With sorted keys, "sources" is always followed by "type" alone.
    static func writeLine(_ row: EntityRow, _ sources: MentionSources, to out: (String) -> Void) throws {
        var head = row.jsonObject
        head.removeValue(forKey: "sources")
        head.removeValue(forKey: "type")
        var text = JSONLines.line(head)
        text.removeLast()  // the closing brace
        out(text + (head.isEmpty ? "\"sources\":[" : ",\"sources\":["))
        var first = true
        try sources.forEach { article, mentions in
            out((first ? "" : ",") + JSONLines.line(["article": article, "mentions": mentions] as [String: Any]))
            first = false
        }
        out("],\"type\":" + JSONLines.line([row.type.rawValue]).dropFirst().dropLast() + "}\n")
    }
}
