import NewsGraphEntities
import NewsGraphModel
import NewsGraphText

/// Finds actions (events) and stative relations in an article whose entities are known:
/// triggers from the lexicon, then the agent (subject, possessor, "by" phrase), the target
/// (object or prepositional complement), the treaty, the place and the date, and whether the
/// text asserts, announces, negates or only imagines the action.
public struct ActionExtractor: Sendable {
    public let lexicon: ActionLexicon

    public init(lexicon: ActionLexicon) {
        self.lexicon = lexicon
    }

    public struct Result: Sendable {
        public var actions: [LocalAction] = []
        public var relations: [LocalRelation] = []
    }

    public func extract(_ entities: ArticleEntities) -> Result {
        var state = ArticleActions(lexicon: lexicon, entities: entities)
        for index in entities.analyzed.sentences.indices where entities.analyzed.sentences[index].role != .dateline {
            state.process(sentence: index)
        }
        state.quotedCriticism()
        for role in entities.roles {
            state.result.relations.append(LocalRelation(relation: .leaderOf, subject: role.person, object: role.organization, role: role.role,
                                                        sentence: role.sentence, confidence: 0.8))
        }
        for c in entities.containments {
            let relation: StateRelation = entities.entities[c.parent].type == .place ? .partOf : .locatedIn
            state.result.relations.append(LocalRelation(relation: relation, subject: c.child, object: c.parent, role: nil, sentence: c.sentence, confidence: 0.9))
        }
        state.deduplicate()
        return state.result
    }
}

/// An action found in one sentence, with entities as local indices.
public struct LocalAction: Sendable {
    public var type: String
    public var cameo: String
    public var plover: String
    public var agent: Int?
    public var target: Int?
    public var treaty: Int?
    public var place: Int?
    public var date: String?
    public var modality: Modality
    public var historical: Bool
    public var speaker: Int?
    public var sentence: Int
    public var trigger: Range<Int>
    public var confidence: Double
}

/// A stative relation found in one sentence.
public struct LocalRelation: Sendable {
    public var relation: StateRelation
    public var subject: Int
    public var object: Int
    public var role: String?
    public var sentence: Int
    public var confidence: Double
}

/// The working state for one article.
struct ArticleActions {
    // Read through `Shared` (see there): the rules call into both for every token.
    private let sharedLexicon: Shared<ActionLexicon>
    private let sharedEntities: Shared<ArticleEntities>
    var lexicon: ActionLexicon { _read { yield sharedLexicon.value } }
    var entities: ArticleEntities { _read { yield sharedEntities.value } }
    var tokens: [Token] { _read { yield sharedEntities.value.analyzed.tokens } }
    var result = ActionExtractor.Result()
    /// Token index → mention index (or -1).
    var mentionAt: [Int32]
    /// Token index → demonym entity (or -1).
    var demonymAt: [Int32]
    /// The mentions of each sentence as indices into `entities.mentions`, in their order
    /// there: sentence `s` has `sentenceMentions[sentenceMentionStart[s]..<sentenceMentionStart[s + 1]]`.
    /// Rules ask for one sentence's mentions, and a pass over all of them per sentence grew
    /// with the square of the article.
    let sentenceMentionStart: [Int]
    let sentenceMentions: [Int32]
    let published: CalendarDate?
    let publishedMonth: (Int, Int)?
    /// Subjects seen so far, for pronouns: (sentence, entity).
    var subjects: [(sentence: Int, entity: Int)] = []

    init(lexicon: ActionLexicon, entities: ArticleEntities) {
        sharedLexicon = Shared(lexicon)
        sharedEntities = Shared(entities)
        var at = [Int32](repeating: -1, count: entities.analyzed.tokens.count)
        for (index, mention) in entities.mentions.enumerated() {
            for t in mention.tokens { at[t] = Int32(index) }
        }
        mentionAt = at
        let sentenceCount = entities.analyzed.sentences.count
        var start = [Int](repeating: 0, count: sentenceCount + 1)
        for m in entities.mentions where m.sentence >= 0 && m.sentence < sentenceCount { start[m.sentence + 1] += 1 }
        for s in 0..<sentenceCount { start[s + 1] += start[s] }
        var fill = start
        var list = [Int32](repeating: 0, count: start[sentenceCount])
        for (index, m) in entities.mentions.enumerated() where m.sentence >= 0 && m.sentence < sentenceCount {
            list[fill[m.sentence]] = Int32(index)
            fill[m.sentence] += 1
        }
        sentenceMentionStart = start
        sentenceMentions = list
        var dem = [Int32](repeating: -1, count: entities.analyzed.tokens.count)
        for d in entities.demonyms {
            for t in d.tokens { dem[t] = Int32(d.entity) }
        }
        demonymAt = dem
        let pub = entities.analyzed.document.article.published
        published = pub.flatMap { CalendarDate(iso: $0) }
        if let pub, pub.count == 7, let y = Int(pub.prefix(4)), let m = Int(pub.suffix(2)) { publishedMonth = (y, m) } else if let p = published { publishedMonth = (p.year, p.month) } else { publishedMonth = nil }
    }

    func mention(_ t: Int) -> EntityMention? {
        guard t >= 0 && t < mentionAt.count, mentionAt[t] >= 0 else { return nil }
        return entities.mentions[Int(mentionAt[t])]
    }

    func entityType(_ e: Int) -> EntityType { entities.entities[e].type }
    func isActor(_ e: Int) -> Bool { entityType(e).isActor }

    // MARK: - Sentences

    mutating func process(sentence index: Int) {
        let sentence = entities.analyzed.sentences[index]
        let range = sentence.tokens
        if let q = range.last, tokens[q].text == "?" { recordSubjects(index); return }
        // "If talks fail, Russia will ...": nothing in a conditional sentence is asserted.
        if ActionWords.ifUnlessShould.contains(tokens[range.lowerBound].lowerWord) { recordSubjects(index); return }
        var i = range.lowerBound
        // Empty until a trigger is found (most sentences have none); it grows on insert.
        var used = TokenSet(count: 0)
        while i < range.upperBound {
            if used.contains(i) || tokens[i].kind != .word || mentionAt[i] >= 0 && !isTriggerInsideMention(i) {
                i += 1
                continue
            }
            // Most words start no trigger: asked here, the call and its large result are skipped.
            if lexicon.verbIndex.index(of: tokens[i].lowerWord) == nil && lexicon.nounIndex.index(of: tokens[i].lowerWord) == nil {
                if lexicon.isCue(.negatedContinuation, tokens[i].lowerWord) { negatedContinuation(at: i, sentence: index) }
                i += 1
                continue
            }
            if let found = bestTrigger(at: i, sentence: sentence) {
                for t in found.span { used.insert(t) }
                if let object = found.object { for t in object { used.insert(t) } }
                handle(found, sentence: index)
            } else if lexicon.isCue(.negatedContinuation, tokens[i].lowerWord) {
                negatedContinuation(at: i, sentence: index)
            }
            i += 1
        }
        recordSubjects(index)
    }

    func isTriggerInsideMention(_ i: Int) -> Bool { false }

    /// The indices in `entities.mentions` of sentence `s`'s mentions, in their order there.
    func mentionIndices(inSentence s: Int) -> ArraySlice<Int32> {
        guard s >= 0 && s + 1 < sentenceMentionStart.count else { return [] }
        return sentenceMentions[sentenceMentionStart[s]..<sentenceMentionStart[s + 1]]
    }

    /// Remembers the actors that open clauses of this sentence, for later pronouns.
    mutating func recordSubjects(_ index: Int) {
        let sentence = entities.analyzed.sentences[index]
        for k in mentionIndices(inSentence: index) {
            let m = entities.mentions[Int(k)]
            guard isActor(m.entity) else { continue }
            if precededByPreposition(m, floor: sentence.tokens.lowerBound) { continue }
            if m.tokens.upperBound < sentence.tokens.upperBound && tokens[m.tokens.upperBound].text == "'s" { continue }
            subjects.append((index, m.entity))
        }
    }

    /// "by the Soviet Union", "of Japan": the mention is the object of a preposition.
    func precededByPreposition(_ m: EntityMention, floor: Int) -> Bool {
        var k = m.tokens.lowerBound - 1
        while k >= floor && ArticleActions.determiners.contains(tokens[k].lowerWord) && tokens[k].text != "'s" { k -= 1 }
        return k >= floor && lexicon.isCue(.preposition, tokens[k].lowerWord)
    }

    // MARK: - Triggers

    struct Found {
        var trigger: Trigger
        var index: Int
        var form: VerbForm?
        /// The trigger's own tokens (verb and particles, or the noun).
        var span: Range<Int>
        /// The object noun phrase head that a light verb required.
        var object: Range<Int>?
        var objectBefore: Bool
    }

    static let of = HashedWord("of")
    static let that = HashedWord("that")

    /// "talks on the treaty", "a dispute over the accord": a treaty after these is the object;
    /// after "since", "after", "before", "despite" it is only a time or a concession.
    static let treatyIntroducers: WordSet = ["regarding", "on", "about", "over", "for", "concerning", "to", "toward", "towards", "under", "of"]
    static let treatyInterrupters: WordSet = ["since", "after", "before", "despite"]

    /// "before it is ratified", "until the movement recognizes": what follows has not happened.
    static let notYet: WordSet = ["before", "until", "once"]
    static let presentAuxiliaries: WordSet = ["is", "are", "am", "has", "have"]

    /// "islands seized by", "sanctions were imposed": forms of "be" before a participle.
    static let beBeforeParticiple: WordSet = ["was", "were", "is", "are", "been", "be"]

    /// "was imposed", "got seized": the verb group is passive.
    static let passiveAuxiliaries: WordSet = ["is", "are", "was", "were", "been", "being", "be", "got", "get"]

    /// "at least", "up to", "more than": the word after one of these starts a quantity.
    static let quantityFollowers: WordSet = ["least", "most", "to", "than"]

    static let quantities: WordSet = ["series", "number", "lot", "lots", "dozens", "hundreds", "thousands", "millions", "billions", "group",
                                          "package", "packages", "wave", "round", "set", "range", "host", "raft", "slew", "batch", "couple", "pair",
                                          "chain", "string", "list", "total", "worth", "tranche", "sum", "amount", "kind", "type", "variety"]

    // Preposition sets the rules pass as arguments, built once.
    static let placePrepositions: WordSet = ["in", "at", "near", "inside", "outside", "off"]
    static let placeOrDestinationPrepositions: WordSet = ["in", "at", "near", "into", "to", "inside", "outside", "off"]
    static let ofOnly: WordSet = ["of"]
    static let byOnly: WordSet = ["by"]
    static let byOrFrom: WordSet = ["by", "from"]

