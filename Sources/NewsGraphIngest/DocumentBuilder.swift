#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NewsGraphModel

/// Turns a raw article into a `Document`: normalized text, blocks with roles, and the
/// metadata the text itself states (headline, dateline date, outlet).
public struct DocumentBuilder: Sendable {
    public var rules: BoilerplateRules

    public init(rules: BoilerplateRules) {
        self.rules = rules
    }

    /// The article text offsets refer to: for inputs with a separate title (JSON Lines,
    /// HTML), the title, a blank line, then the text.
    /// NUL characters (a JSON `\u0000`, the library API) are left out: SQLite hands text back
    /// as C strings, so a stored NUL would cut every string it is in (found by the fuzz test).
    public static func composedText(_ raw: RawArticle) -> (text: String, hasTitle: Bool) {
        if let title = raw.title?.withoutNUL.trimmingSpaces(), !title.isEmpty {
            return (title + "\n\n" + raw.text.withoutNUL, true)
        }
        return (raw.text.withoutNUL, false)
    }

    /// The content hash an article will be stored under.
    /// The same text published on another date (a JSON Lines `date`) is another article: the
    /// date decides what "Monday" means, and which of two such copies came first must not
    /// matter. Text that carries its own date (a dateline) hashes as it is.
    public static func contentHash(_ raw: RawArticle) -> String {
        hash(composedText(raw).text, published: raw.published.flatMap(DateParsing.isoDate))
    }

    static func hash(_ original: String, published: String?) -> String {
        var hasher = SHA256.Hasher()
        if let published { hasher.update("published " + published + "\u{0}") }
        hasher.update(original)
        return SHA256.hex(digest: hasher.finalize())
    }

