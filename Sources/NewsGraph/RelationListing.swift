import Foundation
import NewsGraphModel
import NewsGraphQuery

/// Prints what `newsgraph query` finds. JSON Lines, CSV and TSV go out one relation at a time,
/// with only the relations' heads held to sort them, so memory stays flat however many
/// articles back a relation; the aligned table and the JSON array need every row first.
public enum RelationListing {
    /// Writes the relations matching `filter` to `out` and returns how many there were.
    public static func write(_ queries: GraphQueries, _ filter: GraphQueries.RelationFilter, format: OutputFormat,
                             to out: (String) -> Void) throws -> Int {
        var count = 0
        switch format {
        case .jsonl:
            try queries.eachRelation(filter) { row in
                count += 1
                out(JSONLines.line(row.jsonObject) + "\n")
            }
        case .csv, .tsv:
            try queries.eachRelation(filter) { row in
                if count == 0 { out(ResultTable.delimitedLine(RelationRow.tableColumns, format)) }
                count += 1
                out(ResultTable.delimitedLine(row.tableRow, format))
            }
        case .table, .json:
            let rows = try queries.relations(filter)
            count = rows.count
            if count > 0 {
                out(ResultTable(columns: RelationRow.tableColumns, rows: rows.map(\.tableRow), objects: rows.map(\.jsonObject)).render(format))
            }
        }
        return count
    }
}