    static let determiners: WordSet = ["a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "any", "no", "some", "new", "further", "more", "fresh", "another", "such", "first", "second", "latest", "recent", "'s", "'"]

    /// The most specific trigger starting at `i`: object-matching light verbs beat bare
    /// verbs, longer phrases beat shorter ones; a word that can be a noun or a verb is read
    /// by its left context.
    func bestTrigger(at i: Int, sentence: Sentence) -> Found? {
        let end = sentence.tokens.upperBound
        let word = tokens[i].lowerWord
        let verbs = lexicon.verbIndex[word]
        let nouns = lexicon.nounIndex[word]
        if verbs == nil && nouns == nil { return nil }
        // The best candidate so far, by its trigger row: the Trigger (arrays, word sets) is
        // copied once, into the result. Highest score wins; ties go to the row listed first in
        // the lexicon, verbs before nouns (deterministic).
        var best: (row: Int, form: VerbForm?, span: Range<Int>, object: Range<Int>?, objectBefore: Bool, score: Int)? = nil
        let nounContext = isNounContext(i, sentence: sentence)
        // "White House Press Secretary Dana Perino": a capitalized word inside a body sentence
        // is part of a name or a title, not a verb (headlines capitalize every word).
        let inName = sentence.role != .headline && tokens[i].isCapitalized && i > sentence.tokens.lowerBound
            && !ActionWords.quoteOpenParenApostropheEtc.contains(tokens[i - 1].textWord)
        // The triggers are read in place (`lexicon.triggers[index].field`): a Trigger is copied
        // only into a candidate, since a copy retains every array it holds.
        for (index, form) in verbs ?? [] where !inName {
            guard let spanEnd = matchRest(lexicon.triggers[index].words, from: i, end: end) else { continue }
            if nounContext && form != .gerund && form != .participle && nouns != nil { continue }
            if form == .base && nounContext { continue }
            // "the MG Rover brand.", "CHUM brands and": a verb that needs an actor as its object
            // and has nothing after it is a noun.
            // ("The US condemns and rejects the plan" keeps both verbs.)
            if lexicon.triggers[index].needsActorTarget && (form == .base || form == .third) && spanEnd < end
                && (ActionWords.periodSemicolonColon.contains(tokens[spanEnd].textWord)
                    || (ActionWords.commaAndOr.contains(tokens[spanEnd].lowerWord) && i > sentence.tokens.lowerBound && ArticleActions.determiners.contains(tokens[i - 1].lowerWord))) { continue }
            var score = lexicon.triggers[index].words.count * 2
            var object: Range<Int>? = nil
            var before = false
            if !lexicon.triggers[index].objects.isEmpty {
                if let found = findObject(lexicon.triggers[index].objects, after: spanEnd, end: end, firstWords: lexicon.triggers[index].objectFirstWords) {
                    object = found
                } else if form == .participle || form == .past,
                          let found = findObject(lexicon.triggers[index].objects, before: i, start: sentence.tokens.lowerBound, firstWords: lexicon.triggers[index].objectFirstWords) {
                    object = found
                    before = true
                } else {
                    continue
                }
                score += 10
            }
            if best == nil || score > best!.score { best = (index, form, i..<spanEnd, object, before, score) }
        }
        for index in nouns ?? [] {
            guard let spanEnd = matchRest(lexicon.triggers[index].words, from: i, end: end) else { continue }
            if !nounContext && verbs != nil && best != nil { continue }
            var object: Range<Int>? = nil
            let objects = lexicon.triggers[index].objects
            if !objects.isEmpty {
                // "the cancellation of the summit", "troop withdrawal": the noun's own complement
                // or modifier, not "the cancellation of the debts".
                let firstWords = lexicon.triggers[index].objectFirstWords
                object = findObject(objects, after: spanEnd, end: min(end, spanEnd + 5), firstWords: firstWords)
                    ?? findObject(objects, before: i, start: max(sentence.tokens.lowerBound, i - 3), firstWords: firstWords)
                if object == nil { continue }
            }
            let score = lexicon.triggers[index].words.count * 2 + 1 + (object == nil ? 0 : 10)
            if best == nil || score > best!.score { best = (index, nil, i..<spanEnd, object, false, score) }
        }
        guard let best else { return nil }
        return Found(trigger: lexicon.triggers[best.row], index: i, form: best.form, span: best.span, object: best.object, objectBefore: best.objectBefore)
    }

    func matchRest(_ words: [String], from i: Int, end: Int) -> Int? {
        var j = i + 1
        for word in words.dropFirst() {
            guard j < end, tokens[j].lower == word else { return nil }
            j += 1
        }
        return j
    }

    static let adjectiveSuffixes = ["al", "ic", "ary", "ive", "ous"].map { Array($0.utf8) }

    /// A word read as a noun: after a determiner, a possessive, a demonym or an adjective-like modifier.
    func isNounContext(_ i: Int, sentence: Sentence) -> Bool {
        guard i > sentence.tokens.lowerBound else { return false }
        if ArticleActions.determiners.contains(tokens[i - 1].lowerWord) { return true }
        if demonymAt[i - 1] >= 0 { return true }
        if tokens[i - 1].text == "-" && i >= 2 { return true } // "peace-treaty talks", "U.S.-led"
        if let m = mention(i - 1), m.tokens.upperBound == i, !(entities.entities[m.entity].type.isActor) { return true } // "peace treaty talks"
        if let m = mention(i - 1), isAntiOrPro(m) { return true } // "anti-U.S. protests"
        if lexicon.isCue(.auxiliary, tokens[i - 1].lowerWord) || lexicon.isCue(.future, tokens[i - 1].lowerWord) || lexicon.isCue(.hypothetical, tokens[i - 1].lowerWord) || lexicon.isCue(.negation, tokens[i - 1].lowerWord) {
            return false
        }
        let lower = tokens[i - 1].lower
        if lower.hasASCIISuffix(oneOf: ArticleActions.adjectiveSuffixes) {
            return mention(i - 1) == nil
        }
        return false
    }

    func matches(_ heads: [[String]], at j: Int, end: Int) -> Range<Int>? {
        // An object noun is a common noun, not part of a name ("Air Force"), unless the name is
        // a treaty or a place ("signed the Paris Agreement", "claimed the Senkaku Islands").
        if let m = mention(j), !(entityType(m.entity) == .treaty || entityType(m.entity) == .place) { return nil }
        for head in heads where j + head.count <= end {
            var ok = true
            for (k, w) in head.enumerated() {
                let t = tokens[j + k].lower
                if t != w && ArticleActions.singularForm(t) != w { ok = false; break }
            }
            if ok { return j..<(j + head.count) }
        }
        return nil
    }

    static func singularForm(_ w: String) -> String { ActionLexicon.singular(w) }

    /// The object head a light verb needs, within its noun phrase to the right.
    func findObject(_ heads: [[String]], after j: Int, end: Int, firstWords: WordSet? = nil) -> Range<Int>? {
        var k = j
        var steps = 0
        while k < end && steps < 10 {
            if firstWords.map({ $0.contains(tokens[k].lowerWord) }) ?? true, let r = matches(heads, at: k, end: end) { return r }
            // Read in place: a copy of the token (two strings) cost more than the tests.
            let word = tokens[k].lowerWord
            // "at least $100 million", "up to 500", "more than"
            let quantity = k + 1 < end && (ArticleActions.quantityFollowers.contains(tokens[k + 1].lowerWord) || tokens[k + 1].kind == .number || tokens[k + 1].kind == .punct && tokens[k + 1].text == "$")
            // "a series of sanctions", "a chain of islands": "of" after a quantity or collective.
            let ofAfterQuantity = word.is(ArticleActions.of) && k > j && ArticleActions.quantities.contains(tokens[k - 1].lowerWord)
            // Fields, not a copy of the token; only punctuation can be "." or ";".
            if tokens[k].kind == .punct && (tokens[k].text == "." || tokens[k].text == ";") || (lexicon.isCue(.preposition, word) && !ofAfterQuantity && !quantity) || lexicon.isCue(.subordinator, word) && word.text != "that" {
                if word.text != "on" && word.text != "in" || steps > 0 { break }
            }
            k += 1
            steps += 1
        }
        return nil
    }

    /// The object head before a participle ("sanctions imposed on", "islands seized by").
    func findObject(_ heads: [[String]], before i: Int, start: Int, firstWords: WordSet? = nil) -> Range<Int>? {
        var k = i - 1
        // "The summit, held … in Peru, was attended by": the subject may be far before a passive.
        let passive = i >= 1 && ArticleActions.beBeforeParticiple.contains(tokens[i - 1].lowerWord)
        while k >= start && i - k <= (passive ? 24 : 6) {
            if firstWords.map({ $0.contains(tokens[k].lowerWord) }) ?? true, let r = matches(heads, at: k, end: i) { return r }
            if tokens[k].kind == .punct && (tokens[k].text == "." || tokens[k].text == ";") { break }
            k -= 1
        }
        return nil
    }

    // MARK: - Arguments

    mutating func handle(_ found: Found, sentence index: Int) {
        let sentence = entities.analyzed.sentences[index]
        let clause = clauseBounds(around: found.index, sentence: sentence)
        switch found.trigger.pos {
        case .verb: handleVerb(found, sentence: index, clause: clause)
        case .noun: handleNoun(found, sentence: index, clause: clause)
        }
    }

    /// "does not intend to continue talks with Japan", "has no intention of continuing peace
    /// talks", "will not resume negotiations": refusing to go on with talks halts them.
    mutating func negatedContinuation(at i: Int, sentence index: Int) {
        guard let type = lexicon.types["halt_talks"] else { return }
        let sentence = entities.analyzed.sentences[index]
        let clause = clauseBounds(around: i, sentence: sentence)
        let talks: [[String]] = [["talk"], ["negotiation"], ["dialogue"], ["peace", "talk"], ["discussion"]]
        guard let object = findObject(talks, after: i + 1, end: clause.upperBound) else { return }
        // Negation in the verb group, or "no intention of", "no plans to" before it.
        var negated = readVerbGroup(i, clause: clause).negated
        var k = i - 1
        var start = i
        while k >= clause.lowerBound && i - k <= 6 && !negated {
            if ActionWords.noNotNever.contains(tokens[k].lowerWord) { negated = true; start = k }
            k -= 1
        }
        guard negated else { return }
        var group = readVerbGroup(start, clause: clause).verbGroupStart
        // "does not intend to continue": skip the intention verb too.
        while group > clause.lowerBound && ActionWords.intendIntendsPlanEtc.contains(tokens[group - 1].lowerWord) {
            group -= 1
        }
        group = readVerbGroup(group, clause: clause).verbGroupStart
        var agent = subject(before: group, clause: clause, sentence: index).filter { isActor($0) }
        if agent.isEmpty { agent = clauseSubject(clause: clause, before: group, sentence: index) }
        guard let a = agent.first else { return }
        let target = prepositionalTarget(after: object.upperBound, preps: ["with"], clause: clause)
        let treaty = treatyArgument(trigger: Trigger(type: type, cameo: type.cameo, pos: .verb, words: ["continue"], objects: [], preps: [], intransitive: false,
                                                     needsActorTarget: false, ambiguous: false, speech: false, intent: false),
                                    after: object.upperBound, object: object, clause: clause)
        let trigger = Trigger(type: type, cameo: type.cameo, pos: .verb, words: [tokens[i].lower], objects: talks, preps: ["with"], intransitive: false,
                              needsActorTarget: false, ambiguous: false, speech: false, intent: true)
        let found = Found(trigger: trigger, index: i, form: nil, span: i..<(i + 1), object: object, objectBefore: false)
        guard target != nil || treaty != nil else { return }
        emit(trigger: trigger, found: found, agent: a, target: target == a ? nil : target, treaty: treaty, place: nil,
             date: eventDate(in: sentence), modality: .announced, sentence: index, confidence: 0.6)
    }

    /// The stretch around a trigger bounded by ";", ":", a dash pair or the sentence.
    func clauseBounds(around i: Int, sentence: Sentence) -> Range<Int> {
        // Words are skipped on their kind: only punctuation can be ";" or ":".
        func bounds(_ k: Int) -> Bool { tokens[k].kind == .punct && (tokens[k].text == ";" || tokens[k].text == ":") }
        var start = i
        while start > sentence.tokens.lowerBound && !bounds(start - 1) { start -= 1 }
        var end = i
        while end < sentence.tokens.upperBound && !bounds(end) { end += 1 }
        return start..<end
    }

    struct Reading {
        var negated = false
        var hypothetical = false
        var announced = false
        var wish = false
        var passive = false
        var verbGroupStart: Int
    }

    /// What the words before a verb say about it: auxiliaries, modals, negation, intent.
    func readVerbGroup(_ i: Int, clause: Range<Int>) -> Reading {
        var r = Reading(verbGroupStart: i)
        var j = i
        var steps = 0
        while j > clause.lowerBound && steps < 8 {
            let word = tokens[j - 1].lowerWord
            let w = word.text
            if let n = lexicon.cuePhraseEnding(.negation, tokens, before: j, start: clause.lowerBound), mention(j - 1) == nil {
                r.negated = true; j -= n; steps += 1; continue
            }
            if let n = lexicon.cuePhraseEnding(.wish, tokens, before: j, start: clause.lowerBound) {
                r.wish = true; j -= n; steps += 1; continue
            }
            if let n = lexicon.cuePhraseEnding(.intent, tokens, before: j, start: clause.lowerBound), n > 1 || w != "announced" {
                r.announced = true; j -= n; steps += 1; continue
            }
            if let n = lexicon.cuePhraseEnding(.future, tokens, before: j, start: clause.lowerBound) {
                r.announced = true; j -= n; steps += 1; continue
            }
            if lexicon.isCue(.hypothetical, word) {
                r.hypothetical = true; j -= 1; steps += 1; continue
            }
            if ArticleActions.passiveAuxiliaries.contains(word) { r.passive = true }
            if lexicon.isCue(.auxiliary, word) || w.hasSuffix("ly") && tokens[j - 1].kind == .word && mention(j - 1) == nil || w == "\"" || w == "'" {
                j -= 1; steps += 1; continue
            }
            break
        }
        r.verbGroupStart = j
        return r
    }

    mutating func handleVerb(_ found: Found, sentence index: Int, clause: Range<Int>) {
        let trigger = found.trigger
        let i = found.index
        var reading = readVerbGroup(i, clause: clause)
        if reading.negated || reading.hypothetical || reading.wish { return }
        if deniedContent(before: reading.verbGroupStart, sentence: index) { return }
        if conditional(before: reading.verbGroupStart, clause: clause, presentTense: found.form == .third || found.form == .base) { return }
        if let object = found.object, !found.objectBefore, objectNegated(object, after: found.span.upperBound) { return }
        let participle = found.form == .participle || found.form == .past
        // Passive: "were seized by the Soviet Union", "islands claimed by Moscow".
        var agent: [Int] = []
        var patient: Int? = nil
        var byAgent: Int? = nil
        var reduced = false
        if participle && found.trigger.words.first == "attend" && reading.passive || found.trigger.words.first == "attend" {
            if attendance(found, sentence: index, clause: clause, passive: reading.passive && participle) { return }
        }
        if participle {
            byAgent = byPhrase(after: found.span.upperBound, clause: clause)
            reduced = !reading.passive && reading.verbGroupStart == i && i > clause.lowerBound && byAgent != nil
            reading.passive = reading.passive || reduced
            // Headlines give actions in the present and passives as bare participles:
            // "Yemeni journalist shot dead in Aden", "Three killed in Kabul blast".
            // (With nothing in object position: "Japan imposed sanctions" stays active.)
            if entities.analyzed.sentences[index].role == .headline && reading.verbGroupStart == i && !reading.passive && found.object == nil {
                var next = found.span.upperBound
                if next < clause.upperBound && tokens[next].lower == "dead" { next += 1 }
                if next >= clause.upperBound || tokens[next].kind == .punct || lexicon.isCue(.preposition, tokens[next].lowerWord) { reading.passive = true }
            }
        } else {
            reading.passive = false
        }
        if reading.passive && byAgent == nil {
            // "killed in a US counter-terrorism operation", "wounded in an Israeli airstrike"
            byAgent = operationAgent(after: found.span.upperBound, clause: clause)
        }
        // "islands held by Moscow and claimed by Tokyo": the second participle shares the noun.
        var sharedPatient: Int? = nil
        if participle, byAgent != nil, i >= 2, ActionWords.andOr.contains(tokens[i - 1].lowerWord) {
            let floor = entities.analyzed.sentences[index].tokens.lowerBound
            var k = i - 2
            while k > floor + 1 && i - k <= 8 && tokens[k].lower != "by" { k -= 1 }
            if tokens[k].lower == "by", k - 2 >= floor, tokens[k - 1].kind == .word, let m = mention(k - 2) {
                sharedPatient = m.entity
                reading.passive = true
            }
        }
        if reading.passive {
            guard let by = byAgent else { return }
            agent = [by]
            if let sharedPatient {
                patient = sharedPatient
            } else if reduced, let m = mention(i - 1) {
                patient = m.entity
            } else {
                patient = subject(before: reading.verbGroupStart, clause: clause, sentence: index).first
            }
        } else if found.form == .base, i - 1 > clause.lowerBound, tokens[i - 1].lower == "to",
                  (max(clause.lowerBound, i - 8)..<(i - 1)).reversed().prefix(while: { tokens[$0].text != "," && !ArticleActions.finiteVerbs.contains(tokens[$0].lowerWord) })
                      .contains(where: { ArticleActions.refusalNouns.contains(tokens[$0].lowerWord) }) {
            return // "the refusal of the Federal Reserve to bail out Lehman", "its failure to act"
        } else if found.form == .gerund, i - 2 >= clause.lowerBound, tokens[i - 1].lower == "of", ActionWords.capableCapabilityCapabilitiesEtc.contains(tokens[i - 2].lowerWord)
                    || ArticleActions.possibilityNouns.contains(tokens[i - 2].lowerWord) {
            return // "missiles capable of striking Israel", "ruled out the possibility of negotiating": what could happen
        } else if found.form == .gerund, i > clause.lowerBound, tokens[i - 1].lower == "against" {
            return // "spoke against keeping troops in Iraq": what someone opposes
        } else if found.form == .gerund, let accused = accusedOf(gerund: reading.verbGroupStart, clause: clause, sentence: index) {
            // "accused the police of supporting the activists": the accused acts (in the
            // accuser's claim); an accused we cannot name leaves the act without an agent.
            guard !accused.isEmpty else { return }
            agent = accused
        } else if found.form == .gerund, reading.verbGroupStart > clause.lowerBound, let m = mention(reading.verbGroupStart - 1), isActor(m.entity) {
            // "despite Russia occupying them": the gerund's own subject.
            agent = [m.entity]
        } else if coordinatedAction(before: reading.verbGroupStart, sentence: index) == nil {
            agent = subject(before: reading.verbGroupStart, clause: clause, sentence: index)
            if agent.isEmpty && found.form == .gerund && gerundTakesClauseSubject(reading.verbGroupStart, clause: clause) {
                agent = nearestSubject(before: reading.verbGroupStart, clause: clause, sentence: index)
            }
        }
        // "would terminate A, and withdraw from B", "imposed X, frozen Y": the same agent, announced the same way.
        var inherited: LocalAction? = nil
        if agent.isEmpty, let previous = coordinatedAction(before: reading.verbGroupStart, sentence: index) {
            inherited = previous
            if let a = previous.agent { agent = [a] }
            if previous.modality == .announced { reading.announced = true }
        }
        // "Chile was a member of the Andean Community, but withdrew in 1976": a second predicate
        // of the sentence's subject.
        if agent.isEmpty, inherited == nil, reading.verbGroupStart >= 2, ActionWords.butAndThen.contains(tokens[reading.verbGroupStart - 1].lowerWord) {
            let start = entities.analyzed.sentences[index].tokens.lowerBound
            let before = tokens[reading.verbGroupStart - 2].text == "," ? reading.verbGroupStart - 2 : reading.verbGroupStart - 1
            if before > start, let first = (start..<before).first(where: { tokens[$0].kind == .word }), first < before {
                agent = clauseSubject(clause: start..<before, before: before, sentence: index)
                // only a subject at the very start: "Chile was ...", "It was ..."
                if let a = agent.first, !(mention(first)?.entity == a || ActionWords.personalPronouns.contains(tokens[first].lowerWord)) { agent = [] }
            }
        }
        agent = agent.filter { isActor($0) }
        guard !agent.isEmpty else { return }
        if embeddedUnderRequest(before: reading.verbGroupStart, verb: i, clause: clause) { return }
        if preventedFrom(before: reading.verbGroupStart, clause: clause) { return }

        // Target, place, treaty.
        let wantsPlace = trigger.type.target.contains("place")
        var target: Int? = nil
        let afterVerb = found.span.upperBound
        if reading.passive {
            target = patient ?? inherited.flatMap { $0.target ?? $0.place }
        } else if let object = found.object, !found.objectBefore, let own = firstMention(in: object), !isActor(own.entity) || trigger.type.target.contains("place") {
            // "claims the islands", "signed a joint declaration": the object is the argument.
            target = own.entity
        } else if let object = found.object, !found.objectBefore {
            target = prepositionalTarget(after: object.upperBound, preps: trigger.preps, clause: clause)
                ?? modifierTarget(of: object, clause: clause, verb: found.span.upperBound - 1)
                ?? objectComplement(object, clause: clause)
                ?? participleTarget(after: object.upperBound, clause: clause)
        } else if !trigger.intransitive || entities.analyzed.sentences[index].role == .headline {
            target = directObject(after: afterVerb, clause: clause, sentence: index, wantsPlace: wantsPlace)
        } else {
            target = possessorObject(after: afterVerb, clause: clause)
        }
        if target == nil {
            target = prepositionalTarget(after: afterVerb, preps: trigger.preps, clause: clause)
        }
        if target == nil && !trigger.intransitive && (found.object == nil ? objectlessVerb(afterVerb, clause: clause) : wantsPlace) {
            // "the islands — which Japan claims": the antecedent of the relative pronoun.
            target = relativeAntecedent(before: reading.verbGroupStart, clause: clause, wantsPlace: wantsPlace, sentence: index)
        }
        var place: Int? = nil
        var treaty: Int? = nil
        if let t = target, !isActor(t) {
            if entityType(t) == .place { place = t } else if entityType(t) == .treaty { treaty = t }
            target = nil
        }
        let hadActorTarget = target != nil
        var type = trigger.type
        // "claimed Houthis have attacked journalists": a claim about an actor's deeds accuses it.
        if type.label == "claims", let t = target, isActor(t), trigger.objects.isEmpty, let accuse = lexicon.types["accuse"], clauseFollows(mentionOf: t, after: afterVerb, clause: clause) {
            type = accuse
        }
        // "attacked the proclamation", "criticized the move": words aimed at someone's act.
        if trigger.objects.isEmpty, let head = abstractObject(after: afterVerb, clause: clause), ActionWords.assaultAccuseProtestEtc.contains(type.plover), !reading.passive {
            if type.plover == "ASSAULT", let criticize = lexicon.types["criticize"] { type = criticize }
            if target == nil || !(target.map(isActor) ?? false) {
                target = actorInNounPhrase(from: head, clause: clause, excluding: agent) ?? mostSalientActor(excluding: agent)
            }
        }
        // Troops leaving a country withdraw from it; the country is the place.
        if agentIsMilitary(before: reading.verbGroupStart, clause: clause), type.label == "withdraw_from", let withdraw = lexicon.types["withdraw_troops"] {
            type = withdraw
            if let t = target, entityType(t) == .country { place = t; target = nil }
        }
        // Two states as one subject of a meeting or a signing: one of them is the partner.
        if target == nil && agent.count == 2 && (trigger.type.symmetric || ActionWords.signAgreeMeetEtc.contains(trigger.type.label)) {
            target = agent[1]
            agent = [agent[0]]
        }
        if treaty == nil { treaty = treatyArgument(trigger: trigger, after: afterVerb, object: found.object, clause: clause) }
        if place == nil { place = placeMention(after: afterVerb, clause: clause, wantsPlace: wantsPlace) }
        // "fired artillery into South Korea": a state as the place of an attack is its target.
        if target == nil, let p = place, entityType(p) == .country, type.target.contains("actor"), !agent.contains(p) {
            target = p
            place = nil
        }
        if target == nil, let previous = inherited, previous.plover == type.plover, let t = previous.target {
            target = t // "pledged aid to Ukraine and is accepting refugees"
        }
        // "It was a member of the Andean Community ..., but withdrew six years later": the one
        // body the sentence names.
        // Only for these verbs used without an object ("withdrew six years later", "will join;"),
        // not "left Luton" or "joining a bluegrass band".
        let bareVerb = ["withdr", "join", "quit", "rejoin"].contains(where: { tokens[i].lower.hasPrefix($0) }) && found.object == nil && (afterVerb >= clause.upperBound || {
            let next = tokens[afterVerb]
            return mention(afterVerb) == nil && !next.isCapitalized && !ArticleActions.determiners.contains(next.lowerWord) && next.lower != "from" && next.lower != "the"
        }())
        if target == nil, type.label == "withdraw_from" || type.label == "join", bareVerb {
            let bodies = Set(mentionIndices(inSentence: index).map { entities.mentions[Int($0)] }.filter { entityType($0.entity) == .organization && !agent.contains($0.entity) }.map(\.entity))
            if bodies.count == 1 { target = bodies.first }
        }
        // "Five states join SACN. ... Chile will additionally join": what the others joined.
        if target == nil, type.label == "join", bareVerb,
           let previous = result.actions.last(where: { $0.type == "join" && $0.target != nil && $0.sentence >= index - 3 && $0.sentence < index }) {
            target = previous.target
        }
        // "withdrew from his position as adviser to the Olympics in Beijing, China": what one
        // left is one's own, and no entity.
        let left = afterVerb < clause.upperBound && tokens[afterVerb].lower == "from" ? afterVerb + 1 : tokens[afterVerb - 1].lower == "from" ? afterVerb : clause.upperBound
        // (Not "withdraw from joint economic projects": those are with the other state.)
        let leftSomethingNamed = type.label == "withdraw_from" && left + 1 < clause.upperBound
            && ActionWords.hisHerItsEtc.contains(tokens[left].lowerWord) && mention(left + 1) == nil && demonymAt[left + 1] < 0
        // "railed against the rioters", "called for an end to the fighting": the verb's own
        // object names no actor, so another state in the sentence is not its target.
        var slot = afterVerb
        if slot < clause.upperBound && (trigger.preps.contains(tokens[slot].lowerWord) || ActionWords.againstForOnEtc.contains(tokens[slot].lowerWord)) { slot += 1 }
        let objectNamesNoActor = found.object == nil && slot < clause.upperBound && (ActionWords.theAAnEtc.contains(tokens[slot].lowerWord)
                || (slot == afterVerb && tokens[slot].lower == "that")) // "insist that the island is ...": a clause, not an actor
            && !(slot..<min(clause.upperBound, slot + 4)).contains(where: { mention($0) != nil || demonymAt[$0] >= 0 })
        if target == nil && (ArticleActions.contextRoots.contains(String(type.cameo.prefix(2))) || type.label == "withdraw_from") && type.target.contains("actor")
            && !leftSomethingNamed && !objectNamesNoActor
            && !(type.plover == "THREATEN" && afterVerb < clause.upperBound && tokens[afterVerb].lower == "that") {
            target = contextTarget(sentence: index, excluding: agent)
        }
        if trigger.needsActorTarget && target == nil && !(hadActorTarget && type.label != trigger.type.label) { return }
        if trigger.personTarget && !(target.map { entityType($0) == .person } ?? false) { return }
        // "claimed the plan would create US jobs", "claims there are cells in Iran": a claim that
        // something is so, not a claim to land; the land must be the verb's own object.
        if type.label == "claims", trigger.objects.isEmpty, let land = place ?? target, !reading.passive {
            var k = afterVerb
            while k < clause.upperBound && mention(k)?.entity != land && demonymAt[k] != land {
                if ActionWords.thatThereToEtc.contains(tokens[k].lowerWord) { return }
                k += 1
            }
        }
        if trigger.needsPrep && !(afterVerb..<clause.upperBound).contains(where: { trigger.preps.contains(tokens[$0].lowerWord) }) { return }
        // "listed the militia as a terrorist entity", not "listed Sailor Neptune as dream roles".
        if type.label == "designate_terrorist" && !tokens[i].lower.hasPrefix("proscri")
            && !(afterVerb..<min(clause.upperBound, afterVerb + 14)).contains(where: { ArticleActions.terrorWords.contains(tokens[$0].lowerWord) }) { return }
        if target == nil && place == nil && treaty == nil && trigger.type.target != "none" { return }
        let date = eventDate(in: entities.analyzed.sentences[index], near: i)
        let announced = reading.announced || trigger.intent || (found.form == .base && !reading.passive && i > clause.lowerBound && tokens[i - 1].lower == "to")
        var retyped = trigger
        retyped.type = type
        if type.label != trigger.type.label { retyped.cameo = type.cameo }
        for a in agent {
            emit(trigger: retyped, found: found, agent: a, target: target == a ? nil : target, treaty: treaty, place: place, date: date,
                 modality: announced ? .announced : .asserted, sentence: index, confidence: confidence(found, agentCount: agent.count, target: target))
        }
    }

    static let abstractNouns: WordSet = ["move", "decision", "plan", "plans", "proposal", "step", "action", "actions", "policy", "policies",
        "remarks", "comments", "statement", "statements", "announcement", "proclamation", "measure", "measures", "law", "bill", "conduct",
        "behavior", "behaviour", "stance", "position", "rhetoric", "attempt", "attempts", "approach", "claims", "claim", "allegations", "visit"]

    /// The head of an object noun phrase naming an act or a stance ("the move", "Russia's decision").
    func abstractObject(after j: Int, clause: Range<Int>) -> Int? {
        var k = j
        while k < clause.upperBound && k - j < 5 {
            let w = tokens[k].lower
            if ArticleActions.abstractNouns.contains(w) { return k }
            if ActionWords.commaPeriodSemicolon.contains(w) || (lexicon.isCue(.preposition, w) && w != "of") { return nil }
            k += 1
        }
        return nil
    }

    /// An actor owning or doing the act a noun phrase names: "Russia's decision", "the
    /// proclamation ... by the President of the United States Donald Trump".
    func actorInNounPhrase(from head: Int, clause: Range<Int>, excluding: [Int]) -> Int? {
        var k = head - 1
        while k >= clause.lowerBound && head - k <= 3 {
            if tokens[k].text == "'s", let m = mention(k - 1), isActor(m.entity), !excluding.contains(m.entity) { return m.entity }
            if demonymAt[k] >= 0, !excluding.contains(Int(demonymAt[k])) { return Int(demonymAt[k]) }
            k -= 1
        }
        var n = head + 1
        while n < clause.upperBound && n - head < 16 {
            if tokens[n].lower == "by" {
                var m = n + 1
                var found: Int? = nil
                while m < clause.upperBound && m - n < 10 {
                    if let x = mention(m), isActor(x.entity), !excluding.contains(x.entity) {
                        found = x.entity
                        if entityType(x.entity) == .person { return x.entity }
                        m = x.tokens.upperBound
                        continue
                    }
                    // "requests by Afghans for NATO to spread": NATO is not who requested.
                    if ActionWords.commaPeriodSemicolon.contains(tokens[m].lowerWord) || (lexicon.isCue(.preposition, tokens[m].lowerWord) && !ActionWords.ofIn.contains(tokens[m].lowerWord)) { break }
                    m += 1
                }
                return found
            }
            // "opposed the move amid requests by Afghans": the "by" of another noun phrase.
            if ActionWords.commaSemicolon.contains(tokens[n].textWord) || (lexicon.isCue(.preposition, tokens[n].lowerWord) && !ActionWords.ofBy.contains(tokens[n].lowerWord)) { break }
            n += 1
        }
        return nil
    }

    /// The actor the article mentions most, other than these.
    func mostSalientActor(excluding: [Int]) -> Int? {
        var counts: [Int: Int] = [:]
        for m in entities.mentions where isActor(m.entity) && !excluding.contains(m.entity) { counts[m.entity, default: 0] += 1 }
        guard let best = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), best.value >= 3 else { return nil }
        return best.key
    }

