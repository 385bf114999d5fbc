import Foundation
import NewsGraphModel
import NewsGraphText

/// One row of the gazetteer (`ontology/gazetteer/*.tsv`).
public struct GazetteerEntry: Sendable {
    public var id: String
    public var type: EntityType
    public var name: String
    /// Surface forms; `usedBy` is the gazetteer id of the side that uses the name, when recorded.
    public var aliases: [(form: String, usedBy: String?)]
    public var demonyms: [String]
    public var metonyms: [String]
    public var wikidata: String?
    public var geonames: String?
    public var latitude: Double?
    public var longitude: Double?
    public var parent: String?
    public var kind: String
    public var ambiguous: Bool
    /// Single aliases that are ambiguous ("Congo", "Washington") while the name is not.
    public var ambiguousForms: Set<String> = []

    public var sameAs: [String] {
        var out: [String] = []
        if let wikidata, !wikidata.isEmpty { out.append("http://www.wikidata.org/entity/" + wikidata) }
        if let geonames, !geonames.isEmpty { out.append("https://sws.geonames.org/" + geonames + "/") }
        return out
    }
}

/// How a gazetteer phrase refers to its entry.
public enum GazetteerForm: UInt8, Sendable {
    case name, alias, demonym, metonym
}

/// A phrase of the gazetteer, as tokens.
struct Phrase: Sendable {
    var tokens: [String]
    var entry: Int
    var form: GazetteerForm
}

/// The gazetteer with a token index for longest-match lookup.
public struct Gazetteer: Sendable {
    public private(set) var entries: [GazetteerEntry] = []
    public private(set) var byID: [String: Int] = [:]
    /// Phrases by their first token (exact case).
    var index = WordMap<[Phrase]>()
    /// Phrases by their first token lower-cased, for ALL-CAPS text ("TOKYO —").
    var caselessIndex = WordMap<[Phrase]>()
    /// Every gazetteer person by each of its name tokens, for surname references.
    public private(set) var personsByToken = WordMap<[Int]>()
    /// Each entry's name as tokens without hyphens (by entry number), for the spelling
    /// comparisons of persons: tokenized once here, not for every candidate of every name.
    public private(set) var nameWords: [[String]] = []

    static func nameWords(_ entry: GazetteerEntry) -> [String] {
        Gazetteer.tokens(entry.name).filter { $0 != "-" }
    }

    public init() {}

    public static let columns = ["id", "type", "name", "aliases", "demonyms", "metonyms", "wikidata", "geonames",
                                 "latitude", "longitude", "parent", "kind", "flags"]

