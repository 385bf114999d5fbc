/// The query pattern language: `SUBJECT -> OBJECT`, `SUBJECT -[ACTION]-> OBJECT`, with `?`
/// or `*` for anything. Names may be quoted: `"Fumio Kishida" -> ?`.
public struct QueryPattern: Sendable, Equatable {
    public var subject: String?
    public var action: String?
    public var object: String?

    public struct ParseError: Error, CustomStringConvertible {
        public var pattern: String
        public var message: String
        public var description: String {
            "cannot read the pattern '\(pattern)': \(message). Examples: 'Russia -> Japan', '? -[impose_sanctions]-> Russia', 'Kishida -[*]-> ?'"
        }
    }

    public init(subject: String?, action: String?, object: String?) {
        self.subject = subject
        self.action = action
        self.object = object
    }

    public init(_ text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        var subjectPart: Substring
        var objectPart: Substring
        var actionPart: Substring? = nil
        if let open = t.range(of: "-["), let close = t.range(of: "]->", range: open.upperBound..<t.endIndex) {
            subjectPart = t[..<open.lowerBound]
            actionPart = t[open.upperBound..<close.lowerBound]
            objectPart = t[close.upperBound...]
        } else if let arrow = t.range(of: "->") {
            subjectPart = t[..<arrow.lowerBound]
            objectPart = t[arrow.upperBound...]
        } else if t.contains("<-") {
            throw ParseError(pattern: text, message: "arrows point from subject to object; write it as 'A -> B'")
        } else {
            // A bare name: everything it did.
            subjectPart = Substring(t)
            objectPart = "?"
        }
        func clean(_ s: Substring?) -> String? {
            guard var v = s?.trimmingCharacters(in: .whitespaces) else { return nil }
            if v.count >= 2, (v.hasPrefix("\"") && v.hasSuffix("\"")) || (v.hasPrefix("'") && v.hasSuffix("'")) { v = String(v.dropFirst().dropLast()) }
            if v.isEmpty || v == "?" || v == "*" { return nil }
            return v
        }
        if subjectPart.trimmingCharacters(in: .whitespaces).isEmpty && objectPart.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ParseError(pattern: text, message: "both sides are empty")
        }
        subject = clean(subjectPart)
        object = clean(objectPart)
        action = clean(actionPart)
        for part in [subject, object, action].compactMap({ $0 }) where part.contains("->") || part.contains("-[") {
            throw ParseError(pattern: text, message: "only one arrow is allowed")
        }
    }
}

import Foundation
