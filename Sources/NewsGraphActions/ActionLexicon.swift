import Foundation
import NewsGraphModel
import NewsGraphText

/// One row of `action-triggers.tsv`.
public struct Trigger: Sendable {
    public enum POS: String, Sendable { case verb, noun }
    public var type: ActionType
    public var cameo: String
    public var pos: POS
    /// The trigger's words, lower-cased; for verbs the first is the lemma.
    public var words: [String]
    /// Required heads of the direct object, as lower-cased word sequences (singular).
    public var objects: [[String]]
    public var preps: WordSet
    public var intransitive: Bool
    public var needsActorTarget: Bool
    public var ambiguous: Bool
    public var speech: Bool
    public var intent: Bool
    public var personTarget: Bool = false
    /// Fire only when one of `preps` follows in the clause ("cited X for its decision").
    public var needsPrep: Bool = false
    /// A noun used as an adverbial of its clause ("alongside", "in lockstep with"): the clause's
    /// subject is the agent.
    public var adverbial: Bool = false
    /// The first words of the object heads (and their plurals), to reject tokens at a glance.
    public var objectFirstWords = WordSet()
}

/// The classes of `cues.tsv`, each a bit, so one lookup of a word answers every class.
public struct Cue: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    static let named: [String: Cue] = [
        "auxiliary": .auxiliary, "future": .future, "hypothetical": .hypothetical, "negation": .negation, "intent": .intent,
        "wish": .wish, "condition": .condition, "speech": .speech, "allegation": .allegation, "pronoun-person": .pronounPerson,
        "pronoun-group": .pronounGroup, "pronoun-thing": .pronounThing, "definite-state": .definiteState, "definite-org": .definiteOrg,
        "plural-states": .pluralStates, "preposition": .preposition, "subordinator": .subordinator, "disapproval": .disapproval,
        "accusation-cue": .accusationCue, "negated-continuation": .negatedContinuation, "request-verb": .requestVerb,
    ]
    public static let auxiliary = Cue(rawValue: 1 << 0)
    public static let future = Cue(rawValue: 1 << 1)
    public static let hypothetical = Cue(rawValue: 1 << 2)
    public static let negation = Cue(rawValue: 1 << 3)
    public static let intent = Cue(rawValue: 1 << 4)
    public static let wish = Cue(rawValue: 1 << 5)
    public static let condition = Cue(rawValue: 1 << 6)
    public static let speech = Cue(rawValue: 1 << 7)
    public static let allegation = Cue(rawValue: 1 << 8)
    public static let pronounPerson = Cue(rawValue: 1 << 9)
    public static let pronounGroup = Cue(rawValue: 1 << 10)
    public static let pronounThing = Cue(rawValue: 1 << 11)
    public static let definiteState = Cue(rawValue: 1 << 12)
    public static let definiteOrg = Cue(rawValue: 1 << 13)
    public static let pluralStates = Cue(rawValue: 1 << 14)
    public static let preposition = Cue(rawValue: 1 << 15)
    public static let subordinator = Cue(rawValue: 1 << 16)
    public static let disapproval = Cue(rawValue: 1 << 17)
    public static let accusationCue = Cue(rawValue: 1 << 18)
    public static let negatedContinuation = Cue(rawValue: 1 << 19)
    public static let requestVerb = Cue(rawValue: 1 << 20)
}

/// The verb form a token shows.
public enum VerbForm: UInt8, Sendable { case base, third, past, participle, gerund }

/// The action lexicon: types, triggers with their inflections, and the cue words.
public struct ActionLexicon: Sendable {
    public var types: [String: ActionType] = [:]
    public var triggers: [Trigger] = []
    /// Inflected first word → (trigger index, form).
    var verbIndex = WordMap<[(Int, VerbForm)]>()
    /// Noun (singular or plural) first word → trigger indices.
    var nounIndex = WordMap<[Int]>()
    /// Cue classes (by bit position) → their phrases of two or more words (lower-cased word
    /// sequences). An array, not a dictionary: the rules ask for a class at most tokens.
    var cuePhrases = [[[String]]](repeating: [], count: 64)
    /// Word → its cue classes (one hash lookup answers every class).
    var cueMask = WordMap<Cue>()
    /// First and last words of the cue phrases → their classes: a token that is neither
    /// starts or ends no phrase, which spares the comparison with every phrase of the class.
    var cuePhraseFirstWords = WordMap<Cue>()
    var cuePhraseLastWords = WordMap<Cue>()

