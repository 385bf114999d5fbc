import Foundation

/// Reads a JSON Lines corpus, one article a line: `id`, `url`, `title`, `date`, `text`; other
/// fields are kept as metadata. A bad line is reported with its number and skipped.
struct JSONLinesReader {
    let limits: IngestLimits

    static let textFields = ["text", "body", "content", "article"]
    /// When this many lines in a row at the start of a file are not JSON records, the file is
    /// not JSON Lines (a binary file, a CSV file, a pretty-printed JSON document): stop with
    /// one message instead of one a line.
    static let giveUpAfter = 20
    /// Problems listed one by one per file; the rest are counted in one message.
    static let listLimit = 100

    func read(path: String, article: (RawArticle) throws -> Void, problem: (InputProblem) throws -> Void) throws {
        let stream = try ByteStream(path: path)
        var lines = LineReader(stream: stream, maxLineBytes: limits.maxArticleBytes)
        let fileName = (path as NSString).lastPathComponent
        var sawAny = false
        var records = 0
        // Problems of the lines before the first record wait here: if the file turns out not
        // to be JSON Lines at all, one message replaces them.
        var pending: [InputProblem] = []

        // A file of millions of bad lines must not print millions of messages or hold
        // millions of problems: after `listLimit` in one file the rest are counted, and one
        // message at the end says how many.
        var listed = 0
        var unlisted = 0
        var unlistedFirstLine = 0
        func report(_ p: InputProblem) throws {
            if listed < JSONLinesReader.listLimit {
                listed += 1
                try problem(p)
            } else {
                if unlisted == 0 { unlistedFirstLine = p.line ?? 0 }
                unlisted += 1
            }
        }
        func reportUnlisted() throws {
            guard unlisted > 0 else { return }
            try problem(InputProblem(.malformed, path: path, line: unlistedFirstLine,
                                     message: "\(unlisted) more line\(unlisted == 1 ? " was" : "s were") skipped from here on, not listed one by one (after \(listed) listed above)",
                                     hint: "fix the file, or check what produced it"))
            unlisted = 0
        }

        func bad(_ p: InputProblem) throws {
            guard records == 0 else { return try report(p) }
            pending.append(p)
            if pending.count >= JSONLinesReader.giveUpAfter {
                let first = pending[0]
                throw InputProblem(first.kind == .binary ? .binary : .malformed, path: path, line: first.line,
                                   message: "none of the first \(pending.count) lines is a JSON record (line \(first.line ?? 1): \(first.message)), so this is not a JSON Lines file; stopped reading it",
                                   hint: "give JSON Lines files one JSON object a line, or rename the file if it is something else")
            }
        }
        func flushPending() throws {
            let waiting = pending
            pending = []
            for p in waiting { try report(p) }
        }

        while true {
            let line: LineReader.Line
            do {
                guard let next = try lines.next() else { break }
                line = next
            } catch var cut as InputProblem where cut.kind == .truncated {
                // The line being read when the data stopped is incomplete: it is not kept.
                let complete = lines.lineNumber
                cut.line = complete + 1
                cut.message = cut.message.replacingOccurrences(of: "after \(stream.offset) uncompressed bytes",
                                                              with: "in line \(complete + 1)")
                    + (complete == 0 ? "; no line before it was complete" : "; lines 1-\(complete) were read (\(records) record\(records == 1 ? "" : "s"))")
                try flushPending()
                try reportUnlisted()
                throw cut
            }
            let number = lines.lineNumber
            var bytes: [UInt8]
            switch line {
            case let .tooLong(count):
                sawAny = true
                try bad(InputProblem(.tooLarge, path: path, line: number,
                                     message: "the line has \(count) bytes, more than the \(IngestLimits.megabytes(limits.maxArticleBytes)) MB limit for one article",
                                     hint: "the line was skipped without being read into memory; raise --max-article-mb if it is a real article"))
                continue
            case let .text(b): bytes = b
            }
            if number == 1 {
                if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
                    throw InputProblem(.encoding, path: path, byteOffset: 0, message: "the file is UTF-16; JSON Lines must be UTF-8",
                                       hint: "convert it (for example: iconv -f UTF-16 -t UTF-8)")
                }
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            sawAny = true
            if let nul = bytes.firstIndex(of: 0) {
                try bad(InputProblem(.binary, path: path, line: number, message: "NUL byte at byte \(nul) of the line: binary data, not JSON",
                                     hint: "the line was skipped; JSON Lines files are UTF-8 text"))
                continue
            }
            if let bad_ = TextDecoding.firstInvalidUTF8(bytes[...]) {
                try bad(InputProblem(.encoding, path: path, line: number,
                                     message: "invalid UTF-8 at byte \(bad_) of the line (0x\(TextDecoding.hex(bytes[bad_])))",
                                     hint: "the line was skipped; re-encode the file as UTF-8"))
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            } catch {
                let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
                try bad(InputProblem(.malformed, path: path, line: number, message: "not valid JSON (\(reason))",
                                     hint: "the line was skipped; each line must be one JSON object"))
                continue
            }
            guard let record = object as? [String: Any] else {
                let array = object is [Any]
                try bad(InputProblem(.malformed, path: path, line: number,
                                     message: array ? "the line is a JSON array, not an object" : "the line is JSON but not an object",
                                     hint: array ? "the line was skipped; write one object a line (for example: jq -c '.[]' file.json > file.jsonl)"
                                         : "the line was skipped; each line must be one JSON object with a \"text\" field"))
                continue
            }
            guard let textField = JSONLinesReader.textFields.first(where: { record[$0] is String }),
                  let text = record[textField] as? String else {
                try bad(InputProblem(.malformed, path: path, line: number, message: "the record has no \"text\" string",
                                     hint: "the line was skipped; give each record a \"text\" field with the article"))
                continue
            }
            records += 1
            try flushPending()
            if Normalizer.isBlank(text) {
                try report(InputProblem(.empty, path: path, line: number, message: "the record's \"\(textField)\" is empty or only white space",
                                         hint: "the line was skipped; give the record the article text"))
                continue
            }
            var metadata: [String: String] = [:]
            for (key, value) in record where !["id", "url", "title", "date", textField].contains(key) {
                metadata[key] = JSONLinesReader.stringValue(value)
            }
            let id = record["id"].map(JSONLinesReader.stringValue).flatMap { Normalizer.isBlank($0) ? nil : $0 } ?? "\(fileName):\(number)"
            let date = (record["date"] as? String).flatMap(DateParsing.isoDate)
                ?? (record["published"] as? String).flatMap(DateParsing.isoDate)
            try article(RawArticle(sourceName: id, text: text, title: record["title"] as? String, published: date,
                                   url: record["url"] as? String, outlet: record["outlet"] as? String ?? record["source"] as? String,
                                   metadata: metadata, origin: "\(path):\(number)"))
        }
        try flushPending()
        try reportUnlisted()
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