    /// The mention of `entity` after the verb is followed by a verb of its own ("claimed Houthis have attacked").
    func clauseFollows(mentionOf entity: Int, after j: Int, clause: Range<Int>) -> Bool {
        var k = j
        while k < clause.upperBound && k - j < 6 {
            if let m = mention(k), m.entity == entity {
                var n = m.tokens.upperBound
                while n < clause.upperBound && tokens[n].lower.hasSuffix("ly") && tokens[n].kind == .word { n += 1 }
                guard n < clause.upperBound else { return false }
                let next = tokens[n].lower
                return ActionWords.hasHaveHadEtc.contains(next)
                    || (next.hasSuffix("ed") && next.count > 3)
            }
            k += 1
        }
        return false
    }

    /// "ask Syria to leave Lebanon", "expect him to withdraw", "pressing Modi to join": the
    /// action is what someone asks for, not what happened.
    func embeddedUnderRequest(before j: Int, verb i: Int, clause: Range<Int>) -> Bool {
        let toInGroup = (j..<i).contains { tokens[$0].lower == "to" }
        guard j > clause.lowerBound, toInGroup || tokens[j - 1].lower == "to" || (j >= 2 && tokens[j - 2].lower == "to") else { return false }
        var k = j - 2
        var steps = 0
        while k >= clause.lowerBound && steps < 10 {
            if lexicon.cuePhraseEnding(.requestVerb, tokens, before: k + 1, start: clause.lowerBound) != nil { return true }
            if ActionWords.periodSemicolon.contains(tokens[k].textWord) { return false }
            k -= 1
            steps += 1
        }
        return false
    }

    /// "prevented the two countries from concluding", "barred Moscow from transferring": the
    /// action did not happen.
    func preventedFrom(before j: Int, clause: Range<Int>) -> Bool {
        guard j > clause.lowerBound, tokens[j - 1].lower == "from" else { return false }
        var k = j - 2
        while k >= clause.lowerBound && j - k <= 8 {
            if ActionWords.preventPreventsPreventedEtc.contains(tokens[k].lowerWord) { return true }
            k -= 1
        }
        return false
    }

    static let accusationVerbs: WordSet = ["accuse", "accused", "accuses", "accusing", "blame", "blamed", "blames", "blaming",
                                               "charge", "charged", "charges", "charging", "suspect", "suspected", "suspects", "suspecting",
                                               "convict", "convicted", "convicts", "indict", "indicted", "indicts"]

