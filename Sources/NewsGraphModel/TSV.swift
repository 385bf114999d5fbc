import Foundation

/// The plain tab-separated data files in `ontology/`: one header line, `#` comment lines,
/// one record a line. Errors name the file and line.
public struct TSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        /// The values in column order (a row shorter than the header lacks the last ones).
        public var values: [String]
        let columnIndex: [String: Int]
        public subscript(_ column: String) -> String {
            guard let i = columnIndex[column], i < values.count else { return "" }
            return values[i]
        }
        /// The `|`-separated values of a column, empty ones dropped.
        public func list(_ column: String) -> [String] {
            let value = self[column]
            if value.isEmpty { return [] }
            // No bar, no space and all ASCII: nothing to split or trim (a non-ASCII space such
            // as U+00A0 is trimmed below, as it is next to a bar).
            if !value.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: " ") || $0 >= 0x80 }) { return [value] }
            return value.split(separator: "|").map(Row.trimmingSpaces).filter { !$0.isEmpty }
        }

        /// Without the leading and trailing characters of `CharacterSet.whitespaces` as
        /// Foundation on Linux defines it (tab, the space separators and U+200B ZERO WIDTH
        /// SPACE), the set lexicon values were always trimmed by. `trimmingCharacters` bridges
        /// every value to NSString: it was a fifth of the lexicon load.
        static func trimmingSpaces(_ value: Substring) -> String {
            let isSpace: (Unicode.Scalar) -> Bool = { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
            let scalars = value.unicodeScalars
            guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
            return String(scalars[first...last])
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
        var columnIndex: [String: Int] = [:]
        var rows: [Row] = []
        var number = 0
        // Split on bytes: tab and newline never occur inside a UTF-8 multi-byte sequence.
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            number += 1
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = text[lineStart..<lineEnd]
            lineStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
            if line.utf8.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty || line.utf8.first == UInt8(ascii: "#") { continue }
            let fields = line.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map { String(Substring($0)) }
            guard columns != nil else {
                columns = fields
                for (i, name) in fields.enumerated() where columnIndex[name] == nil { columnIndex[name] = i }
                for name in required where !fields.contains(name) {
                    throw LoadError(path: path, line: number, message: "the header has no column '\(name)'")
                }
                continue
            }
            rows.append(Row(line: number, values: fields, columnIndex: columnIndex))
        }
        self.columns = columns ?? []
        self.rows = rows
    }
}
