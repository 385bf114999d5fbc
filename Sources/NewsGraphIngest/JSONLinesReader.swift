import Foundation

/// Reads a JSON Lines corpus, one article a line: `id`, `url`, `title`, `date`, `text`; other
/// fields are kept as metadata. A bad line is reported with its number and skipped.
struct JSONLinesReader {
    let limits: IngestLimits

    static let textFields = ["text", "body", "content", "article"]

    func read(path: String, article: (RawArticle) throws -> Void, problem: (InputProblem) throws -> Void) throws {
        let stream = try ByteStream(path: path)
        var lines = LineReader(stream: stream, maxLineBytes: limits.maxArticleBytes)
        let fileName = (path as NSString).lastPathComponent
        var sawAny = false
        while let line = try lines.next() {
            let number = lines.lineNumber
            let bytes: [UInt8]
            switch line {
            case let .tooLong(count):
                try problem(InputProblem(.tooLarge, path: path, line: number,
                                         message: "the line has \(count) bytes, more than the \(limits.maxArticleBytes / 1_000_000) MB limit for one article",
                                         hint: "the line was skipped; raise --max-article-mb if it is a real article"))
                sawAny = true
                continue
            case let .text(b): bytes = b
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            sawAny = true
            if let bad = TextDecoding.firstInvalidUTF8(bytes[...]) {
                try problem(InputProblem(.encoding, path: path, line: number, message: "invalid UTF-8 at byte \(bad) of the line",
                                         hint: "the line was skipped; re-encode the file as UTF-8"))
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            } catch {
                let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
                try problem(InputProblem(.malformed, path: path, line: number, message: "not valid JSON (\(reason))",
                                         hint: "the line was skipped; each line must be one JSON object"))
                continue
            }
            guard let record = object as? [String: Any] else {
                try problem(InputProblem(.malformed, path: path, line: number, message: "the line is JSON but not an object",
                                         hint: "the line was skipped; each line must be one JSON object with a \"text\" field"))
                continue
            }
            guard let textField = JSONLinesReader.textFields.first(where: { record[$0] is String }),
                  let text = record[textField] as? String else {
                try problem(InputProblem(.malformed, path: path, line: number, message: "the record has no \"text\" string",
                                         hint: "the line was skipped; give each record a \"text\" field with the article"))
                continue
            }
            var metadata: [String: String] = [:]
            for (key, value) in record where !["id", "url", "title", "date", textField].contains(key) {
                metadata[key] = JSONLinesReader.stringValue(value)
            }
            let id = record["id"].map(JSONLinesReader.stringValue) ?? "\(fileName):\(number)"
            let date = (record["date"] as? String).flatMap(DateParsing.isoDate)
                ?? (record["published"] as? String).flatMap(DateParsing.isoDate)
            try article(RawArticle(sourceName: id, text: text, title: record["title"] as? String, published: date,
                                   url: record["url"] as? String, outlet: record["outlet"] as? String ?? record["source"] as? String,
                                   metadata: metadata, origin: "\(path):\(number)"))
        }
        if !sawAny {
            throw InputProblem(.empty, path: path, message: "the file has no records", hint: "remove it or add one JSON object a line")
        }
    }

    static func stringValue(_ value: Any) -> String {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case is NSNull: return ""
        default:
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