    public init(ontology directory: String) throws {
        let lexicon = directory + "/lexicon"
        for type in try ActionType.load(path: lexicon + "/action-types.tsv") { types[type.label] = type }
        var irregular: [String: [VerbForm: [String]]] = [:]
        let irregularTable = try TSVTable(path: lexicon + "/irregular-verbs.tsv", required: ["lemma", "third", "past", "participle", "gerund"])
        for row in irregularTable.rows {
            irregular[row["lemma"].lowercased()] = [
                .base: [row["lemma"].lowercased()], .third: row.list("third"), .past: row.list("past"),
                .participle: row.list("participle"), .gerund: row.list("gerund"),
            ]
        }
        let table = try TSVTable(path: lexicon + "/action-triggers.tsv", required: ["label", "pos", "trigger"])
        for row in table.rows {
            guard let type = types[row["label"]] else {
                throw TSVTable.LoadError(path: table.path, line: row.line, message: "unknown action type '\(row["label"])' (not in action-types.tsv)")
            }
            guard let pos = Trigger.POS(rawValue: row["pos"]) else {
                throw TSVTable.LoadError(path: table.path, line: row.line, message: "pos must be verb or noun")
            }
            let flags = Set(row.list("flags"))
            let words = ActionLexicon.words(row["trigger"])
            guard !words.isEmpty else { continue }
            let trigger = Trigger(type: type, cameo: row["cameo"].isEmpty ? type.cameo : row["cameo"], pos: pos, words: words,
                                  objects: row.list("object").map(ActionLexicon.words), preps: WordSet(row.list("preps").map { $0.lowercased() }),
                                  intransitive: flags.contains("intransitive"), needsActorTarget: flags.contains("needs_actor_target"),
                                  ambiguous: flags.contains("ambiguous"), speech: flags.contains("speech"), intent: flags.contains("intent"),
                                  personTarget: flags.contains("person_target"))
            var indexed = trigger
            indexed.needsPrep = flags.contains("needs_prep")
            indexed.adverbial = flags.contains("adverbial")
            for head in trigger.objects {
                if let first = head.first { indexed.objectFirstWords.insert(first); indexed.objectFirstWords.insert(ActionLexicon.plural(first)) }
            }
            let index = triggers.count
            triggers.append(indexed)
            switch pos {
            case .verb:
                let lemma = words[0]
                let forms = irregular[lemma] ?? ActionLexicon.regularForms(lemma)
                // A fixed order: the index must not depend on dictionary iteration.
                for form in [VerbForm.base, .third, .past, .participle, .gerund] {
                    for word in forms[form] ?? [] where !(verbIndex[word]?.contains { $0.0 == index } ?? false) {
                        verbIndex[word, default: []].append((index, form))
                    }
                }
            case .noun:
                let head = words[0]
                nounIndex[head, default: []].append(index)
                if words.count == 1 {
                    let plural = ActionLexicon.plural(head)
                    if plural != head { nounIndex[plural, default: []].append(index) }
                }
            }
        }
        let cues = try TSVTable(path: lexicon + "/cues.tsv", required: ["class", "word"])
        for row in cues.rows {
            let words = ActionLexicon.words(row["word"])
            let cls = row["class"]
            guard let bit = Cue.named[cls] else {
                throw TSVTable.LoadError(path: cues.path, line: row.line, message: "unknown cue class '\(cls)'")
            }
            if words.count == 1 {
                cueMask[words[0], default: []].insert(bit)
            } else if !words.isEmpty {
                cuePhrases[bit.rawValue.trailingZeroBitCount].append(words)
                cuePhraseFirstWords[words[0], default: []].insert(bit)
                cuePhraseLastWords[words[words.count - 1], default: []].insert(bit)
            }
        }
    }