    /// For a gerund after "of" or "for" in "X accused Y of …" / "blamed Y for …": the accused Y
    /// (empty when Y is no entity we know); nil when the gerund is not in such a phrase.
    func accusedOf(gerund j: Int, clause: Range<Int>, sentence: Int) -> [Int]? {
        guard j - 2 >= clause.lowerBound, ActionWords.ofFor.contains(tokens[j - 1].lowerWord) else { return nil }
        var k = j - 2
        while k >= clause.lowerBound && j - k <= 10 {
            if ArticleActions.accusationVerbs.contains(tokens[k].lowerWord) {
                guard let active = activeAccusation(at: k, floor: clause.lowerBound) else { return nil }
                // "were accused (by Russia) of …": the subject is the accused, in someone's
                // allegation; not a fact of either side.
                if !active || k + 1 == j - 1 { return [] }
                for n in (k + 1)..<(j - 1) {
                    if let m = mention(n) { return isActor(m.entity) ? [m.entity] : [] }
                    if let refs = referent(at: n, sentence: sentence) { return refs.filter { isActor($0) } }
                    if demonymAt[n] >= 0 { return [Int(demonymAt[n])] }
                }
                return []
            }
            if ActionWords.commaPeriodSemicolon.contains(tokens[k].textWord) { return nil }
            k -= 1
        }
        return nil
    }

    static let denialVerbs: WordSet = ["denied", "denies", "deny", "denying", "dismissed", "dismisses", "rejected", "rejects", "refuted", "refutes"]
    static let deniedNouns: WordSet = ["reports", "report", "claims", "claim", "allegations", "allegation", "rumors", "rumours", "suggestions",
                                           "accusations", "charges"]

    /// "has denied reports that the country is working with Iran": what a denial says is not so.
    func deniedContent(before j: Int, sentence: Int) -> Bool {
        let start = entities.analyzed.sentences[sentence].tokens.lowerBound
        var k = j - 1
        var sawThat = false
        // Words by hash, punctuation by kind first: up to fourteen tokens back for every verb.
        while k >= start && j - k <= 14 {
            if tokens[k].lowerWord.is(ArticleActions.that) { sawThat = true }
            if sawThat, ArticleActions.denialVerbs.contains(tokens[k].lowerWord) {
                // Only "denied that ..." or "denied reports (in the press) that ...", not a
                // relative "that" ("rejected a deal that Hamas accepted").
                var n = k + 1
                if n < j && tokens[n].lower == "that" { return true }
                while n < j && n - k <= 6 && tokens[n].lower != "that" {
                    if ArticleActions.deniedNouns.contains(tokens[n].lowerWord) {
                        return true
                    }
                    n += 1
                }
                return false
            }
            if tokens[k].kind == .punct && ActionWords.commaPeriodSemicolon.contains(tokens[k].textWord) { return false }
            k -= 1
        }
        return false
    }

    /// "the possibility of negotiating", "the prospect of talks": an action that may happen.
    static let possibilityNouns: WordSet = ["possibility", "prospect", "prospects", "idea", "option", "chance", "chances", "likelihood",
                                                "risk", "danger", "hope", "hopes", "threat", "fear", "fears", "intention", "intentions", "aim",
                                                "goal", "purpose"]

    /// "the refusal to", "its failure to": what follows did not happen.
    static let refusalNouns: WordSet = ["refusal", "failure", "reluctance", "unwillingness", "inability", "unable", "unwilling", "reluctant"]

    /// An accusation verb at `k`: nil when it is none ("in charge of", "took charge of"),
    /// false when it is passive ("were accused (by Russia) of …": the accuser goes unnamed or
    /// stands after the verb), true when its subject accuses the object.
    func activeAccusation(at k: Int, floor: Int) -> Bool? {
        let before = k > floor ? tokens[k - 1].lower : ""
        if ActionWords.inTakeTakesEtc.contains(before) { return nil }
        return !(ArticleActions.beForms.contains(before) || (k + 1 < tokens.count && tokens[k + 1].lower == "by"))
    }

    static let beForms: WordSet = ["is", "are", "was", "were", "be", "been", "being"]

    /// A gerund takes the clause's subject after a preposition or a comma ("in imposing
    /// sanctions", "by revoking"), not when it modifies a noun ("sanctions hitting banks").
    func gerundTakesClauseSubject(_ j: Int, clause: Range<Int>) -> Bool {
        guard j > clause.lowerBound else { return false }
        let prev = tokens[j - 1].lower
        // "groups supporting and opposing the government": the first participle decides.
        if (prev == "and" || prev == "or"), j - 2 > clause.lowerBound, tokens[j - 2].lower.hasSuffix("ing"), tokens[j - 2].kind == .word,
           tokens[j - 2].text == tokens[j - 2].lower, mention(j - 2) == nil, !lexicon.isCue(.preposition, tokens[j - 2].lowerWord),
           !lexicon.isCue(.subordinator, tokens[j - 2].lowerWord), !ArticleActions.abstractNouns.contains(tokens[j - 2].lowerWord) {
            return gerundTakesClauseSubject(j - 2, clause: clause)
        }
        return lexicon.isCue(.preposition, prev) || prev == "," || prev == "and" || prev == "while" || prev == "after" || prev == "before"
    }

    /// The action of this sentence a coordinated verb continues ("…, and withdraw from …").
    func coordinatedAction(before j: Int, sentence: Int) -> LocalAction? {
        guard j > 0 else { return nil }
        var k = j - 1
        if tokens[k].lower == "also" && k > 0 { k -= 1 }
        guard ActionWords.andOrThen.contains(tokens[k].lowerWord) || tokens[k].text == "," else { return nil }
        return result.actions.last(where: { $0.sentence == sentence && $0.trigger.upperBound <= j })
    }

    /// PLOVER categories of statements aimed at someone the sentence may leave implicit.
    /// CAMEO roots of statements aimed at someone the sentence may leave implicit: appeals,
    /// demands, disapproval, threats (not demonstrations or force).
    static let contextRoots: WordSet = ["02", "10", "11", "13"]

    /// The one other state named in the sentence (a protest "over the sign" of "the US
    /// diplomat"), when there is exactly one.
    func contextTarget(sentence: Int, excluding agents: [Int]) -> Int? {
        var states = Set<Int>()
        for k in mentionIndices(inSentence: sentence) {
            let m = entities.mentions[Int(k)]
            if isActor(m.entity) && entityType(m.entity) == .country { states.insert(m.entity) }
        }
        for d in entities.demonyms where d.sentence == sentence { states.insert(d.entity) }
        states.subtract(agents)
        // "Russia and China had signaled they opposed ...": a state listed with the agent acts
        // beside it, it is not the target.
        for index in mentionIndices(inSentence: sentence) {
            let m = entities.mentions[Int(index)]
            guard agents.contains(m.entity) else { continue }
            for other in coordinatedList(endingWith: m, floor: entities.analyzed.sentences[sentence].tokens.lowerBound) { states.remove(other) }
            let k = m.tokens.upperBound
            if k + 1 < tokens.count, tokens[k].lower == "and", let next = mention(k + 1) { states.remove(next.entity) }
        }
        return states.count == 1 ? states.first : nil
    }

    /// "U.S. troops", "Russian forces": the agent phrase names the military.
    func agentIsMilitary(before j: Int, clause: Range<Int>) -> Bool {
        var k = j - 1
        while k >= clause.lowerBound && j - k <= 3 {
            if ActionWords.troopsForcesSoldiersEtc.contains(tokens[k].lowerWord) { return true }
            k -= 1
        }
        return false
    }

    /// "in a US counter-terrorism operation", "in an Israeli airstrike": the state behind a
    /// passive attack or killing.
    func operationAgent(after j: Int, clause: Range<Int>) -> Int? {
        var k = j
        while k < clause.upperBound && k - j < 4 && tokens[k].lower != "in" { k += 1 }
        guard k < clause.upperBound, tokens[k].lower == "in" else { return nil }
        var m = k + 1
        var candidate: Int? = nil
        while m < clause.upperBound && m - k < 8 {
            let w = tokens[m].lower
            // "killed in northern Iraq in a suicide attack": a new phrase, a new candidate.
            if lexicon.isCue(.preposition, w) { candidate = nil }
            if let found = mention(m), isActor(found.entity) { candidate = candidate ?? found.entity; m = found.tokens.upperBound; continue }
            if demonymAt[m] >= 0 { candidate = candidate ?? Int(demonymAt[m]) }
            if ActionWords.operationStrikeAirstrikeEtc.contains(ArticleActions.singularForm(w)) {
                return candidate
            }
            if ActionWords.commaPeriodSemicolon.contains(w) { return nil }
            m += 1
        }
        return nil
    }

    /// "has no intention", "without sanctions": the object itself is negated.
    func objectNegated(_ object: Range<Int>, after j: Int) -> Bool {
        for k in j..<object.lowerBound where ActionWords.noWithoutNeither.contains(tokens[k].lowerWord) { return true }
        return false
    }

    /// Nothing in object position after the verb (end of clause, a dash, a conjunction).
    func objectlessVerb(_ j: Int, clause: Range<Int>) -> Bool {
        guard j < clause.upperBound else { return true }
        let t = tokens[j]
        return ActionWords.dashCommaPeriodEtc.contains(t.lowerWord) || lexicon.isCue(.preposition, t.lowerWord) && !t.lowerWord.is(ArticleActions.of)
    }

    /// For a relative clause ("which Japan claims", "that the Soviet Union seized"), the
    /// entity the relative pronoun stands for.
    func relativeAntecedent(before j: Int, clause: Range<Int>, wantsPlace: Bool, sentence: Int) -> Int? {
        var k = j - 1
        var relative: Int? = nil
        while k >= clause.lowerBound && j - k < 16 {
            if ActionWords.whichThatWhom.contains(tokens[k].lowerWord) { relative = k; break }
            k -= 1
        }
        guard let r = relative else { return nil }
        var m = r - 1
        while m >= clause.lowerBound && r - m < 14 {
            if let found = mention(m) {
                let type = entityType(found.entity)
                let inBetween = found.tokens.lowerBound > 0 && ActionWords.betweenAnd.contains(tokens[found.tokens.lowerBound - 1].lowerWord)
                if !inBetween && (wantsPlace ? (type == .place || type == .country) : isActor(found.entity)) { return found.entity }
                m = found.tokens.lowerBound - 1
                continue
            }
            m -= 1
        }
        return nil
    }

    /// "protested Russia's decision": the possessor of the object is the target.
    func possessorObject(after j: Int, clause: Range<Int>) -> Int? {
        var k = j
        while k < clause.upperBound && k - j < 4 {
            if let m = mention(k), m.tokens.upperBound < clause.upperBound, tokens[m.tokens.upperBound].text == "'s", isActor(m.entity) { return m.entity }
            if tokens[k].kind == .word && !ArticleActions.determiners.contains(tokens[k].lowerWord) && !tokens[k].lower.hasSuffix("ly") { break }
            k += 1
        }
        return nil
    }

    /// "sanctions hitting Russian financial institutions", "tariffs targeting Chinese goods":
    /// the object noun's own participle names whom it is aimed at.
    func participleTarget(after j: Int, clause: Range<Int>) -> Int? {
        guard j < clause.upperBound, ActionWords.hittingTargetingAimedEtc.contains(tokens[j].lowerWord) else { return nil }
        var k = j + 1
        if k < clause.upperBound && tokens[k].lower == "at" { k += 1 }
        while k < clause.upperBound && k - j < 5 {
            if let m = mention(k), isActor(m.entity) { return m.entity }
            if demonymAt[k] >= 0 { return Int(demonymAt[k]) }
            if tokens[k].kind != .word || !(ArticleActions.determiners.contains(tokens[k].lowerWord) || tokens[k].lower == tokens[k].text) { break }
            k += 1
        }
        return nil
    }

    /// "trips by Japanese citizens", "the return of the islands": a state or place named
    /// inside the object noun phrase.
    func objectComplement(_ object: Range<Int>, clause: Range<Int>) -> Int? {
        var k = object.upperBound
        guard k < clause.upperBound, ActionWords.byOfForEtc.contains(tokens[k].lowerWord) else { return nil }
        k += 1
        while k < clause.upperBound && k - object.upperBound < 4 {
            if let m = mention(k) { return m.entity }
            if demonymAt[k] >= 0 { return Int(demonymAt[k]) }
            if !(tokens[k].kind == .word && ArticleActions.determiners.contains(tokens[k].lowerWord)) { break }
            k += 1
        }
        return nil
    }

    /// The treaty an action is about: its object ("signed a joint declaration"), a treaty
    /// right before it ("peace-treaty talks"), or one introduced by "regarding", "on",
    /// "about", "over", "for"; for signing and joining, any treaty in the clause.
    func treatyArgument(trigger: Trigger, after j: Int, object: Range<Int>?, clause: Range<Int>) -> Int? {
        if let object {
            for k in object where mention(k).map({ entityType($0.entity) == .treaty }) ?? false { return mention(k)!.entity }
        }
        let i = j - 1
        var k = i - 1
        while k >= clause.lowerBound && i - k <= 3 {
            if let m = mention(k), entityType(m.entity) == .treaty, m.tokens.upperBound >= i - 1 { return m.entity }
            k -= 1
        }
        var n = j
        var introduced = ActionWords.signRatifyJoinEtc.contains(trigger.type.label)
        while n < clause.upperBound && n - j < 14 {
            let w = tokens[n].lowerWord
            if ArticleActions.treatyIntroducers.contains(w) { introduced = true }
            if let m = mention(n), entityType(m.entity) == .treaty {
                if introduced || n - j <= 3 { return m.entity }
            }
            if ArticleActions.treatyInterrupters.contains(w) { introduced = false }
            n += 1
        }
        return nil
    }

