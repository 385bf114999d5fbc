import Foundation

/// The plain tab-separated data files in `ontology/`: one header line, `#` comment lines,
/// one record a line. Errors name the file and line.
public struct TSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String: String]
        public subscript(_ column: String) -> String { fields[column] ?? "" }
        /// The `|`-separated values of a column, empty ones dropped.
        public func list(_ column: String) -> [String] {
            self[column].split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    public var path: String
    public var columns: [String]
    public var rows: [Row]

    public struct LoadError: Error, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var message: String
        public init(path: String, line: Int?, message: String) {
            self.path = path
            self.line = line
            self.message = message
        }
        public var description: String {
            "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)"
        }
    }

    public init(path: String, required: [String] = []) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, line: nil, message: "cannot read the file; check the --ontology folder")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LoadError(path: path, line: nil, message: "the file is not UTF-8")
        }
        var columns: [String]? = nil
        var rows: [Row] = []
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let header = columns else {
                columns = fields
                for name in required where !fields.contains(name) {
                    throw LoadError(path: path, line: number, message: "the header has no column '\(name)'")
                }
                continue
            }
            var record: [String: String] = [:]
            for (i, name) in header.enumerated() where i < fields.count { record[name] = fields[i] }
            rows.append(Row(line: number, fields: record))
        }
        self.columns = columns ?? []
        self.rows = rows
    }
}