    public func build(_ raw: RawArticle) -> Document {
        let (original, hasTitle) = DocumentBuilder.composedText(raw)
        let titleLength = hasTitle ? 1 : 0
        let normalized = Normalizer.normalize(original)
        let text = normalized.text
        let lines = splitLines(text)
        var blocks: [Block] = []
        // Only a real date is kept (RawArticle is public API: anything can arrive here).
        let statedDate = raw.published.flatMap(DateParsing.isoDate)
        var published = statedDate
        var outlet = raw.outlet
        var headline: String? = nil
        var sawBody = false
        var tail: String? = nil
        let count = lines.count

        func string(_ r: Range<Int>) -> String { String(decoding: text[r], as: UTF8.self) }

        for (index, range) in lines.enumerated() {
            let block = string(range)
            let lowered = block.lowercasedFast()
            if let reason = tail {
                blocks.append(Block(range: range, role: .boilerplate, reason: reason))
                continue
            }
            if titleLength > 0 && index == 0 {
                headline = block
                blocks.append(Block(range: range, role: .headline))
                continue
            }
            if let reason = rules.lineReason(lowered: lowered) {
                blocks.append(Block(range: range, role: .boilerplate, reason: reason))
                continue
            }
            let (tailReason, appealReason) = rules.tailOrAppealReason(lowered)
            if let reason = tailReason {
                tail = reason
                if outlet == nil { outlet = rules.mentionedOutlet(block) }
                blocks.append(Block(range: range, role: .boilerplate, reason: reason))
                continue
            }
            if let reason = appealReason, block.hasFewerCharacters(than: 700) {
                if outlet == nil { outlet = rules.mentionedOutlet(block) }
                if sawBody && index * 10 >= count * 6 { tail = reason }
                blocks.append(Block(range: range, role: .boilerplate, reason: reason))
                continue
            }
            if !sawBody, let name = rules.masthead(block) {
                outlet = outlet ?? name
                blocks.append(Block(range: range, role: .boilerplate, reason: "masthead"))
                continue
            }
            if rules.isCredit(block, lowered: lowered) {
                blocks.append(Block(range: range, role: .boilerplate, reason: "photo caption or credit"))
                continue
            }
            // A line that is only a date (or "Updated: <date>"), or a date glued before the text.
            let isUpdate = lowered.hasPrefix("updated")
            let dateSource = isUpdate ? String(block.drop(while: { $0 != ":" }).dropFirst()) : block
            // A short line, or a date with text after it.
            if let (date, used) = DateParsing.readDate(dateSource), block.hasFewerCharacters(than: 60) || !block.hasFewerCharacters(than: used + 1) {
                let rest = String(dateSource.dropFirst(used)).trimmingSpaces()
                let restIsTime = rest.isEmpty || rest.count <= 12 && rest.allSatisfy { $0.isNumber || ":apmAPM .".contains($0) }
                if restIsTime || (!sawBody && lowered.hasPrefix("date ")) {
                    if !isUpdate && published == nil { published = date }
                    if restIsTime {
                        blocks.append(Block(range: range, role: .dateline, reason: isUpdate ? "update time" : nil))
                    } else {
                        // "date 2022-03-22 Russia said ...": split the date from the text.
                        let cut = range.lowerBound + (block.utf8.count - rest.utf8.count)
                        blocks.append(Block(range: range.lowerBound..<cut, role: .dateline))
                        blocks.append(Block(range: cut..<range.upperBound, role: .body))
                        sawBody = true
                    }
                    continue
                }
            }
            if !sawBody && headline == nil && block.hasFewerCharacters(than: 60) && rules.sections.contains(BoilerplateRules.key(lowered)) {
                blocks.append(Block(range: range, role: .boilerplate, reason: "section label"))
                continue
            }
            if headline == nil && !sawBody && block.hasFewerCharacters(than: 250) && !Self.hasTerminalPunctuation(block) {
                headline = block
                blocks.append(Block(range: range, role: .headline))
                continue
            }
            if sawBody && block.hasFewerCharacters(than: 160) && !Self.hasTerminalPunctuation(block) && block.split(separator: " ").count >= 3
                && index + 1 < count && !isLastNonBoilerplate(index, lines: lines, text: text) {
                blocks.append(Block(range: range, role: .boilerplate, reason: "related-coverage teaser"))
                continue
            }
            sawBody = true
            blocks.append(Block(range: range, role: .body))
        }
        let hash = DocumentBuilder.hash(original, published: statedDate)
        // Every article is known by a name (exports require one): a name with nothing an
        // export can show (only invisible or control characters, U+FFFE, U+FFFF) is replaced.
        let isNoncharacter = { (scalar: Unicode.Scalar) in scalar.value == 0xFFFE || scalar.value == 0xFFFF }
        let visible = raw.sourceName.unicodeScalars.contains(where: isNoncharacter)
            ? String(String.UnicodeScalarView(raw.sourceName.unicodeScalars.filter { !isNoncharacter($0) }))
            : raw.sourceName
        let sourceName = Normalizer.isBlank(visible) ? "article-" + hash.prefix(16) : raw.sourceName.withoutNUL
        var metadata: [String: String] = [:]
        for (key, value) in raw.metadata { metadata[key.withoutNUL] = value.withoutNUL }
        let article = Article(sourceName: sourceName, title: (headline ?? raw.title)?.withoutNUL, outlet: outlet?.withoutNUL,
                              published: published, url: raw.url.flatMap(DocumentBuilder.cleanURL), contentHash: hash,
                              metadata: metadata)
        return Document(article: article, original: original, text: text, offsetMap: normalized.offsetMap, blocks: blocks)
    }

    /// Whether a line ends a sentence: a full stop or the like, before closing quotes and brackets.
    static func hasTerminalPunctuation(_ s: String) -> Bool {
        if let decided = asciiTerminalPunctuation(s) { return decided }
        var rest = Substring(s)
        // A closing quote or bracket ends a sentence only after a full stop ("... war.'"), not
        // a headline ("... 'quasi-state of war'").
        while let last = rest.last, "\"'”’)".contains(last) { rest.removeLast() }
        guard let last = rest.last else { return false }
        return ".!?:;…".contains(last)
    }

