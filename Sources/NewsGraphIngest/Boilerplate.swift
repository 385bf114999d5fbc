import NewsGraphModel

/// The boilerplate rules of `ontology/lexicon/boilerplate.tsv`.
public struct BoilerplateRules: Sendable {
    public var lines: [String: String] = [:]
    public var tails: [(String, String)] = [] { didSet { indexPhrases() } }
    public var appeals: [(String, String)] = [] { didSet { indexPhrases() } }
    /// The tail phrases, then the appeal phrases: one pass over a paragraph finds both.
    private var tailOrAppealPhrases = PhraseSet([])
    public var credits: [String] = []
    public var outlets: [String] = []
    public var sections: Set<String> = []
    /// The longest `line` rule, in UTF-8 bytes.
    var longestLine = 0

    public init() {}

    public init(path: String) throws {
        let table = try TSVTable(path: path, required: ["rule", "phrase"])
        for row in table.rows {
            let phrase = row["phrase"]
            let reason = row["reason"].isEmpty ? "boilerplate" : row["reason"]
            switch row["rule"] {
            case "line":
                lines[phrase.lowercased()] = reason
                longestLine = max(longestLine, phrase.lowercased().utf8.count)
            case "tail": tails.append((phrase.lowercased(), reason))
            case "appeal": appeals.append((phrase.lowercased(), reason))
            case "credit": credits.append(phrase.lowercased())
            case "outlet": outlets.append(phrase)
            case "section": sections.insert(phrase.lowercased())
            default:
                throw TSVTable.LoadError(path: path, line: row.line, message: "unknown rule '\(row["rule"])' (use line, tail, appeal, credit, outlet or section)")
            }
        }
        // An initializer does not run its own properties' observers.
        indexPhrases()
    }

    private mutating func indexPhrases() {
        tailOrAppealPhrases = PhraseSet(tails.map(\.0) + appeals.map(\.0))
    }

    /// Lower-case text with end punctuation and surrounding space removed.
    static func key(_ s: String) -> String {
        var t = Substring(s.lowercased())
        while let l = t.last, l == "." || l == ":" || l == "?" || l == "!" || l == " " { t.removeLast() }
        while let f = t.first, f == " " || f == "…" || f == "." { t.removeFirst() }
        return String(t)
    }

    /// The reason a whole (lower-cased) line is boilerplate; longer lines than any rule are not.
    func lineReason(lowered: String) -> String? {
        lowered.utf8.count <= longestLine + 8 ? lines[BoilerplateRules.key(lowered)] : nil
    }

    func lineReason(_ block: String) -> String? { lineReason(lowered: block.lowercased()) }

    /// The reason of the first tail phrase the paragraph contains, else of the first appeal
    /// phrase (the first contained phrase of the joined list is a tail phrase when there is one).
    func tailOrAppealReason(_ lowered: String) -> (tail: String?, appeal: String?) {
        guard let i = tailOrAppealPhrases.firstContained(in: lowered) else { return (nil, nil) }
        return i < tails.count ? (tails[i].1, nil) : (nil, appeals[i - tails.count].1)
    }


    /// A photo caption or credit line: "(Name/Getty Images)", "Name | RIA NOVOSTI / VIA REUTERS",
    /// "… EPA/HARISH TYAGI/TASS", "Photo: …".
    func isCredit(_ block: String, lowered: String? = nil) -> Bool {
        // Every credit form below has a slash, a bar, a closing parenthesis or a leading label;
        // each form is tried only when the block has its mark (memchr: every paragraph is asked).
        let slash = block.containsByte(0x2F), bar = block.containsByte(0x7C), paren = block.containsByte(0x29)
        guard slash || bar || paren || block.containsByte(0x3A) || block.utf8.first.map({ $0 == 0x46 || $0 == 0x66 }) ?? false else {
            return false
        }
        let lowered = lowered ?? block.lowercased()
        if lowered.hasPrefix("photo:") || lowered.hasPrefix("image:") || lowered.hasPrefix("photograph:") || lowered.hasPrefix("file photo") {
            return true
        }
        guard slash || bar || paren else { return false }
        let trimmed = block.trimmingSpaces()
        if paren, trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].lowercased()
            if inside.containsBytes("/") && credits.contains(where: { inside.containsBytes($0) }) { return true }
            if credits.contains(where: { inside.hasSuffix($0) }) && inside.count < 80 { return true }
        }
        if bar, trimmed.containsBytes(" | "), let bar = trimmed.range(of: " | ", options: .backwards) {
            let after = trimmed[bar.upperBound...]
            let letters = after.filter { $0.isLetter }
            if !letters.isEmpty && (letters.allSatisfy { $0.isUppercase } || credits.contains(where: { after.lowercased().containsBytes($0) })) {
                return true
            }
        }
        guard slash else { return false }
        let last = trimmed.lastIndex(of: " ").map { trimmed[trimmed.index(after: $0)...] } ?? Substring(trimmed)
        if last.contains("/") {
            let letters = last.filter { $0.isLetter }
            if letters.count >= 3 && letters.allSatisfy({ $0.isUppercase }) { return true }
        }
        return false
    }

    /// The outlet a masthead line starts with ("The Washington PostDemocracy Dies in Darkness").
    func masthead(_ block: String) -> String? {
        guard block.hasFewerCharacters(than: 91) else { return nil }
        return outlets.first(where: { block.hasPrefix($0) && (block.count == $0.count || !block.contains(". ")) })
    }

    func mentionedOutlet(_ block: String) -> String? {
        outlets.first(where: { $0.count > 4 && block.containsBytes($0) })
    }
}