    mutating func handleNoun(_ found: Found, sentence index: Int, clause: Range<Int>) {
        let trigger = found.trigger
        let i = found.index
        let end = found.span.upperBound
        if trigger.type.kind == .state && !ActionWords.claimsControls.contains(trigger.type.label) {
            stateNoun(found, sentence: index, clause: clause)
            return
        }
        if i >= 2, tokens[i - 1].lower == "of", ArticleActions.possibilityNouns.contains(tokens[i - 2].lowerWord) { return }
        // Agent: possessive ("Russia's invasion"), demonym ("the Russian invasion", "U.S.-led"),
        // or "by" after the complement.
        var agent: Int? = nil
        var k = i - 1
        var steps = 0
        while k >= clause.lowerBound && steps < 4 {
            let t = tokens[k]
            if t.text == "'s" || t.text == "'" {
                if let m = mention(k - 1), isActor(m.entity) { agent = m.entity }
                else if k >= 1, demonymAt[k - 1] >= 0 { agent = Int(demonymAt[k - 1]) }
                break
            }
            if demonymAt[k] >= 0 { agent = Int(demonymAt[k]); break }
            if let m = mention(k), isActor(m.entity), m.kind == .government { agent = m.entity; break }
            if t.lower == "-" || t.lower == "led" || t.kind == .word && !ArticleActions.determiners.contains(t.lowerWord) && !lexicon.isCue(.preposition, t.lowerWord) && mention(k) == nil {
                k -= 1; steps += 1; continue
            }
            break
        }
        var target = prepositionalTarget(after: end, preps: trigger.preps.isEmpty ? ArticleActions.ofOnly : trigger.preps, clause: clause, window: 3)
        // "criticism by the minister and UNESCO", "a rebuke from Washington"
        var agents = agent.map { [$0] } ?? agentPhrase(after: end, clause: clause, preps: trigger.preps.contains("from") ? ArticleActions.byOnly : ArticleActions.byOrFrom, own: trigger.preps)
        agents = agents.filter(isActor)
        // "Japan marched in lockstep with allies in the G7", "... alongside the Group of Seven":
        // the noun qualifies its clause, whose subject acts.
        // ("in aid to Ukraine" is not: only cooperation is done "in" a manner.)
        if (trigger.adverbial || (agents.isEmpty && trigger.type.label == "cooperate" && i > clause.lowerBound && tokens[i - 1].lower == "in")) && i > clause.lowerBound {
            // Only a subject that opens the clause: "The base is home to U.S. troops there to
            // eliminate Islamic State elements in cooperation with ..." names no one who cooperates.
            var first = clause.lowerBound
            while first < i && (ArticleActions.determiners.contains(tokens[first].lowerWord) || tokens[first].kind == .punct) { first += 1 }
            // ... and acts in this clause itself, not in an infinitive or someone's plan
            // ("China is unhappy with Japan's plans to build a system in cooperation with the US").
            let embedded = (first..<i).contains { k in
                tokens[k].text == "'s" || (tokens[k].lower == "to" && k > first && ArticleActions.abstractNouns.contains(tokens[k - 1].lowerWord))
            }
            if !embedded {
                agents = listStarting(at: first, limit: i)
            }
            if trigger.preps.isEmpty { target = directObject(after: end, clause: clause, sentence: index, wantsPlace: false) }
        }
        guard !agents.isEmpty else { return }
        var place: Int? = nil
        var treaty: Int? = nil
        if let t = target, !isActor(t) {
            if entityType(t) == .place { place = t } else if entityType(t) == .treaty { treaty = t }
            target = nil
        }
        // "He went ahead despite criticism from X": X criticized the one who went ahead.
        if target == nil, place == nil, let context = concessiveTarget(noun: i, sentence: index) { target = context }
        for a in agents { emitNoun(found, agent: a, target: target, place: place, treaty: treaty, sentence: index, clause: clause) }
    }

    mutating func emitNoun(_ found: Found, agent a: Int, target: Int?, place: Int?, treaty: Int?, sentence index: Int, clause: Range<Int>) {
        let trigger = found.trigger
        let i = found.index
        let end = found.span.upperBound
        var place = place
        var treaty = treaty
        if target == nil && (trigger.needsActorTarget || trigger.ambiguous) && place == nil { return }
        if treaty == nil { treaty = treatyArgument(trigger: trigger, after: end, object: nil, clause: clause) }
        if place == nil { place = placeMention(after: end, clause: clause, wantsPlace: false, window: 5) }
        if target == nil && place == nil && treaty == nil && trigger.type.target != "none" { return }
        let date = eventDate(in: entities.analyzed.sentences[index], near: i)
        emit(trigger: trigger, found: found, agent: a, target: target == a ? nil : target, treaty: treaty, place: place, date: date,
             modality: .asserted, sentence: index, confidence: 0.6)
    }

    /// "Japan, a member of the Group of Seven", "Japan is a member of NATO", "the Indonesian
    /// province of Aceh": who holds the state and towards what.
    mutating func stateNoun(_ found: Found, sentence index: Int, clause: Range<Int>) {
        let i = found.index
        guard let complement = prepositionalTarget(after: found.span.upperBound, preps: found.trigger.preps.isEmpty ? ArticleActions.ofOnly : found.trigger.preps, clause: clause, window: 3) else { return }
        // A demonym or possessor before the noun is the container: "the Indonesian province of Aceh".
        var k = i - 1
        while k >= clause.lowerBound && i - k <= 3 {
            if demonymAt[k] >= 0 {
                let container = Int(demonymAt[k])
                if container != complement { result.relations.append(LocalRelation(relation: .partOf, subject: complement, object: container, role: nil, sentence: index, confidence: 0.6)) }
                return
            }
            if !(tokens[k].kind == .word && (ArticleActions.determiners.contains(tokens[k].lowerWord) || tokens[k].lower == tokens[k].text)) { break }
            k -= 1
        }
        guard let relation = StateRelation(rawValue: found.trigger.type.label), i > clause.lowerBound else { return }
        // The holder: an apposition ("Japan, a member of") or a copula subject ("Japan is a member of").
        var j = i - 1
        while j > clause.lowerBound && (ArticleActions.determiners.contains(tokens[j].lowerWord) || tokens[j].lower == tokens[j].text && tokens[j].kind == .word && !ActionWords.isWasAreEtc.contains(tokens[j].lowerWord) && i - j <= 4) {
            j -= 1
        }
        var holder: Int? = nil
        let determined = (j + 1..<i).contains { ArticleActions.determiners.contains(tokens[$0].lowerWord) }
        if tokens[j].text == "," || tokens[j].text == "—" || tokens[j].lower == "and", j > clause.lowerBound, determined {
            // "Japan, a strong ally of the U.S. and a member of the G7"
            var m = j - 1
            while m >= clause.lowerBound && i - m < 24 && !ActionWords.quoteColonSaidEtc.contains(tokens[m].lowerWord) {
                if let found = mention(m), isActor(found.entity),
                   m - 1 < clause.lowerBound || (found.tokens.upperBound < clause.upperBound && ActionWords.commaDash.contains(tokens[found.tokens.upperBound].textWord)) {
                    holder = found.entity
                    break
                }
                m -= 1
            }
        } else if ActionWords.isWasAreEtc.contains(tokens[j].lowerWord) {
            holder = subject(before: j, clause: clause, sentence: index).first
        }
        guard let h = holder, h != complement, typed(relation, h, complement) else { return }
        result.relations.append(LocalRelation(relation: relation, subject: h, object: complement, role: nil, sentence: index, confidence: 0.6))
    }

    func confidence(_ found: Found, agentCount: Int, target: Int?) -> Double {
        var c = 0.7
        if found.object != nil { c += 0.1 }
        if target != nil { c += 0.1 }
        if found.trigger.ambiguous { c -= 0.15 }
        return min(0.95, c)
    }

    /// `presentTense`: the verb itself is in the present ("until the movement recognizes Israel").
    func conditional(before j: Int, clause: Range<Int>, presentTense: Bool = false) -> Bool {
        var k = j - 1
        while k >= clause.lowerBound {
            if lexicon.isCue(.condition, tokens[k].lowerWord) && tokens[k].lower != "should" { return true }
            // "must pass the upper house before it is ratified", "until the movement recognizes
            // Israel": a present tense after "before", "until" or "once" speaks of what has not
            // happened yet ("once again" is no such "once").
            if ArticleActions.notYet.contains(tokens[k].lowerWord), !ActionWords.againMore.contains(tokens[k + 1].lowerWord),
               presentTense || (k + 1..<j + 1).contains(where: { ArticleActions.presentAuxiliaries.contains(tokens[$0].lowerWord) }) {
                return true
            }
            if tokens[k].kind == .punct && (tokens[k].text == "," || tokens[k].text == ";") { break }
            k -= 1
        }
        return false
    }

    // MARK: - Finding entities

    /// The entity a mention, pronoun or description at `t` stands for.
    func referent(at t: Int, sentence: Int) -> [Int]? {
        if let m = mention(t) { return [m.entity] }
        let w = tokens[t].lower
        // "Russia said it would ...", "he added that he ...": the speaker.
        if lexicon.isCue(.pronounThing, w) || lexicon.isCue(.pronounPerson, w) || lexicon.isCue(.pronounGroup, w) {
            var s = t - 1
            if s >= 0 && tokens[s].lower == "that" { s -= 1 }
            // "said Monday it", "said on Tuesday that it"
            while s >= 0 && (CalendarDate.weekday(named: tokens[s].lower) != nil || ActionWords.todayYesterdayOnEtc.contains(tokens[s].lowerWord)) { s -= 1 }
            let start = entities.analyzed.sentences[sentence].tokens.lowerBound
            if s >= start && ArticleActions.speechWords.contains(tokens[s].lowerWord) {
                let clause = start..<t
                var speaker = subject(before: s, clause: clause, sentence: sentence)
                if speaker.isEmpty { speaker = clauseSubject(clause: clause, before: s, sentence: sentence) }
                if let first = speaker.first {
                    let person = entityType(first) == .person
                    if person == lexicon.isCue(.pronounPerson, w) { return [first] }
                }
            }
        }
        if lexicon.isCue(.pronounPerson, w) { return lastSubject(before: t, sentence: sentence, where: { self.entityType($0) == .person }).map { [$0] } }
        if lexicon.isCue(.pronounThing, w) { return lastSubject(before: t, sentence: sentence, where: { self.entityType($0) == .country || self.entityType($0) == .organization }).map { [$0] } }
        if lexicon.isCue(.pronounGroup, w) {
            // "granted an audience to the judges, urging them to ...": a plural noun phrase
            // nearer than any entity is what "them" stands for, and it names none.
            let start = entities.analyzed.sentences[sentence].tokens.lowerBound
            var k = t - 1
            while k > start {
                if mention(k) != nil { break }
                if ActionWords.theTheseThose.contains(tokens[k - 1].lowerWord), tokens[k].kind == .word, tokens[k].text == tokens[k].lower,
                   tokens[k].lower.hasSuffix("s"), !["ss", "is", "us"].contains(where: { tokens[k].lower.hasSuffix($0) }) { return nil }
                k -= 1
            }
            return lastSubject(before: t, sentence: sentence, where: { self.entityType($0) == .organization || self.entityType($0) == .country }).map { [$0] }
        }
        return nil
    }

    /// The place a pronoun ("them", "it") stands for: the last place mentioned.
    func placeReferent(before t: Int, sentence: Int) -> Int? {
        for m in entities.mentions.reversed() where m.tokens.upperBound <= t && m.sentence >= sentence - 3 {
            if entityType(m.entity) == .place { return m.entity }
        }
        return nil
    }

    /// A definite description ending at `t` ("the country", "the two countries").
    func description(endingAt t: Int, start: Int, sentence: Int) -> (entities: [Int], length: Int)? {
        for cls: Cue in [.pluralStates, .definiteState, .definiteOrg] {
            if let n = lexicon.cuePhraseEnding(cls, tokens, before: t + 1, start: start) {
                switch cls {
                case .pluralStates:
                    let states = lastStates(2, sentence: sentence)
                    if states.count == 2 { return (states, n) }
                case .definiteState:
                    if let e = lastSubject(before: t + 1 - n, sentence: sentence, where: { self.entityType($0) == .country }) { return ([e], n) }
                default:
                    if let e = lastGovernmentOrOrg(sentence: sentence, word: tokens[t].lower) { return ([e], n) }
                }
            }
        }
        return nil
    }

    /// The most recent subject before token `t` passing a test: an earlier clause subject of
    /// this sentence ("Russia said it would"), else the last subject of earlier sentences.
    func lastSubject(before t: Int, sentence: Int, where test: (Int) -> Bool) -> Int? {
        let start = entities.analyzed.sentences[sentence].tokens.lowerBound
        for k in mentionIndices(inSentence: sentence) {
            let m = entities.mentions[Int(k)]
            guard m.tokens.upperBound <= t && test(m.entity) else { continue }
            let before = governingPreposition(m, floor: start)
            if !before.isEmpty || (m.tokens.upperBound < tokens.count && tokens[m.tokens.upperBound].text == "'s") { continue }
            return m.entity
        }
        for s in subjects.reversed() where s.sentence >= sentence - 3 && s.sentence < sentence {
            if test(s.entity) { return s.entity }
        }
        return nil
    }

    /// The states "the two countries" refers to: the first two named in the nearest earlier
    /// sentence that names two (in their order there), else the last ones named.
    func lastStates(_ count: Int, sentence: Int) -> [Int] {
        for s in stride(from: sentence, through: max(0, sentence - 3), by: -1) {
            var found: [Int] = []
            for k in mentionIndices(inSentence: s) {
                let m = entities.mentions[Int(k)]
                if entityType(m.entity) == .country && !found.contains(m.entity) { found.append(m.entity) }
            }
            if found.count >= count { return Array(found.prefix(count)) }
        }
        var found: [Int] = []
        for m in entities.mentions.reversed() where m.sentence <= sentence && m.sentence >= sentence - 3 {
            if entityType(m.entity) == .country && !found.contains(m.entity) {
                found.append(m.entity)
                if found.count == count { break }
            }
        }
        return found.reversed()
    }

    static let namingHeads: WordSet = ["ministry", "embassy", "agency", "commission", "committee", "court", "tribunal", "bank", "fund",
                                           "union", "party", "company", "council", "board", "panel", "league", "parliament", "assembly"]

    func lastGovernmentOrOrg(sentence: Int, word: String) -> Int? {
        // "the rebels", "the militants": the armed group named before.
        if ActionWords.rebelsMilitantsInsurgentsEtc.contains(word) {
            for m in entities.mentions.reversed() where m.sentence <= sentence && m.sentence >= sentence - 8 {
                let e = entities.entities[m.entity]
                if e.type == .organization && (e.kind == "armed-group" || e.aliases.contains(where: { $0.lowercased().contains(word) })) { return m.entity }
            }
            if word != "group" && word != "movement" { return nil }
        }
        for m in entities.mentions.reversed() where m.sentence <= sentence && m.sentence >= sentence - 5 {
            if m.kind == .government || entityType(m.entity) == .organization {
                let text = m.tokens.map { tokens[$0].lower }
                if ArticleActions.namingHeads.contains(word) {
                    // "the commission" is the last body whose name says it is one.
                    let e = entities.entities[m.entity]
                    if text.contains(word) || ([e.label] + e.aliases).contains(where: { $0.lowercased().split(separator: " ").contains(Substring(word)) }) { return m.entity }
                } else {
                    return m.entity
                }
            }
        }
        return nil
    }

