import Foundation
import NewsGraphModel
import NewsGraphQuery

/// How query commands print their results.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, jsonl, csv, tsv
}

/// Rows with named columns, printable in every output format.
public struct ResultTable {
    public var columns: [String]
    public var rows: [[String]]
    /// The same rows as JSON objects (for json and jsonl), which may hold more than the columns.
    public var objects: [[String: Any]]
    /// In `table` format, longer cells are cut with an ellipsis so a row fits a line; `nil`
    /// prints every cell whole.
    public var maxCell: Int? = 60

    public init(columns: [String], rows: [[String]], objects: [[String: Any]]) {
        self.columns = columns
        self.rows = rows
        self.objects = objects
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .jsonl:
            return objects.map { JSONLines.line($0) + "\n" }.joined()
        case .json:
            let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv, .tsv:
            return ([columns] + rows).map { ResultTable.delimitedLine($0, format) }.joined()
        case .table:
            return renderTable(maxCell: maxCell)
        }
    }

    /// One record of CSV (RFC 4180, CRLF) or TSV (escaped tabs and newlines).
    static func delimitedLine(_ cells: [String], _ format: OutputFormat) -> String {
        format == .csv ? cells.map(csvField).joined(separator: ",") + "\r\n" : cells.map(tsvField).joined(separator: "\t") + "\n"
    }

    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func tsvField(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    /// Aligned columns; long cells are cut with an ellipsis so a row fits a line.
    func renderTable(maxCell: Int?) -> String {
        let cut = rows.map { $0.map { cell -> String in
            let flat = cell.replacingOccurrences(of: "\n", with: " ")
            guard let maxCell, flat.count > maxCell else { return flat }
            return String(flat.prefix(maxCell - 1)) + "…"
        } }
        var widths = columns.map(\.count)
        for row in cut {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
            // No trailing blanks when the last cells are empty.
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var out = line(columns.map { $0.uppercased() })
        for row in cut { out += line(row) }
        return out
    }
}

extension EntityRef {
    public var jsonObject: [String: Any] { ["id": key, "label": label, "type": type.rawValue] }
}

extension RelationRow {
    /// The line format of `newsgraph query --format jsonl`.
    public var jsonObject: [String: Any] {
        var action: [String: Any] = ["label": label]
        if kind == .event {
            action["cameo"] = cameo ?? NSNull()
            action["plover"] = plover ?? NSNull()
        } else {
            action["relation"] = relation ?? label
        }
        var object: [String: Any] = [
            "id": id, "kind": kind.rawValue,
            "subject": subject?.jsonObject ?? NSNull(),
            "action": action,
            "object": self.object?.jsonObject ?? NSNull(),
            "treaty": treaty?.jsonObject ?? NSNull(),
            "place": place?.jsonObject ?? NSNull(),
            "date": date ?? NSNull(),
            "confidence": (confidence * 1000).rounded() / 1000,
            "articleCount": articleCount,
            "sources": sources.map { ["article": $0.article, "evidence": $0.evidence, "start": $0.start, "end": $0.end] as [String: Any] },
        ]
        if let modality { object["modality"] = modality }
        if historical { object["historical"] = true }
        return object
    }

    /// The id comes first: `newsgraph sources ID` takes it.
    public var tableRow: [String] {
        [id, subject?.label ?? "?", kind == .event ? label : (relation ?? label), object?.label ?? treaty?.label ?? place?.label ?? "",
         cameo ?? "", date ?? "", String(articleCount), sources.first?.evidence ?? ""]
    }

    public static let tableColumns = ["id", "subject", "action", "object", "cameo", "date", "sources", "evidence"]
}

extension EntityRow {
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "id": key, "label": label, "type": type.rawValue, "aliases": aliases,
            "articleCount": articleCount, "mentionCount": mentionCount,
            "sources": sources.map { ["article": $0.article, "mentions": $0.mentions] as [String: Any] },
        ]
        if !sameAs.isEmpty { object["sameAs"] = sameAs }
        if !aliasUsedBy.isEmpty { object["aliasUsedBy"] = aliasUsedBy }
        return object
    }

    public var tableRow: [String] { [label, type.rawValue, String(articleCount), String(mentionCount), aliases.joined(separator: " | ")] }
    public static let tableColumns = ["label", "type", "articles", "mentions", "aliases"]
}