    static func words(_ phrase: String) -> [String] {
        Tokenizer.tokens(phrase.lowercased()).map(\.lower)
    }

    /// Regular English inflections of a lemma.
    static func regularForms(_ lemma: String) -> [VerbForm: [String]] {
        let vowels = Set("aeiou")
        let last = lemma.last ?? " "
        let beforeLast = lemma.dropLast().last ?? " "
        var third = lemma + "s"
        if lemma.hasSuffix("s") || lemma.hasSuffix("x") || lemma.hasSuffix("z") || lemma.hasSuffix("ch") || lemma.hasSuffix("sh") || (last == "o" && !vowels.contains(beforeLast)) {
            third = lemma + "es"
        } else if last == "y" && !vowels.contains(beforeLast) {
            third = String(lemma.dropLast()) + "ies"
        }
        var past = lemma + "ed"
        if last == "e" { past = lemma + "d" } else if last == "y" && !vowels.contains(beforeLast) { past = String(lemma.dropLast()) + "ied" }
        var gerund = lemma + "ing"
        if lemma.hasSuffix("ie") { gerund = String(lemma.dropLast(2)) + "ying" } else if last == "e" && !lemma.hasSuffix("ee") { gerund = String(lemma.dropLast()) + "ing" }
        return [.base: [lemma], .third: [third], .past: [past], .participle: [past], .gerund: [gerund]]
    }

    static func plural(_ noun: String) -> String {
        let vowels = Set("aeiou")
        if noun.hasSuffix("s") || noun.hasSuffix("x") || noun.hasSuffix("ch") || noun.hasSuffix("sh") { return noun.hasSuffix("ss") || noun.hasSuffix("x") || noun.hasSuffix("ch") || noun.hasSuffix("sh") ? noun + "es" : noun }
        if noun.hasSuffix("y"), let b = noun.dropLast().last, !vowels.contains(b) { return String(noun.dropLast()) + "ies" }
        return noun + "s"
    }

    /// The singular of a noun token for object matching ("sanctions" → "sanction").
    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") || word.hasSuffix("ches") || word.hasSuffix("shes") || word.hasSuffix("xes") { return String(word.dropLast(2)) }
        if word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && word.count > 3 { return String(word.dropLast()) }
        return word
    }

    @inline(__always) func isCue(_ cls: Cue, _ word: String) -> Bool {
        guard let mask = cueMask[word] else { return false }
        return mask.contains(cls)
    }

    @inline(__always) func isCue(_ cls: Cue, _ word: HashedWord) -> Bool {
        guard let mask = cueMask[word] else { return false }
        return mask.contains(cls)
    }

    /// The length of a cue phrase of `cls` starting at `i`, if any.
    func cuePhrase(_ cls: Cue, _ tokens: [Token], at i: Int, end: Int) -> Int? {
        if isCue(cls, tokens[i].lowerWord) { return 1 }
        guard cuePhraseFirstWords[tokens[i].lowerWord]?.contains(cls) == true else { return nil }
        for phrase in cuePhrases[cls.rawValue.trailingZeroBitCount] where i + phrase.count <= end {
            if phrase.enumerated().allSatisfy({ tokens[i + $0.offset].lower == $0.element }) { return phrase.count }
        }
        return nil
    }

    /// Cue phrase of `cls` ending just before `j` (for looking left from a trigger).
    func cuePhraseEnding(_ cls: Cue, _ tokens: [Token], before j: Int, start: Int) -> Int? {
        guard j > start else { return nil }
        if isCue(cls, tokens[j - 1].lowerWord) { return 1 }
        guard cuePhraseLastWords[tokens[j - 1].lowerWord]?.contains(cls) == true else { return nil }
        for phrase in cuePhrases[cls.rawValue.trailingZeroBitCount] where j - phrase.count >= start {
            let s = j - phrase.count
            if phrase.enumerated().allSatisfy({ tokens[s + $0.offset].lower == $0.element }) { return phrase.count }
        }
        return nil
    }
}