    /// The subject of the verb group starting at `j`: the nearest actor to the left that is
    /// not the object of a preposition, a pronoun or description resolved, appositions and
    /// relative clauses skipped; coordinated subjects ("Japan and Russia") all returned.
    func subject(before j: Int, clause: Range<Int>, sentence: Int) -> [Int] {
        var k = j - 1
        while k >= clause.lowerBound {
            let t = tokens[k]
            // "the United States Commission on International Religious Freedom (USCIRF) criticized"
            if t.text == ")", let open = (max(clause.lowerBound, k - 8)..<k).last(where: { tokens[$0].text == "(" }) { k = open - 1; continue }
            if t.text == "\"" || t.text == "'" || t.text == "(" || t.text == ")" { k -= 1; continue }
            if let (ents, length) = description(endingAt: k, start: clause.lowerBound, sentence: sentence) {
                _ = length
                return ents
            }
            // "a U.S.-led coalition": the leader acts.
            if let leader = ledBy(k) { return [leader] }
            if let m = mention(k) {
                let start = m.tokens.lowerBound
                if isAntiOrPro(m) { return [] }
                if let leader = ledBy(start) { return [leader] }
                // "the ministry's decision": a possessor is not the subject of the verb.
                let before = start > clause.lowerBound ? tokens[start - 1].lower : ""
                if lexicon.isCue(.preposition, before) && before != "to" || governingPreposition(m, floor: clause.lowerBound) == "according to" {
                    k = start - 1
                    continue
                }
                // Coordination: "Japan and Russia", "Bolivia, Colombia, Ecuador, Peru, and Venezuela".
                return coordinatedList(endingWith: m, floor: clause.lowerBound)
            }
            if let refs = referent(at: k, sentence: sentence) { return refs }
            // "the territory, which ... was occupied by Israel": the relative pronoun's antecedent.
            if ActionWords.whichThatWho.contains(t.lowerWord), k > clause.lowerBound {
                var m = k - 1
                if tokens[m].text == "," || tokens[m].text == "—" { m -= 1 }
                if m >= clause.lowerBound, let antecedent = mention(m) { return [antecedent.entity] }
                return []
            }
            // A comma right before the verb group closes an apposition or relative clause:
            // the subject is before its opening comma.
            if t.text == "," || t.text == "—" {
                // "the general manager of Abu Dhabi Media, Dr Ali bin Tamim, attributed": the named person.
                if k > clause.lowerBound, let named = mention(k - 1), entityType(named.entity) == .person, named.tokens.lowerBound > clause.lowerBound,
                   ActionWords.commaDash.contains(tokens[named.tokens.lowerBound - 1].textWord) || (named.tokens.lowerBound >= 2 && ActionWords.commaDash.contains(tokens[named.tokens.lowerBound - 2].textWord)) {
                    return [named.entity]
                }
                if let open = appositionStart(before: k, clause: clause) {
                    k = open - 1
                    continue
                }
                return []
            }
            // "a Chinese nuclear-powered submarine entered", "Japanese officials said": the state
            // named by the adjective of the subject noun phrase.
            if t.kind == .word && !lexicon.isCue(.auxiliary, t.lowerWord), let state = demonymInNounPhrase(endingAt: k, floor: clause.lowerBound) {
                return [state]
            }
            // "China's foreign ministry spokesperson issued": an unnamed official acts for the state.
            if t.kind == .word && ArticleActions.officials.contains(t.lowerWord), k > clause.lowerBound, let gov = mention(k - 1), isActor(gov.entity) {
                return [gov.entity]
            }
            // Any other word: the subject, if any, is not an entity we know.
            if t.kind == .word && !lexicon.isCue(.auxiliary, t.lowerWord) { return ledBy(k).map { [$0] } ?? [] }
            k -= 1
        }
        return []
    }

    /// The state of a demonym inside the noun phrase ending at `k` ("a Chinese nuclear-powered
    /// submarine"), when the phrase is a plain noun phrase (no verb or preposition inside).
    func demonymInNounPhrase(endingAt k: Int, floor: Int) -> Int? {
        var j = k
        while j >= floor && k - j < 5 {
            if demonymAt[j] >= 0 {
                let before = j > floor ? tokens[j - 1].lower : ""
                return lexicon.isCue(.preposition, before) ? nil : Int(demonymAt[j])
            }
            let t = tokens[j]
            if t.kind == .punct && t.text != "-" { return nil }
            if lexicon.isCue(.preposition, t.lowerWord) || lexicon.isCue(.subordinator, t.lowerWord) || mention(j) != nil { return nil }
            j -= 1
        }
        return nil
    }

    func firstMention(in range: Range<Int>) -> EntityMention? {
        for k in range { if let m = mention(k) { return m } }
        return nil
    }

    /// Finite forms of the auxiliaries and modals: a subject stands right before them.
    static let finiteVerbs: WordSet = ["is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "should", "can",
                                           "may", "might", "must", "did", "does", "do", "shall"]

    static let terrorWords: WordSet = ["terrorist", "terror", "terrorism", "extremist", "extremism", "sponsor", "undesirable", "banned", "proscribed"]

    static let officials: WordSet = ["spokesperson", "spokesman", "spokeswoman", "official", "officials", "minister", "ambassador", "envoy",
                                         "diplomat", "diplomats", "representative", "representatives", "delegation", "negotiator", "negotiators", "leaders", "leader"]

    /// For a gerund after a comma ("…, effectively ending the talks"): the subject of the
    /// nearest clause before it ("the Kremlin fired back").
    func nearestSubject(before j: Int, clause: Range<Int>, sentence: Int) -> [Int] {
        var k = j - 1
        while k >= clause.lowerBound {
            // "four Russian jets have been shot down while attacking Georgia": the subject of
            // the nearest finite verb, even when it is no entity (then the agent is unknown).
            // ("May" the month and "Will" the name are no verbs; "to do" is an infinitive.)
            if ArticleActions.finiteVerbs.contains(tokens[k].lowerWord), tokens[k].text == tokens[k].lower, k > clause.lowerBound, tokens[k - 1].lower != "to" {
                var s = k - 1
                while s > clause.lowerBound && (ArticleActions.finiteVerbs.contains(tokens[s].lowerWord) || tokens[s].lower == "not" || tokens[s].lower == "n't"
                                                || (tokens[s].lower.hasSuffix("ly") && tokens[s].text == tokens[s].lower && mention(s) == nil)) { s -= 1 }
                if s >= clause.lowerBound && tokens[s].kind == .word && !lexicon.isCue(.subordinator, tokens[s].lowerWord) && !lexicon.isCue(.preposition, tokens[s].lowerWord) {
                    if let m = mention(s) {
                        // "the people in Ukraine are": the mention is inside the subject, not it.
                        let inPhrase = lexicon.isCue(.preposition, governingPreposition(m, floor: clause.lowerBound))
                        return isActor(m.entity) && !isAntiOrPro(m) && !inPhrase ? coordinatedList(endingWith: m, floor: clause.lowerBound) : []
                    }
                    // "Kishida's government has taken": the leader's government acts.
                    if ActionWords.governmentAdministrationCabinet.contains(tokens[s].lowerWord), s - 2 >= clause.lowerBound, tokens[s - 1].text == "'s",
                       let m = mention(s - 2), entityType(m.entity) == .person {
                        return [m.entity]
                    }
                    if let (found, _) = description(endingAt: s, start: clause.lowerBound, sentence: sentence) { return found }
                    if let refs = referent(at: s, sentence: sentence) { return refs }
                    if let state = demonymInNounPhrase(endingAt: s, floor: clause.lowerBound) { return [state] }
                    return []
                }
            }
            // "the ministry said, accusing Japan": a description followed by its verb.
            if k + 1 < clause.upperBound, tokens[k + 1].kind == .word, tokens[k + 1].lower == tokens[k + 1].text,
               let (found, _) = description(endingAt: k, start: clause.lowerBound, sentence: sentence) {
                return found
            }
            // "Kishida's government has taken": the leader's government acts.
            if let m = mention(k), entityType(m.entity) == .person, m.tokens.upperBound + 1 < clause.upperBound,
               tokens[m.tokens.upperBound].text == "'s", ActionWords.governmentAdministrationCabinet.contains(tokens[m.tokens.upperBound + 1].lowerWord) {
                return [m.entity]
            }
            if let m = mention(k), isActor(m.entity), m.tokens.upperBound < clause.upperBound {
                let next = tokens[m.tokens.upperBound]
                let before = governingPreposition(m, floor: clause.lowerBound)
                if next.kind == .word && next.lower == next.text && !lexicon.isCue(.preposition, next.lowerWord) && next.text != "'s"
                    && !ArticleActions.determiners.contains(next.lowerWord) && !lexicon.isCue(.preposition, before) {
                    return [m.entity]
                }
                k = m.tokens.lowerBound - 1
                continue
            }
            k -= 1
        }
        // "The group filed the complaint with the German prosecutor, accusing ...": the
        // clause opens with a subject that names no entity.
        var first = clause.lowerBound
        while first < j && ArticleActions.determiners.contains(tokens[first].lowerWord) { first += 1 }
        if first > clause.lowerBound, first < j, tokens[first].kind == .word, !tokens[first].isCapitalized, mention(first) == nil, demonymAt[first] < 0,
           !lexicon.isCue(.preposition, tokens[first].lowerWord) {
            return []
        }
        return clauseSubject(clause: clause, before: j, sentence: sentence)
    }

    /// The actors of a list ending with `last`: "Japan and Russia", "A, B, and C".
    func coordinatedList(endingWith last: EntityMention, floor: Int) -> [Int] {
        var found = [last.entity]
        var c = last.tokens.lowerBound - 1
        // "Putin and former Prime Minister Shinzo Abe": step over the title.
        var t = c
        while t > floor && last.tokens.lowerBound - t <= 4 && tokens[t].kind == .word && mention(t) == nil
                && (tokens[t].isCapitalized || ActionWords.formerThenDeputyEtc.contains(tokens[t].lowerWord)) && tokens[t].lower != "and" {
            t -= 1
        }
        if t < c && tokens[t].lower == "and" { c = t }
        // "Japan and the Soviet Union"
        if c > floor && tokens[c].lower == "the" { c -= 1 }
        var nearest = true
        while c > floor && (tokens[c].lower == "and" || tokens[c].text == ",") {
            var d = c
            while d > floor && (tokens[d].lower == "and" || tokens[d].text == ",") { d -= 1 }
            // A list ends with "and": "In today's Herald, Tony Abbott defended" names one subject
            // (headlines list with commas alone: "Abbas, Sharon declare truce").
            if nearest && !(d + 1...c).contains(where: { tokens[$0].lower == "and" })
                && entities.analyzed.sentences[last.sentence].role != .headline { break }
            nearest = false
            guard let other = mention(d), isActor(other.entity) else { break }
            // "According to Cuba, Taiwan is ...": a phrase governed by a preposition is no conjunct.
            guard governingPreposition(other, floor: floor).isEmpty else { break }
            if !found.contains(other.entity) { found.insert(other.entity, at: 0) }
            c = other.tokens.lowerBound - 1
            if c > floor && tokens[c].lower == "the" { c -= 1 }
        }
        return found
    }

    /// The actors of a list starting at `start`: "Bolivia, Brazil, Chile, ... and Venezuela".
    func listStarting(at start: Int, limit: Int) -> [Int] {
        var found: [Int] = []
        var k = start
        while k < limit {
            if let m = mention(k), isActor(m.entity) {
                if !found.contains(m.entity) { found.append(m.entity) }
                k = m.tokens.upperBound
                continue
            }
            if tokens[k].text == "," || tokens[k].lower == "and" || tokens[k].lower == "the" { k += 1; continue }
            break
        }
        return found
    }

    static let gatherings: WordSet = ["summit", "meeting", "conference", "talk", "talks", "ceremony", "funeral", "inauguration", "session",
                                          "forum", "gathering", "signing", "celebration", "celebrations", "coronation", "parade", "negotiation", "negotiations"]

    /// The state hosting the article's gathering: the country of the place a summit, meeting
    /// or conference is held in ("held ... at Cusco and Ayacucho in Peru").
    func hostCountry() -> Int? {
        for sentence in entities.analyzed.sentences.indices {
            let range = entities.analyzed.sentences[sentence].tokens
            for k in range where ArticleActions.gatherings.contains(tokens[k].lowerWord) {
                var n = k + 1
                while n < range.upperBound && n - k < 16 {
                    if ActionWords.inAtHosted.contains(tokens[n].lowerWord) {
                        var m = n + 1
                        while m < range.upperBound && m - n < 8 {
                            if let found = mention(m) {
                                if entityType(found.entity) == .country { return found.entity }
                                if entityType(found.entity) == .place, let g = entities.entities[found.entity].gazetteerEntry {
                                    _ = g
                                }
                                m = found.tokens.upperBound
                                continue
                            }
                            if ActionWords.periodSemicolon.contains(tokens[m].textWord) { break }
                            m += 1
                        }
                    }
                    n += 1
                }
            }
        }
        return nil
    }

    /// Attending a summit or ceremony: the host meets each attending state ("was attended by
    /// heads of state from A, B and C", "Foreign ministers attended for D and E", "Mexico and
    /// Panama attended the ceremony").
    mutating func attendance(_ found: Found, sentence index: Int, clause: Range<Int>, passive: Bool) -> Bool {
        guard found.trigger.words.first == "attend", let meet = lexicon.types["meet"] else { return false }
        var participants: [Int] = []
        let after = found.span.upperBound
        var k = after
        while k < clause.upperBound && k - after < 8 {
            let w = tokens[k].lower
            if (passive && (w == "from" || w == "of")) || (!passive && w == "for") {
                participants = listStarting(at: k + 1, limit: clause.upperBound)
                if !participants.isEmpty { break }
            }
            k += 1
        }
        if participants.isEmpty && !passive {
            participants = subject(before: readVerbGroup(found.index, clause: clause).verbGroupStart, clause: clause, sentence: index).filter { entityType($0) == .country }
        }
        guard !participants.isEmpty, let host = hostCountry() else { return participants.isEmpty ? false : true }
        var trigger = found.trigger
        trigger.type = meet
        for p in participants where p != host {
            emit(trigger: trigger, found: found, agent: host, target: p, treaty: nil, place: nil, date: eventDate(in: entities.analyzed.sentences[index], near: found.index),
                 modality: .asserted, sentence: index, confidence: 0.6)
        }
        return true
    }

    /// "X-led Y" (or "X-backed Y") with Y at `k`: the leader X.
    func ledBy(_ k: Int) -> Int? {
        guard k >= 3, ActionWords.ledBacked.contains(tokens[k - 1].lowerWord), tokens[k - 2].text == "-", let leader = mention(k - 3), isActor(leader.entity) else { return nil }
        return leader.entity
    }

    /// For ", a strong ally of the U.S. and a member of the G7," ending at `close`, the index
    /// of the opening comma when an actor precedes it.
    func appositionStart(before close: Int, clause: Range<Int>) -> Int? {
        var k = close - 1
        while k > clause.lowerBound && close - k < 30 {
            if ArticleActions.speechWords.contains(tokens[k].lowerWord) { return nil } // "…, the ministry said, accusing"
            if tokens[k].text == "," || tokens[k].text == "—" {
                guard let m = mention(k - 1), isActor(m.entity), k + 1 < close else { return nil }
                // An apposition or relative clause: ", a strong ally of …", ", who resigned in 2020".
                let first = tokens[k + 1].lower
                let opens = ActionWords.aAnTheEtc.contains(first)
                    || demonymAt[k + 1] >= 0 || ArticleActions.officials.contains(first)
                return opens ? k : nil
            }
            k -= 1
        }
        return nil
    }

    /// The first actor of a clause that is not after a preposition (for gerunds: "in
    /// imposing sanctions", "taken the step of accepting refugees").
    func clauseSubject(clause: Range<Int>, before i: Int, sentence: Int) -> [Int] {
        if clause.lowerBound < i, mention(clause.lowerBound) == nil, ActionWords.personalPronouns.contains(tokens[clause.lowerBound].lowerWord),
           let refs = referent(at: clause.lowerBound, sentence: sentence) {
            return refs
        }
        for k in clause.lowerBound..<i {
            if let m = mention(k), isActor(m.entity) {
                let before = governingPreposition(m, floor: clause.lowerBound)
                if !before.isEmpty || m.tokens.upperBound < tokens.count && tokens[m.tokens.upperBound].text == "'s" { continue }
                return [m.entity]
            }
        }
        return []
    }

    /// "anti-U.S.", "pro-Russian": the named actor is what the phrase is for or against.
    func isAntiOrPro(_ m: EntityMention) -> Bool {
        let k = m.tokens.lowerBound
        return k >= 2 && tokens[k - 1].text == "-" && ActionWords.antiPro.contains(tokens[k - 2].lowerWord)
    }