    /// `hasTerminalPunctuation` decided on the bytes when the line ends in ASCII characters
    /// (an ASCII byte after another ASCII byte is a character of its own; after a non-ASCII
    /// one it may not be, "\u{0600}."), else nil.
    static func asciiTerminalPunctuation(_ s: String) -> Bool? {
        var copy = s
        return copy.withUTF8 { bytes -> Bool? in
            var end = bytes.count
            while end > 0 {
                let b = bytes[end - 1]
                if b >= 0x80 || (end >= 2 && bytes[end - 2] >= 0x80) { return nil }
                if b == 0x22 || b == 0x27 || b == 0x29 { end -= 1; continue }
                return b == 0x2E || b == 0x21 || b == 0x3F || b == 0x3A || b == 0x3B
            }
            return false
        }
    }

    private func isLastNonBoilerplate(_ index: Int, lines: [Range<Int>], text: [UInt8]) -> Bool {
        index == lines.count - 1
    }

    /// Lines of the normalized text; a line that continues a hard-wrapped paragraph (it
    /// starts lower-case after a line without end punctuation) joins the previous one.
    func splitLines(_ text: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        while start <= text.count {
            // The end of the line: the next line feed (memchr) or the end of the text.
            let i = text.withUnsafeBufferPointer { buffer in
                guard start < buffer.count, let base = buffer.baseAddress, let found = memchr(base + start, 0x0A, buffer.count - start) else { return buffer.count }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if i > start {
                let range = start..<i
                if let previous = lines.last, previous.upperBound == start - 1,
                   let first = text[range].first, first >= 0x61 && first <= 0x7A,
                   let last = text[previous].last, !".!?\"':)".utf8.contains(last) {
                    lines[lines.count - 1] = previous.lowerBound..<i
                } else {
                    lines.append(range)
                }
            }
            start = i + 1
        }
        return lines
    }

    /// The ASCII bytes `cleanURL` percent-encodes (or, for `%`, may).
    @inline(__always) private static func isURLEscapedASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"),
             UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "%"): return true
        default: return false
        }
    }

    /// The article URL as an absolute http(s) IRI every client loads, or nil when it is not
    /// one (a relative link, `javascript:`, free text): what an `xsd:anyURI` cannot hold is
    /// percent-encoded (spaces, quotes, angle brackets, controls, bidirectional formatting
    /// characters, noncharacters, a `%` that starts no escape).
    public static func cleanURL(_ url: String) -> String? {
        let trimmed = url.trimmingSpaces()
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let scheme = trimmed[..<colon].lowercased()
        let rest = trimmed[trimmed.index(after: colon)...]
        guard scheme == "http" || scheme == "https", rest.hasPrefix("//"),
              let host = rest.dropFirst(2).first, !"/?#".contains(host), !host.isWhitespace else { return nil }
        // Printable ASCII without a character to escape or a percent sign stays as it is.
        if trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !isURLEscapedASCII($0) }) { return trimmed }
        let scalars = Array(trimmed.unicodeScalars)
        var out = ""
        for (i, scalar) in scalars.enumerated() {
            let v = scalar.value
            var escape = v <= 0x20 || "<>\"{}|\\^`".unicodeScalars.contains(scalar) || (0x7F...0x9F).contains(v)
                || !DocumentBuilder.isIRICharacter(scalar)
            if scalar == "%" {
                escape = !(i + 2 < scalars.count && scalars[i + 1].properties.isASCIIHexDigit && scalars[i + 2].properties.isASCIIHexDigit)
            }
            if escape {
                for byte in String(scalar).utf8 { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RFC 3987 `ucschar` and `iprivate`, without the bidirectional formatting characters
    /// (the same test as `IRIText.isIRICharacter` in NewsGraphExport).
    static func isIRICharacter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return true }
        if v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return false }
        switch v {
        case 0xA0...0xD7FF, 0xE000...0xF8FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xDFFFD, 0xE1000...0xEFFFD, 0xF0000...0x10FFFD: return v & 0xFFFF <= 0xFFFD
        default: return false
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }

    /// Without U+0000.
    var withoutNUL: String {
        containsByte(0) ? String(String.UnicodeScalarView(unicodeScalars.filter { $0.value != 0 })) : self
    }
}
