import Foundation
import NewsGraphModel
import NewsGraphText

/// A multiword title or role ("Prime Minister", "Deputy Cabinet Secretary", "spokesperson").
public struct RoleWord: Sendable {
    public var tokens: [String]
    public var relation: String
    /// Capitalized before a name ("President Putin").
    public var title: Bool
    /// A lower-case description ("spokesperson", "envoy").
    public var descriptor: Bool
}

/// Everything the entity extractor reads from `ontology/`.
public struct EntityLexicon: Sendable {
    public var gazetteer: Gazetteer
    public var commonWords: WordSet = []
    public var givenNames: WordSet = []
    public var orgHeads: WordSet = []
    public var govHeads: WordSet = []
    public var placeHeads: WordSet = []
    public var treatyHeads: WordSet = []
    public var treatyModifiers: WordSet = []
    public var honorifics: WordSet = []
    public var particles: WordSet = []
    public var personNouns: WordSet = []
    public var connectors: WordSet = []
    public var titleWords: WordSet = []
    public var notEntities: [[String]] = [] { didSet { indexNotEntities() } }
    /// Positions in `notEntities` by the phrase's first word (each list in order), so a
    /// capitalized token is tested only against the phrases it can start.
    private(set) var notEntitiesByFirstWord = WordMap<[Int]>()
    /// Titles and roles by their first token, lower-cased; longest first.
    public var roles = WordMap<[RoleWord]>()
    public var roleModifiers: WordSet = []

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
    }

    /// Loads `gazetteer/` and the word lists of `lexicon/` under an ontology folder.
    public init(ontology directory: String) throws {
        gazetteer = try Gazetteer(directory: directory + "/gazetteer")
        let lexicon = directory + "/lexicon"
        commonWords = try EntityLexicon.wordList(lexicon + "/common-words.txt")
        givenNames = try EntityLexicon.wordList(lexicon + "/given-names.txt")
        let heads = try TSVTable(path: lexicon + "/entity-heads.tsv", required: ["class", "word"])
        for row in heads.rows {
            let word = row["word"]
            switch row["class"] {
            case "org-head": orgHeads.insert(word)
            case "gov-head": govHeads.insert(word.lowercased())
            case "place-head": placeHeads.insert(word)
            case "treaty-head": treatyHeads.insert(word.lowercased())
            case "treaty-mod": treatyModifiers.insert(word.lowercased())
            case "honorific": honorifics.insert(word)
            case "particle": particles.insert(word)
            case "person-noun": personNouns.insert(word.lowercased())
            case "connector": connectors.insert(word)
            case "title-word": titleWords.insert(word)
            case "not-entity": notEntities.append(Gazetteer.tokens(word))
            default:
                throw TSVTable.LoadError(path: heads.path, line: row.line, message: "unknown class '\(row["class"])'")
            }
        }
        if FileManager.default.fileExists(atPath: lexicon + "/roles.tsv") {
            let table = try TSVTable(path: lexicon + "/roles.tsv", required: ["role", "relation"])
            for row in table.rows {
                let tokens = Gazetteer.tokens(row["role"]).map { $0.lowercased() }
                guard let first = tokens.first else { continue }
                let kind = row["kind"]
                if row["relation"] == "modifier" {
                    roleModifiers.insert(tokens.joined(separator: " "))
                    continue
                }
                roles[first, default: []].append(RoleWord(tokens: tokens, relation: row["relation"],
                                                          title: kind != "descriptor", descriptor: kind != "title"))
            }
            for key in roles.keys { roles[key]!.sort { $0.tokens.count > $1.tokens.count } }
        }
        // An initializer does not run its own properties' observers.
        indexNotEntities()
    }

    private mutating func indexNotEntities() {
        notEntitiesByFirstWord = WordMap()
        for (index, phrase) in notEntities.enumerated() {
            if let first = phrase.first { notEntitiesByFirstWord[first, default: []].append(index) }
        }
    }

    static func wordList(_ path: String) throws -> WordSet {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TSVTable.LoadError(path: path, line: nil, message: "cannot read the word list")
        }
        var words = WordSet()
        words.reserveCapacity(8192)
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            // Trim spaces, tabs and a carriage return on bytes (Foundation's trimming is slow here).
            let blank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 }
            guard let first = line.firstIndex(where: { !blank($0) }), let last = line.lastIndex(where: { !blank($0) }) else { continue }
            words.insert(String(Substring(line[first...last])))
        }
        return words
    }

    /// The longest title or role starting at `start` (lower-cased match).
    @inline(__always) public func role(_ tokens: [Token], at start: Int, end: Int) -> (RoleWord, Int)? {
        guard let candidates = roles[tokens[start].lowerWord] else { return nil }
        for role in candidates where start + role.tokens.count <= end {
            var ok = true
            for (k, word) in role.tokens.enumerated() where tokens[start + k].lower != word { ok = false; break }
            if ok { return (role, start + role.tokens.count) }
        }
        return nil
    }

    @inline(__always) public func isCommon(_ token: Token) -> Bool { commonWords.contains(token.lowerWord) }
}