    /// Loads every `.tsv` file of a folder, in name order.
    public init(directory: String) throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tsv") }.sorted()
        for file in files {
            try load(path: directory + "/" + file)
        }
    }

    public mutating func load(path: String) throws {
        let table = try TSVTable(path: path, required: ["id", "type", "name"])
        for row in table.rows {
            guard var type = EntityType(caseInsensitive: row["type"]) else {
                throw TSVTable.LoadError(path: path, line: row.line, message: "unknown type '\(row["type"])' (use Person, Country, Organization, Place or Treaty)")
            }
            let id = row["id"]
            if id.isEmpty || row["name"].isEmpty {
                throw TSVTable.LoadError(path: path, line: row.line, message: "every entry needs an id and a name")
            }
            let aliases: [(String, String?)] = row.list("aliases").map { alias in
                if let at = alias.lastIndex(of: "@"), alias[alias.index(after: at)...].contains(":") {
                    return (String(alias[..<at]), String(alias[alias.index(after: at)...]))
                }
                return (alias, nil)
            }
            // Dependent territories (Hong Kong, Greenland) are places, not states.
            if type == .country && row["kind"] == "territory" { type = .place }
            let flags = row.list("flags")
            var entry = GazetteerEntry(
                id: id, type: type, name: row["name"], aliases: aliases, demonyms: row.list("demonyms"),
                metonyms: row.list("metonyms"), wikidata: row["wikidata"].isEmpty ? nil : row["wikidata"],
                geonames: row["geonames"].isEmpty ? nil : row["geonames"], latitude: Double(row["latitude"]),
                longitude: Double(row["longitude"]), parent: row["parent"].isEmpty ? nil : row["parent"],
                kind: row["kind"], ambiguous: flags.contains("ambiguous"))
            entry.ambiguousForms = Set(flags.filter { $0.hasPrefix("ambiguous:") }.map { String($0.dropFirst("ambiguous:".count)) })
            add(entry)
        }
    }

    public mutating func add(_ entry: GazetteerEntry) {
        let number: Int
        if let existing = byID[entry.id] {
            // A later file (local.tsv) extends or replaces an entry.
            number = existing
            var merged = entry
            merged.aliases = entries[existing].aliases + entry.aliases
            merged.demonyms = entries[existing].demonyms + entry.demonyms
            merged.metonyms = entries[existing].metonyms + entry.metonyms
            entries[existing] = merged
            nameWords[existing] = Gazetteer.nameWords(merged)
        } else {
            number = entries.count
            entries.append(entry)
            nameWords.append(Gazetteer.nameWords(entry))
            byID[entry.id] = number
        }
        addPhrase(entry.name, number, .name)
        for (form, _) in entry.aliases { addPhrase(form, number, .alias) }
        for form in entry.demonyms { addPhrase(form, number, .demonym) }
        for form in entry.metonyms { addPhrase(form, number, .metonym) }
        if entry.type == .person {
            for form in [entry.name] + entry.aliases.map(\.form) {
                for token in Gazetteer.tokens(form) where token.first?.isUppercase == true && token.count > 1 {
                    if !(personsByToken[token]?.contains(number) ?? false) { personsByToken[token, default: []].append(number) }
                }
            }
        }
    }

    static func tokens(_ phrase: String) -> [String] { Tokenizer.tokenTexts(phrase) }

    private mutating func addPhrase(_ text: String, _ entry: Int, _ form: GazetteerForm) {
        var tokens = Gazetteer.tokens(text)
        if tokens.first?.lowercasedFast() == "the" && tokens.count > 1 { tokens.removeFirst() }
        guard let first = tokens.first else { return }
        let phrase = Phrase(tokens: tokens, entry: entry, form: form)
        index[first, default: []].append(phrase)
        let lowered = tokens.map { $0.lowercasedFast() }
        caselessIndex[lowered[0], default: []].append(Phrase(tokens: lowered, entry: entry, form: form))
    }

    public struct Match: Sendable {
        public var tokens: Range<Int>
        public var entry: Int
        public var form: GazetteerForm
    }

    /// Whether a phrase may start at `start`: the first test of `match`, for callers that
    /// would do more work before asking it.
    @inline(__always) public func mayStartPhrase(_ tokens: [Token], at start: Int) -> Bool {
        caselessIndex.index(of: tokens[start].lowerWord) != nil
    }

    /// The longest phrase starting at `start`, matching exact case (or, within ALL-CAPS text, any case).
    public func match(_ tokens: [Token], at start: Int, end: Int) -> Match? {
        // Every first word is also a key of the caseless index, lower-cased as tokens are: a
        // token whose lower case is not one starts no phrase. The test reuses the token's hash;
        // `index[text]` would hash the text again (most tokens start nothing).
        guard mayStartPhrase(tokens, at: start) else { return nil }
        var best: Match? = nil
        // Tokens are read in place (`tokens[i].text`): a copy of each token cost more than the test.
        if let phrases = index[tokens[start].textWord] {
            for phrase in phrases where start + phrase.tokens.count <= end {
                if let b = best, b.tokens.count >= phrase.tokens.count { continue }
                var ok = true
                // Inside a phrase, tokens must be as close as in the phrase (no "Japan. Russia").
                for (k, word) in phrase.tokens.enumerated() where tokens[start + k].text != word {
                    ok = false
                    break
                }
                if ok { best = Match(tokens: start..<(start + phrase.tokens.count), entry: phrase.entry, form: phrase.form) }
            }
        }
        if tokens[start].isAllCaps, let phrases = caselessIndex[tokens[start].lowerWord] {
            for phrase in phrases where start + phrase.tokens.count <= end {
                if let b = best, b.tokens.count >= phrase.tokens.count { continue }
                var ok = true
                for (k, word) in phrase.tokens.enumerated() {
                    let i = start + k
                    if tokens[i].lower != word || (tokens[i].isWord && !tokens[i].isAllCaps && tokens[i].text.count > 1) {
                        ok = false
                        break
                    }
                }
                if ok { best = Match(tokens: start..<(start + phrase.tokens.count), entry: phrase.entry, form: phrase.form) }
            }
        }
        return best
    }

    public func entry(_ id: String) -> GazetteerEntry? { byID[id].map { entries[$0] } }
}