    /// The preposition governing a mention, past its determiners ("to the Associated Press"),
    /// or "" when none; "according to" counts as one word.
    func governingPreposition(_ m: EntityMention, floor: Int) -> String {
        var k = m.tokens.lowerBound - 1
        while k >= floor && ArticleActions.determiners.contains(tokens[k].lowerWord) { k -= 1 }
        guard k >= floor, lexicon.isCue(.preposition, tokens[k].lowerWord) else { return "" }
        if tokens[k].lower == "to" && k > floor && tokens[k - 1].lower == "according" { return "according to" }
        return tokens[k].lower
    }

    /// The actors of "by X", "by X and Y" (or another agent preposition) after a noun.
    func agentPhrase(after j: Int, clause: Range<Int>, preps: WordSet, own: WordSet = [], window: Int = 10) -> [Int] {
        var k = j
        var passed = 0
        while k < clause.upperBound && k - j < window {
            if preps.contains(tokens[k].lowerWord) {
                var m = k + 1
                while m < clause.upperBound && ArticleActions.determiners.contains(tokens[m].lowerWord) { m += 1 }
                if m < clause.upperBound, demonymAt[m] >= 0, mention(m) == nil { return [Int(demonymAt[m])] }
                var found: [Int] = []
                while let first = mention(m), isActor(first.entity) {
                    if !found.contains(first.entity) { found.append(first.entity) }
                    var n = first.tokens.upperBound
                    guard n + 1 < clause.upperBound, tokens[n].lower == "and" || tokens[n].text == "," else { break }
                    if tokens[n].text == "," && n + 1 < clause.upperBound && tokens[n + 1].lower == "and" { n += 1 }
                    m = n + 1
                    while m < clause.upperBound && ArticleActions.determiners.contains(tokens[m].lowerWord) { m += 1 }
                }
                return found
            }
            if tokens[k].text == "." || tokens[k].text == ";" { return [] }
            // "criticism of the plan from the opposition", "the transfer of arms to Ukraine by
            // the US", "the annexation of Crimea in 2014 by Russia", but not "allegations about
            // misuse of EU funds from the ministry": there the "from" belongs to a nearer noun.
            let w = tokens[k].lower
            if lexicon.isCue(.preposition, w) && w != "of" && !own.contains(w)
                && !(k + 1 < clause.upperBound && (tokens[k + 1].kind == .number || CalendarDate.month(named: tokens[k + 1].lower) != nil
                                                   || CalendarDate.weekday(named: tokens[k + 1].lower) != nil)) {
                passed += 1
                if passed >= 1 { return [] }
            }
            k += 1
        }
        return []
    }

    /// "despite / amid / after criticism from X": the noun phrase is an adverbial of the main
    /// clause, whose subject is what X reacted to.
    func concessiveTarget(noun i: Int, sentence: Int) -> Int? {
        let range = entities.analyzed.sentences[sentence].tokens
        var k = i - 1
        while k >= range.lowerBound && i - k <= 4 && tokens[k].kind == .word && !ActionWords.despiteAmidAmidstEtc.contains(tokens[k].lowerWord) {
            guard ArticleActions.determiners.contains(tokens[k].lowerWord) || tokens[k].lower == tokens[k].text else { return nil }
            k -= 1
        }
        guard k >= range.lowerBound, ActionWords.despiteAmidAmidstEtc.contains(tokens[k].lowerWord) else { return nil }
        let subjects: [Int]
        if k == range.lowerBound {
            // "Despite criticism from China, Japan went ahead."
            guard let comma = (i..<range.upperBound).first(where: { tokens[$0].text == "," }) else { return nil }
            subjects = clauseSubject(clause: (comma + 1)..<range.upperBound, before: range.upperBound, sentence: sentence)
        } else {
            subjects = clauseSubject(clause: range.lowerBound..<k, before: k, sentence: sentence)
        }
        return subjects.count == 1 ? subjects[0] : nil
    }

    /// "by X" after a participle or a noun.
    func byPhrase(after j: Int, clause: Range<Int>, window: Int = 6) -> Int? {
        var k = j
        while k < clause.upperBound && k - j < window {
            if tokens[k].lower == "by" {
                var m = k + 1
                while m < clause.upperBound && ArticleActions.determiners.contains(tokens[m].lowerWord) { m += 1 }
                if let found = mention(m), isActor(found.entity) { return found.entity }
                if m < clause.upperBound, demonymAt[m] >= 0 { return Int(demonymAt[m]) }
                return nil
            }
            if tokens[k].text == "." || tokens[k].text == ";" { return nil }
            // "asked questions about the hostages held by the FARC": the "by" is another
            // participle's.
            if k > j, tokens[k].kind == .word, tokens[k].text == tokens[k].lower, tokens[k].lower.hasSuffix("ed") || ActionWords.heldMadeTakenEtc.contains(tokens[k].lowerWord) {
                return nil
            }
            k += 1
        }
        return nil
    }

    /// The direct object: the first entity (or demonym, or possessor) in the noun phrase
    /// after the verb.
    func directObject(after j: Int, clause: Range<Int>, sentence: Int, wantsPlace: Bool) -> Int? {
        var k = j
        var steps = 0
        while k < clause.upperBound && steps < 8 {
            let t = tokens[k]
            if let m = mention(k) { return isAntiOrPro(m) ? nil : m.entity }
            // "who supports the principles of the bill told ABC radio": past the object's verb.
            if k > j && (ArticleActions.finiteVerbs.contains(t.lowerWord) || lexicon.isCue(.speech, t.lowerWord)) { return nil }
            if demonymAt[k] >= 0 {
                // "his Indian counterpart, Narendra Modi": the person named in apposition.
                var n = k + 1
                while n < clause.upperBound && n - k <= 3 && tokens[n].kind == .word && mention(n) == nil { n += 1 }
                if n + 1 < clause.upperBound, tokens[n].text == ",", let person = mention(n + 1), entityType(person.entity) == .person,
                   (k + 1..<n).contains(where: { ArticleActions.officials.contains(tokens[$0].lowerWord) || ActionWords.counterpartLeaderPresidentEtc.contains(tokens[$0].lowerWord) }) {
                    return person.entity
                }
                return Int(demonymAt[k])
            }
            if (t.lower == "them" || t.lower == "it") && wantsPlace, let place = placeReferent(before: k, sentence: sentence) { return place }
            if lexicon.isCue(.pronounPerson, t.lowerWord) || lexicon.isCue(.pronounGroup, t.lowerWord) || t.lower == "it" {
                return referent(at: k, sentence: sentence)?.first
            }
            if t.text == "," || t.text == "." || t.text == ";" || t.text == "—" || lexicon.isCue(.preposition, t.lowerWord) || lexicon.isCue(.subordinator, t.lowerWord) {
                // "the Japanese ambassador to China Anami Koreshige": the person after the title.
                if ActionWords.toOfIn.contains(t.lowerWord), k > j, ArticleActions.officials.contains(tokens[k - 1].lowerWord), let country = mention(k + 1),
                   country.tokens.upperBound < clause.upperBound, let person = mention(country.tokens.upperBound), entityType(person.entity) == .person {
                    return person.entity
                }
                // "the return of the islands", "trips by Japanese citizens"
                if ActionWords.ofByFor.contains(t.lowerWord) && steps > 0 && steps < 5 { k += 1; steps += 1; continue }
                return nil
            }
            k += 1
            steps += 1
        }
        return nil
    }

    /// A target introduced by one of the trigger's prepositions within the clause.
    func prepositionalTarget(after j: Int, preps: WordSet, clause: Range<Int>, window: Int = 14) -> Int? {
        guard !preps.isEmpty else { return nil }
        var k = j
        while k < clause.upperBound && k - j < window {
            let t = tokens[k]
            if t.text == "." || t.text == ";" { return nil }
            if mentionAt[k] >= 0 { k += 1; continue } // "Group of Seven"
            if preps.contains(t.lowerWord) {
                var m = k + 1
                while m < clause.upperBound && (ArticleActions.determiners.contains(tokens[m].lowerWord) || tokens[m].lower == "both") { m += 1 }
                if m < clause.upperBound {
                    if let found = mention(m) {
                        // "sanctions on Russian banks": the state, through its adjective.
                        return found.entity
                    }
                    if demonymAt[m] >= 0 { return Int(demonymAt[m]) }
                    // "to a chain of islands ...", "on 76 individuals in Russia": an entity inside the noun phrase.
                    var n = m
                    while n < clause.upperBound && n - m < 5 && mention(n) == nil && (tokens[n].kind == .word || tokens[n].kind == .number) { n += 1 }
                    // "with allies in the Group of Seven"
                    let before = n - 1 > m && ArticleActions.determiners.contains(tokens[n - 1].lowerWord) ? n - 2 : n - 1
                    if n < clause.upperBound, let found = mention(n), ActionWords.ofInFrom.contains(tokens[before].lowerWord) { return found.entity }
                }
            }
            if lexicon.isCue(.subordinator, t.lowerWord) && t.lower != "and" && t.lower != "as" { return nil }
            k += 1
        }
        return nil
    }

    /// "the Russian ambassador", "Russia's envoy": the state that owns the object noun.
    func modifierTarget(of object: Range<Int>, clause: Range<Int>, verb: Int? = nil) -> Int? {
        var k = object.lowerBound - 1
        let limit = verb.map { object.lowerBound - $0 } ?? 3
        while k >= clause.lowerBound && object.lowerBound - k <= max(3, limit) {
            if demonymAt[k] >= 0 { return Int(demonymAt[k]) }
            if tokens[k].text == "'s", let m = mention(k - 1), isActor(m.entity) { return m.entity }
            if let v = verb, k <= v { break }
            k -= 1
        }
        return nil
    }

    func treatyMention(in clause: Range<Int>, near i: Int, object: Range<Int>?) -> Int? {
        var best: (Int, Int)? = nil
        for m in entities.mentions where m.tokens.lowerBound >= max(clause.lowerBound, i - 4) && m.tokens.upperBound <= clause.upperBound {
            guard entityType(m.entity) == .treaty else { continue }
            let distance = abs(m.tokens.lowerBound - i)
            if best == nil || distance < best!.1 { best = (m.entity, distance) }
        }
        return best?.0
    }

    /// "in Beijing", "to Okinawa": where it happened.
    func placeMention(after j: Int, clause: Range<Int>, wantsPlace: Bool, window: Int = 12) -> Int? {
        var k = j
        while k < clause.upperBound && k - j < window {
            let w = tokens[k].lower
            let prepositions = wantsPlace ? ArticleActions.placeOrDestinationPrepositions : ArticleActions.placePrepositions
            if prepositions.contains(w) || (wantsPlace && k == j) {
                var m = k + 1
                while m < clause.upperBound && ArticleActions.determiners.contains(tokens[m].lowerWord) { m += 1 }
                if let found = mention(k == j && wantsPlace && !ArticleActions.placeOrDestinationPrepositions.contains(w) ? k : m),
                   entityType(found.entity) == .place || (wantsPlace && entityType(found.entity) == .country) {
                    return found.entity
                }
            }
            if tokens[k].text == "," && k - j > 3 { break }
            k += 1
        }
        return nil
    }

    // MARK: - Dates

    /// The date expression of a sentence nearest to the trigger (one after a comma that
    /// follows the trigger belongs to something else), normalized against the publication date.
    func eventDate(in sentence: Sentence, near trigger: Int? = nil) -> String? {
        guard let trigger else { return firstDate(in: sentence.tokens) }
        var best: (String, Int)? = nil
        var k = sentence.tokens.lowerBound
        while k < sentence.tokens.upperBound {
            if let date = dateExpression(at: k, range: sentence.tokens) {
                var blocked = false
                if k > trigger { for c in trigger..<k where tokens[c].kind == .punct && tokens[c].text == "," { blocked = true } }
                let distance = abs(k - trigger)
                if !blocked && (best == nil || distance < best!.1) { best = (date, distance) }
            }
            k += 1
        }
        return best?.0
    }

    func firstDate(in range: Range<Int>) -> String? {
        for k in range { if let d = dateExpression(at: k, range: range) { return d } }
        return nil
    }

    /// Every word a date expression can start with (the branches below): most tokens are
    /// not one, and the search asks at every token of a sentence with a trigger.
    static let dateStarts: WordSet = {
        let forms = CalendarDate.nameForms
        return WordSet(forms + forms.map { $0 + "." } + ["yesterday", "today", "in", "last", "this", "earlier", "later"])
    }()

    /// A date expression starting at token `k`.
    func dateExpression(at k: Int, range: Range<Int>) -> String? {
        guard ArticleActions.dateStarts.contains(tokens[k].lowerWord) else { return nil }
        do {
            let w = tokens[k].lower
            // A weekday inside a name or a date list is still a date; "May" alone is not.
            if let weekday = CalendarDate.weekday(named: w), w.count > 3, let pub = published {
                // The most recent such day on or before the article's date.
                let back = (pub.weekday - weekday + 7) % 7
                return pub.adding(days: -back).description
            }
            if w == "yesterday", let pub = published { return pub.adding(days: -1).description }
            if w == "today", let pub = published { return pub.description }
            if let month = CalendarDate.month(named: w), w.count >= 3, tokens[k].isCapitalized {
                // "March 7", "March 7, 2022", "August 1945", "17 November"
                let next = k + 1 < range.upperBound ? tokens[k + 1] : nil
                let prev = k > range.lowerBound ? tokens[k - 1] : nil
                var day: Int? = nil
                var year: Int? = nil
                if let next, next.kind == .number, let d = Int(next.text), d >= 1 && d <= 31 {
                    day = d
                    if k + 3 < range.upperBound, tokens[k + 2].text == ",", tokens[k + 3].kind == .number, let y = Int(tokens[k + 3].text), tokens[k + 3].text.count == 4 { year = y }
                } else if let next, next.kind == .number, next.text.count == 4, let y = Int(next.text) {
                    year = y
                }
                if day == nil, let prev, prev.kind == .number, let d = Int(prev.text), d >= 1 && d <= 31 { day = d }
                if day == nil && year == nil { return nil }
                if let day {
                    if year == nil, let pub = published {
                        year = pub.year
                        if let candidate = CalendarDate(year: pub.year, month: month, day: day), candidate.dayNumber > pub.dayNumber + 31 { year = pub.year - 1 }
                    }
                    if let year, let date = CalendarDate(year: year, month: month, day: day) { return date.description }
                } else if let year {
                    return String(format4(year)) + "-" + (month < 10 ? "0\(month)" : "\(month)")
                }
            }
            if w == "in" || w == "since" || w == "of", k + 1 < range.upperBound, tokens[k + 1].kind == .number, tokens[k + 1].text.count == 4,
               let y = Int(tokens[k + 1].text), y > 1800 && y < 2200, w == "in" {
                return String(y)
            }
            if w == "last" || w == "this" || w == "earlier" || w == "later", k + 1 < range.upperBound, let (y, m) = publishedMonth {
                let unit = tokens[k + 1].lower == "this" && k + 2 < range.upperBound ? tokens[k + 2].lower : tokens[k + 1].lower
                if unit == "month" {
                    if w == "last" { return m == 1 ? "\(y - 1)-12" : "\(y)-" + (m - 1 < 10 ? "0\(m - 1)" : "\(m - 1)") }
                    return "\(y)-" + (m < 10 ? "0\(m)" : "\(m)")
                }
                if unit == "year" && w == "last" { return String(y - 1) }
            }
            return nil
        }
    }

    func format4(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 4 - s.count)) + s }

    func isHistorical(_ date: String?) -> Bool {
        guard let date, let year = Int(date.prefix(4)) else { return false }
        guard let (py, _) = publishedMonth else { return false }
        return year < py - 1
    }

    // MARK: - Output

    mutating func emit(trigger: Trigger, found: Found, agent: Int, target: Int?, treaty: Int?, place: Int?, date: String?, modality: Modality,
                       sentence: Int, confidence: Double) {
        let type = trigger.type
        var agent = agent
        var target = target
        if type.kind == .state {
            guard let relation = StateRelation(rawValue: type.label) else { return }
            guard let object = place ?? target ?? treaty, object != agent else { return }
            guard typed(relation, agent, object) else { return }
            result.relations.append(LocalRelation(relation: relation, subject: agent, object: object, role: nil, sentence: sentence, confidence: confidence))
            return
        }
        // One joins an organization (or a treaty), not a person or a state ("joining Senators Kamala Harris").
        if type.label == "join", let t = target, entityType(t) != .organization { return }
        // One leaves a body (or a state's joint projects), not a person; "left Cuba in 2003" is a trip.
        if type.label == "withdraw_from", let t = target, entityType(t) != .organization,
           entityType(t) == .person || ActionWords.leaveExitQuit.contains(trigger.words.first ?? "") { return }
        // "New Zealand's Foreign Minister Winston Peters dismissed the proposal": a person's
        // own state, named in the title, is not the target of what the person does.
        if let t = target, entityType(agent) == .person, entities.entities[agent].affiliation == t { target = nil }
        if type.symmetric, let t = target, entities.key(of: t) < entities.key(of: agent) {
            swap(&agent, &target!)
        }
        // Inside someone's claim ("According to al-Eryani, ...", "X alleged that ..."), the
        // action is that speaker's claim, not a fact; a claimed hostile act accuses its agent.
        var modality = modality
        var speaker: Int? = nil
        // (A nominalization in a quotation, "Russia's aggression against Ukraine", is what the
        // speaker takes as known, not what the quotation claims.)
        if trigger.type.label != "accuse", let claimant = claimScope(sentence: sentence, trigger: found.index, quotations: trigger.pos == .verb),
           !speaksFor(claimant, agent) {
            modality = .claimed
            speaker = claimant
            if ArticleActions.blameworthy.contains(type.plover), let accuse = lexicon.types["accuse"], isActor(agent),
               !result.actions.contains(where: { $0.type == "accuse" && $0.agent == claimant && $0.target == agent && $0.sentence == sentence }) {
                result.actions.append(LocalAction(type: accuse.label, cameo: accuse.cameo, plover: accuse.plover, agent: claimant, target: agent,
                                                  treaty: nil, place: nil, date: date, modality: .asserted, historical: false, speaker: nil,
                                                  sentence: sentence, trigger: found.span, confidence: confidence * 0.8))
            }
        }
        result.actions.append(LocalAction(type: type.label, cameo: trigger.cameo, plover: type.plover, agent: agent, target: target, treaty: treaty,
                                          place: place == target ? nil : place, date: date, modality: modality, historical: isHistorical(date),
                                          speaker: speaker, sentence: sentence, trigger: found.span, confidence: confidence))
    }

    /// Membership is in an organization (not in "Assad's entourage"); claims and control are
    /// by an actor over land.
    func typed(_ relation: StateRelation, _ subject: Int, _ object: Int) -> Bool {
        switch relation {
        case .memberOf: return entityType(object) == .organization && isActor(subject)
        case .claims, .controls: return isActor(subject) && [.place, .country].contains(entityType(object))
        default: return true
        }
    }

    /// The speaker speaks for the agent: the same actor, or a person affiliated with the
    /// state or body ("Kishida said Japan would impose sanctions").
    func speaksFor(_ speaker: Int, _ agent: Int) -> Bool {
        speaker == agent || entities.entities[speaker].affiliation == agent || entities.entities[agent].affiliation == speaker
            || (entities.entities[speaker].affiliation != nil && entities.entities[speaker].affiliation == entities.entities[agent].affiliation)
    }

    static let blameworthy: WordSet = ["ASSAULT", "COERCE", "SUPPORT", "AID", "MOBILIZE", "THREATEN"]

    /// The speaker whose claim a token is part of: "According to X, ..." at the start of the
    /// sentence, or "X alleged / claimed / charged that ..." before it.
    func claimScope(sentence index: Int, trigger: Int, quotations: Bool = true) -> Int? {
        let range = entities.analyzed.sentences[index].tokens
        guard trigger > range.lowerBound else { return nil }
        if range.count > 3, tokens[range.lowerBound].lower == "according", tokens[range.lowerBound + 1].lower == "to",
           let m = mention(range.lowerBound + 2), isActor(m.entity) {
            if let comma = (m.tokens.upperBound..<range.upperBound).first(where: { tokens[$0].text == "," }), trigger > comma { return m.entity }
        }
        // `"Iran conducted military exercises …," Bush said`: what a quotation says is its
        // speaker's claim.
        if quotations, range[..<trigger].filter({ tokens[$0].text == "\"" }).count % 2 == 1,
           range[trigger...].contains(where: { tokens[$0].text == "\"" }), let speaker = attribution(in: index) {
            return speaker
        }
        var k = trigger - 1
        while k > range.lowerBound {
            let w = tokens[k].lower
            // "X accused Y of attacking …": the attack is X's claim.
            if ArticleActions.accusationVerbs.contains(w), trigger - k <= 10, (k + 1..<trigger).contains(where: { ActionWords.ofFor.contains(tokens[$0].lowerWord) }),
               !(k + 1..<trigger).contains(where: { ActionWords.commaSemicolon.contains(tokens[$0].textWord) }),
               !(k + 1 < trigger && tokens[k + 1].lower == "of"), activeAccusation(at: k, floor: range.lowerBound) == true {
                let clause = range.lowerBound..<k
                let accuser = subject(before: k, clause: clause, sentence: index)
                return (accuser.isEmpty ? nearestSubject(before: k, clause: clause, sentence: index) : accuser).first
            }
            if ActionWords.allegedAllegesAllegeEtc.contains(w),
               k + 1 < trigger, tokens[k + 1].lower == "that" || mention(k + 1) != nil || ActionWords.theA.contains(tokens[k + 1].lowerWord) {
                let clause = range.lowerBound..<k
                return subject(before: k, clause: clause, sentence: index).first
            }
            // Reported speech: "Lavrov said (that) Ukraine attacked ...": what a speaker says
            // another did is the speaker's claim.
            if lexicon.isCue(.speech, w), k + 1 < trigger,
               tokens[k + 1].lower == "that" || mention(k + 1) != nil || ActionWords.theAAn.contains(tokens[k + 1].lowerWord) || demonymAt[k + 1] >= 0 {
                let clause = range.lowerBound..<k
                return subject(before: k, clause: clause, sentence: index).first
            }
            k -= 1
        }
        return nil
    }

    /// One report per (type, agent, target, treaty, place, sentence). A report that leaves the
    /// treaty or place unsaid takes the one other reports of the same action in the article
    /// give, when they all give the same: "halted talks with Japan" and "halted talks with Japan
    /// regarding a peace treaty" are one event.
    mutating func deduplicate() {
        var treaties: [String: Set<Int>] = [:]
        var places: [String: Set<Int>] = [:]
        for a in result.actions {
            let key = "\(a.type)|\(a.agent ?? -1)|\(a.target ?? -1)"
            if let t = a.treaty { treaties[key, default: []].insert(t) }
            if let p = a.place { places[key, default: []].insert(p) }
        }
        for index in result.actions.indices {
            let a = result.actions[index]
            let key = "\(a.type)|\(a.agent ?? -1)|\(a.target ?? -1)"
            if a.treaty == nil, let only = treaties[key], only.count == 1 { result.actions[index].treaty = only.first }
            if a.place == nil, let only = places[key], only.count == 1 { result.actions[index].place = only.first }
        }
        // A report without a target repeats one with a target in the same sentence.
        result.actions = result.actions.filter { a in
            guard a.target == nil && a.treaty == nil && a.place == nil || a.target == nil else { return true }
            return !result.actions.contains { b in
                b.sentence == a.sentence && b.type == a.type && b.target != nil && (b.agent == a.agent || b.target == a.agent)
            }
        }
        var seen = Set<String>()
        result.actions = result.actions.filter { a in
            seen.insert("\(a.type)|\(a.agent ?? -1)|\(a.target ?? -1)|\(a.treaty ?? -1)|\(a.place ?? -1)|\(a.sentence)").inserted
        }
        var seenRelations = Set<String>()
        result.relations = result.relations.filter { r in
            seenRelations.insert("\(r.relation)|\(r.subject)|\(r.object)|\(r.sentence)").inserted
        }
    }
}

/// Word lists the rules of this module test tokens against: a literal array in a rule was
/// allocated, compared item by item and freed on every call.
enum ActionWords {
    static let ifUnlessShould: WordSet = ["if", "unless", "should"]
    static let quoteOpenParenApostropheEtc: WordSet = ["\"", "(", "'", ":", "—", "-"]
    static let periodSemicolonColon: WordSet = [".", ";", ":"]
    static let commaAndOr: WordSet = [",", "and", "or"]
    static let noNotNever: WordSet = ["no", "not", "never"]
    static let intendIntendsPlanEtc: WordSet = ["intend", "intends", "plan", "plans", "want", "wants", "has", "have", "had", "intention", "to", "of", "does", "do", "did", "will", "would"]
    static let andOr: WordSet = ["and", "or"]
    static let capableCapabilityCapabilitiesEtc: WordSet = ["capable", "capability", "capabilities", "instead"]
    static let butAndThen: WordSet = ["but", "and", "then"]
    static let personalPronouns: WordSet = ["it", "he", "she", "they"]
    static let assaultAccuseProtestEtc: WordSet = ["ASSAULT", "ACCUSE", "PROTEST", "REJECT"]
    static let signAgreeMeetEtc: WordSet = ["sign", "agree", "meet", "negotiate", "cooperate"]
    static let hisHerItsEtc: WordSet = ["his", "her", "its", "their", "my", "our"]
    static let againstForOnEtc: WordSet = ["against", "for", "on", "to"]
    static let theAAnEtc: WordSet = ["the", "a", "an", "this", "these", "those", "any", "such", "its", "their", "his", "her", "our", "new", "fresh", "further", "more", "another"]
    static let thatThereToEtc: WordSet = ["that", "there", "to", "would", "will", "could", "is", "are", "was", "were", "has", "have", "had", "be"]
    static let commaPeriodSemicolon: WordSet = [",", ".", ";"]
    static let ofIn: WordSet = ["of", "in"]
    static let commaSemicolon: WordSet = [",", ";"]
    static let ofBy: WordSet = ["of", "by"]
    static let hasHaveHadEtc: WordSet = ["has", "have", "had", "is", "are", "was", "were", "will", "would", "did", "do", "does", "could", "can"]
    static let periodSemicolon: WordSet = [".", ";"]
    static let preventPreventsPreventedEtc: WordSet = ["prevent", "prevents", "prevented", "preventing", "bar", "bars", "barred", "barring", "block", "blocked", "blocks", "stop", "stopped", "stops", "keep", "kept", "keeps", "ban", "banned", "bans", "prohibit", "prohibited", "prohibits", "refrain", "refrained", "deter", "deterred", "discourage", "discouraged", "dissuade", "dissuaded", "restrain", "restrained"]
    static let ofFor: WordSet = ["of", "for"]
    static let inTakeTakesEtc: WordSet = ["in", "take", "takes", "took", "taking", "taken"]
    static let andOrThen: WordSet = ["and", "or", "then"]
    static let troopsForcesSoldiersEtc: WordSet = ["troops", "forces", "soldiers", "military", "army", "navy", "marines"]
    static let operationStrikeAirstrikeEtc: WordSet = ["operation", "strike", "airstrike", "raid", "attack", "bombing", "drone", "offensive", "assault", "ambush", "shelling"]
    static let noWithoutNeither: WordSet = ["no", "without", "neither"]
    static let dashCommaPeriodEtc: WordSet = ["—", ",", ".", "and", "but", "or", ")", "\"", "-"]
    static let whichThatWhom: WordSet = ["which", "that", "whom"]
    static let betweenAnd: WordSet = ["between", "and"]
    static let hittingTargetingAimedEtc: WordSet = ["hitting", "targeting", "aimed", "affecting", "covering", "barring", "banning", "penalizing", "penalising"]
    static let byOfForEtc: WordSet = ["by", "of", "for", "from"]
    static let signRatifyJoinEtc: WordSet = ["sign", "ratify", "join", "withdraw_from", "agree", "reject", "support", "criticize"]
    static let claimsControls: WordSet = ["claims", "controls"]
    static let isWasAreEtc: WordSet = ["is", "was", "are", "were", "became", "becomes", "remains", "remained"]
    static let quoteColonSaidEtc: WordSet = ["\"", ":", "said", "says", "told"]
    static let commaDash: WordSet = [",", "—"]
    static let againMore: WordSet = ["again", "more"]
    static let todayYesterdayOnEtc: WordSet = ["today", "yesterday", "on", "overnight", "earlier", "later", "late", "early"]
    static let theTheseThose: WordSet = ["the", "these", "those"]
    static let rebelsMilitantsInsurgentsEtc: WordSet = ["rebels", "militants", "insurgents", "fighters", "group", "movement"]
    static let whichThatWho: WordSet = ["which", "that", "who"]
    static let governmentAdministrationCabinet: WordSet = ["government", "administration", "cabinet"]
    static let formerThenDeputyEtc: WordSet = ["former", "then", "deputy", "vice", "acting"]
    static let inAtHosted: WordSet = ["in", "at", "hosted"]
    static let ledBacked: WordSet = ["led", "backed"]
    static let aAnTheEtc: WordSet = ["a", "an", "the", "who", "which", "whose", "its", "his", "her", "their", "former", "then", "also", "once", "long"]
    static let antiPro: WordSet = ["anti", "pro"]
    static let despiteAmidAmidstEtc: WordSet = ["despite", "amid", "amidst", "after", "following"]
    static let heldMadeTakenEtc: WordSet = ["held", "made", "taken", "seen", "known", "led", "run"]
    static let counterpartLeaderPresidentEtc: WordSet = ["counterpart", "leader", "president", "premier", "prime"]
    static let toOfIn: WordSet = ["to", "of", "in"]
    static let ofByFor: WordSet = ["of", "by", "for"]
    static let ofInFrom: WordSet = ["of", "in", "from"]
    static let leaveExitQuit: WordSet = ["leave", "exit", "quit"]
    static let allegedAllegesAllegeEtc: WordSet = ["alleged", "alleges", "allege", "claimed", "claims", "charged", "charges", "insisted", "insists"]
    static let theA: WordSet = ["the", "a"]
    static let theAAn: WordSet = ["the", "a", "an"]
}
