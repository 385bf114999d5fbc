import NewsGraphModel
import NewsGraphText

/// Finds the entity mentions of an article and resolves them to one entity per real thing
/// within the article: gazetteer names, titled persons, capitalized names judged by their
/// head word and context, described treaties, surnames and acronyms.
public struct EntityRecognizer: Sendable {
    public let lexicon: EntityLexicon

    public init(lexicon: EntityLexicon) {
        self.lexicon = lexicon
    }

    public func recognize(_ analyzed: AnalyzedDocument) -> ArticleEntities {
        var state = RecognitionState(lexicon: lexicon, doc: analyzed)
        // Body first, so headlines (Title Case) can be read with the names the body taught.
        for (index, sentence) in analyzed.sentences.enumerated() where sentence.role != .headline {
            state.scan(sentence: index)
        }
        for (index, sentence) in analyzed.sentences.enumerated() where sentence.role == .headline {
            state.scan(sentence: index)
        }
        state.resolvePending()
        state.resolveUnnamedOfficials()
        state.findCompassReferences()
        state.findTreatyDescriptions()
        state.findPlaceDescriptions()
        return state.finish()
    }
}

struct UnnamedOfficial {
    /// Indices into `RecognitionState.mentions`: the state and the title.
    var mentions: Range<Int>
    var role: String
    var organization: Int
}

/// The working state of one article's recognition.
struct RecognitionState {
    // Read through `Shared` (see there): the rules call into both for every token.
    private let sharedLexicon: Shared<EntityLexicon>
    private let sharedDoc: Shared<AnalyzedDocument>
    var lexicon: EntityLexicon { _read { yield sharedLexicon.value } }
    var doc: AnalyzedDocument { _read { yield sharedDoc.value } }
    var tokens: [Token] { _read { yield sharedDoc.value.tokens } }
    var entities: [LocalEntity] = []
    /// Entities by "Type:slug" (named ones) and by gazetteer entry and type.
    var keys = WordMap<Int>()
    var gazetteerEntities: [Int: Int] = [:]
    var mentions: [EntityMention] = []
    var demonyms: [DemonymMention] = []
    var roles: [RoleStatement] = []
    /// Single capitalized tokens to resolve once all full names are known.
    var pending: [(sentence: Int, tokens: Range<Int>, speechFollows: Bool)] = []
    /// Titles without a name ("the Greek foreign minister"), resolved to the person who holds
    /// that title in this article once all names are known.
    var unnamedOfficials: [UnnamedOfficial] = []
    /// Acronyms introduced in parentheses after a name.
    var acronyms: [String: Int] = [:]
    /// Tokens already part of a mention.
    var covered: TokenSet
    /// Every alias of this article's entities by its first word, for names seen again.
    var aliasIndex: [String: [(entity: Int, words: [String])]] = [:]

    init(lexicon: EntityLexicon, doc: AnalyzedDocument) {
        sharedLexicon = Shared(lexicon)
        sharedDoc = Shared(doc)
        covered = TokenSet(count: doc.tokens.count)
    }

    static let then = HashedWord("then")

    /// "Aceh province", "Sumatra island": a name followed by the kind of place it is. (Tested
    /// before the capitalized form, which Foundation builds slowly.)
    static let placeKinds: WordSet = ["province", "district", "region", "city", "county", "island", "islands", "town", "village"]

    /// "the territory", "the island": a place described, unless "the territory of" (a name).
    static let placeNouns: WordSet = ["territory", "island", "region", "peninsula"]

    static let eventNouns: WordSet = ["bombing", "bombings", "attack", "attacks", "explosion", "explosions", "blast", "blasts", "shooting",
                                          "massacre", "riots", "summit", "conference", "talks", "olympics", "games", "marathon", "earthquake",
                                          "accord", "accords", "protests", "uprising", "siege", "airport", "metro", "subway", "stock"]

    static let placePrepositions: WordSet = ["in", "at", "near", "outside", "across", "into", "around", "throughout", "inside", "towards", "toward", "from", "to", "via", "off"]
    static let speechVerbs: WordSet = ["said", "says", "told", "added", "stated", "announced", "wrote", "tweeted", "explained", "noted", "argued", "claimed", "warned", "insisted", "asked", "replied", "confirmed", "denied"]
    static let determiners: WordSet = ["a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your", "any", "no", "every", "each", "another", "such"]
    static let evaluative: WordSet = ["formal", "actual", "final", "new", "historic", "historical", "long-awaited", "possible", "proposed", "landmark", "so-called", "planned", "signed", "current", "existing", "original", "first", "second", "comprehensive", "full", "real", "lasting", "permanent", "eventual"]
    static let months = WordSet(CalendarDate.monthNames.map { $0.capitalized } + ["Sept"])
    static let weekdays = WordSet(CalendarDate.weekdayNames.map { $0.capitalized })
    static let stopCapitalized: WordSet = ["I", "I'm", "I've", "I'd", "I'll", "OK", "TV", "AM", "PM", "CEO", "GMT", "UTC"]
    /// Capitalized words that never start a name: months, weekdays and `stopCapitalized`.
    static let notNames = WordSet(Array(months) + Array(weekdays) + Array(stopCapitalized))

    // MARK: - Entities

    mutating func entity(gazetteer index: Int, type: EntityType? = nil) -> Int {
        let entry = lexicon.gazetteer.entries[index]
        let t = type ?? entry.type
        // Keyed by entry and type as one number: an interpolated string key cost three appends.
        let typeNumber = switch t { case .person: 0; case .country: 1; case .organization: 2; case .place: 3; case .treaty: 4 }
        let key = index &* 8 &+ typeNumber
        if let existing = gazetteerEntities[key] { return existing }
        let tokens = entry.type == .person ? Gazetteer.tokens(entry.name) : []
        var local = LocalEntity(type: t, label: entry.name, aliases: [], gazetteerEntry: index, nameTokens: tokens, confidence: 0.9)
        local.kind = entry.kind
        entities.append(local)
        gazetteerEntities[key] = entities.count - 1
        return entities.count - 1
    }

    /// The entity of this article named `label`. `tokens`: the document tokens `label` was read
    /// from, if it was (its words are then taken from them, see `words(of:)`).
    mutating func entity(named label: String, type: EntityType, confidence: Double, tokens range: Range<Int>? = nil) -> Int {
        let key = "\(type.rawValue):\(Slug.make(label))"
        if let existing = keys[key] {
            entities[existing].confidence = max(entities[existing].confidence, confidence)
            return existing
        }
        let nameTokens = type == .person ? (range.map { words(of: $0) } ?? Gazetteer.tokens(label)).filter { $0 != "-" } : []
        // A person already known by a close spelling ("Vladmir Putin") is the same person.
        if type == .person, let similar = similarPerson(nameTokens) { return similar }
        entities.append(LocalEntity(type: type, label: label, aliases: [], gazetteerEntry: nil, nameTokens: nameTokens, confidence: confidence))
        keys[key] = entities.count - 1
        return entities.count - 1
    }

    /// A person of this article or the gazetteer whose surname matches and whose first name
    /// differs by at most one edit.
    mutating func similarPerson(_ parts: [String]) -> Int? {
        guard parts.count >= 2, let surname = parts.last else { return nil }
        // Entities are read in place: a copy of each retained all its strings and arrays.
        for index in entities.indices where entities[index].type == .person && entities[index].nameTokens.count >= 2 {
            if entities[index].nameTokens.last == surname, editDistance(entities[index].nameTokens[0], parts[0]) <= 1 { return index }
        }
        if let candidates = lexicon.gazetteer.personsByToken[surname] {
            for candidate in candidates {
                let name = lexicon.gazetteer.nameWords[candidate]
                if name.last == surname, name.count >= 2, editDistance(name[0], parts[0]) <= 1 {
                    return entity(gazetteer: candidate)
                }
            }
        }
        return nil
    }

    mutating func addAlias(_ entity: Int, _ alias: String) {
        guard !alias.isEmpty, !entities[entity].aliases.contains(alias) else { return }
        index(alias: alias, of: entity, words: Gazetteer.tokens(alias))
    }

    /// `addAlias(entity, text(range))`, with the words of the alias taken from the tokens
    /// (`Tokenizer.tokenTexts(of:covering:)`) rather than by tokenizing it again.
    mutating func addAlias(_ entity: Int, tokens range: Range<Int>) {
        let alias = text(range)
        guard !alias.isEmpty, !entities[entity].aliases.contains(alias) else { return }
        index(alias: alias, of: entity, words: words(of: range))
    }

    private mutating func index(alias: String, of entity: Int, words: [String]) {
        entities[entity].addAlias(alias)
        if let first = words.first { aliasIndex[first, default: []].append((entity, words)) }
    }

    /// `Gazetteer.tokens(text(range))` for a range of document tokens.
    func words(of range: Range<Int>) -> [String] { Tokenizer.tokenTexts(of: tokens[range], covering: { text(range) }) }

    mutating func addMention(sentence: Int, tokens range: Range<Int>, entity: Int, kind: MentionKind, alias: Bool = true) {
        for t in range where covered.contains(t) { return }
        mentions.append(EntityMention(sentence: sentence, tokens: range, entity: entity, kind: kind))
        for t in range { covered.insert(t) }
        if alias { addAlias(entity, tokens: range) }
    }

    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return doc.document.string(tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end)
    }

    // MARK: - Scanning

    mutating func scan(sentence index: Int) {
        let sentence = doc.sentences[index]
        let end = sentence.tokens.upperBound
        let headline = sentence.role == .headline
        var i = sentence.tokens.lowerBound
        var sentenceStart = true
        while i < end {
            defer { sentenceStart = false }
            if covered.contains(i) { i += 1; continue }
            // Tokens are read in place; only a capitalized word (the rare case) is copied.
            if tokens[i].kind != .word {
                let text = tokens[i].text
                if text == "\"" || text == "(" || text == "'" { sentenceStart = true }
                i += 1
                continue
            }
            let capitalized = tokens[i].isCapitalized || tokens[i].isAllCaps
            if capitalized, let skip = notEntity(at: i, end: end) { i = skip; continue }
            if lexicon.gazetteer.mayStartPhrase(tokens, at: i), let next = gazetteerMention(at: i, end: end, sentence: index) { i = next; continue }
            if mayStartTitle(at: i), let next = titledPerson(at: i, end: end, sentence: index, affiliation: nil) { i = next; continue }
            if headline {
                if let next = knownName(at: i, end: end, sentence: index) { i = next; continue }
                i += 1
                continue
            }
            if capitalized {
                let atStart = sentenceStart || (i > sentence.tokens.lowerBound && EntityWords.quoteOpenParenApostropheEtc.contains(tokens[i - 1].textWord))
                let participleStart = atStart && tokens[i].lower.hasASCIISuffix(oneOf: RecognitionState.participleSuffixes) && tokens[i].text.count > 5 && lexicon.gazetteer.match(tokens, at: i, end: end) == nil
                if atStart && (lexicon.isCommon(tokens[i]) || participleStart) && !lexicon.givenNames.contains(tokens[i].textWord) {
                    i += 1
                    continue
                }
                if let next = knownName(at: i, end: end, sentence: index) { i = next; continue }
                let spanEnd = capitalizedSpan(from: i, end: end)
                classify(span: i..<spanEnd, sentence: index, atStart: atStart)
                i = max(spanEnd, i + 1)
                continue
            }
            i += 1
        }
    }

    /// Skips events and other capitalized phrases that are not entities ("World War II").
    func notEntity(at i: Int, end: Int) -> Int? {
        if RecognitionState.notNames.contains(tokens[i].textWord) {
            return i + 1
        }
        // One set lookup for the first words of the wars below (asked for every capitalized word).
        if RecognitionState.warNameStarts.contains(tokens[i].textWord) {
            if tokens[i].text == "World" && i + 1 < end && (tokens[i + 1].text == "War" || tokens[i + 1].text == "Wars") {
                var j = i + 2
                while j < end && (tokens[j].text == "I" || tokens[j].text == "II" || tokens[j].text == "One" || tokens[j].text == "Two") { j += 1 }
                return j
            }
            if tokens[i].text == "WWII" || tokens[i].text == "WWI" || tokens[i].text == "WW2" { return i + 1 }
            if tokens[i].text == "Cold" && i + 1 < end && tokens[i + 1].text == "War" { return i + 2 }
        }
        for index in lexicon.notEntitiesByFirstWord[tokens[i].textWord] ?? [] {
            let phrase = lexicon.notEntities[index]
            if i + phrase.count <= end && phrase.enumerated().allSatisfy({ tokens[i + $0.offset].text == $0.element }) { return i + phrase.count }
        }
        return nil
    }

    /// A name this article already used (a body name seen again in a headline).
    mutating func knownName(at i: Int, end: Int, sentence: Int) -> Int? {
        var best: (Int, Int)? = nil
        for (index, words) in aliasIndex[tokens[i].text] ?? [] {
            guard i + words.count <= end, best == nil || best!.1 < words.count else { continue }
            if words.enumerated().allSatisfy({ tokens[i + $0.offset].text == $0.element }) {
                best = (index, words.count)
            }
        }
        guard let (entity, length) = best else { return nil }
        addMention(sentence: sentence, tokens: i..<(i + length), entity: entity, kind: .name, alias: false)
        return i + length
    }

    // MARK: - Gazetteer

    /// All gazetteer entries for the longest phrase at `i`.
    func gazetteerMatches(at i: Int, end: Int) -> (Range<Int>, [(entry: Int, form: GazetteerForm)])? {
        guard let best = lexicon.gazetteer.match(tokens, at: i, end: end) else { return nil }
        // Typed as returned: an unlabeled tuple array was converted (copied) on return.
        var found: [(entry: Int, form: GazetteerForm)] = [(best.entry, best.form)]
        // Other entries sharing the same phrase (Tokyo: the city and the Japanese state): the
        // exact-case phrases, then (in ALL-CAPS text) the caseless ones, without joining the lists.
        if let phrases = lexicon.gazetteer.index[tokens[i].textWord] { samePhrase(phrases, as: best, at: i, into: &found) }
        if tokens[i].isAllCaps, let phrases = lexicon.gazetteer.caselessIndex[tokens[i].lowerWord] { samePhrase(phrases, as: best, at: i, into: &found) }
        return (best.tokens, found)
    }

    private func samePhrase(_ phrases: [Phrase], as best: Gazetteer.Match, at i: Int, into found: inout [(entry: Int, form: GazetteerForm)]) {
        for phrase in phrases where phrase.tokens.count == best.tokens.count && phrase.entry != best.entry {
            let ok = phrase.tokens.enumerated().allSatisfy { tokens[i + $0.offset].text == $0.element || tokens[i + $0.offset].lower == $0.element }
            if ok && !found.contains(where: { $0.entry == phrase.entry && $0.form == phrase.form }) { found.append((phrase.entry, phrase.form)) }
        }
    }

    func isPlaceContext(_ range: Range<Int>, sentence: Int) -> Bool {
        let s = doc.sentences[sentence]
        if s.role == .dateline { return true }
        // "Tokyo's sanctions": a possessor acts, so it is the state.
        if range.upperBound < s.tokens.upperBound && (tokens[range.upperBound].text == "'s" || tokens[range.upperBound].text == "'") { return false }
        if range.lowerBound > s.tokens.lowerBound {
            let before = tokens[range.lowerBound - 1].lower
            if RecognitionState.placePrepositions.contains(before) {
                // "pressure on Moscow", "sanctions against Moscow" stay with the state.
                return true
            }
            if before == "capital" || before == "city" { return true }
            // "the capital, Sanaa,"
            if before == "," && range.lowerBound - 2 >= s.tokens.lowerBound && EntityWords.capitalCityTown.contains(tokens[range.lowerBound - 2].lowerWord) { return true }
            if before == "," && range.lowerBound >= 2 && tokens[range.lowerBound - 2].isCapitalized && range.lowerBound - 2 > s.tokens.lowerBound
                && RecognitionState.placePrepositions.contains(tokens[range.lowerBound - 3].lowerWord) { return true }
        }
        if range.upperBound < s.tokens.upperBound {
            let after = tokens[range.upperBound]
            // "the London bombings", "the Moscow attack", "the Paris summit": where it happened.
            if RecognitionState.eventNouns.contains(after.lowerWord) { return true }
            // "Havana, Cuba"
            if after.text == "," && range.upperBound + 1 < s.tokens.upperBound,
               let (_, entries) = gazetteerMatches(at: range.upperBound + 1, end: s.tokens.upperBound),
               entries.contains(where: { lexicon.gazetteer.entries[$0.entry].type == .country }) {
                return true
            }
        }
        return false
    }

    mutating func gazetteerMention(at i: Int, end: Int, sentence: Int) -> Int? {
        guard let (range, entries) = gazetteerMatches(at: i, end: end) else { return nil }
        // The entries array, not the whole gazetteer (a struct copy retains all its tables).
        let known = lexicon.gazetteer.entries
        // Ambiguous names ("Jordan", "Georgia") inside a longer capitalized name are not this entry.
        let surface = text(range)
        if entries.allSatisfy({ ($0.form == .name || $0.form == .alias) && (known[$0.entry].ambiguous || known[$0.entry].ambiguousForms.contains(surface)) }) {
            let before = i > doc.sentences[sentence].tokens.lowerBound ? tokens[i - 1] : nil
            let after = range.upperBound < end ? tokens[range.upperBound] : nil
            if (before?.isCapitalized == true && before?.kind == .word && !lexicon.isCommon(before!)) || (after?.isCapitalized == true && after?.kind == .word) {
                return nil
            }
        }
        let next = range.upperBound < end ? tokens[range.upperBound] : nil
        // "neo-Nazi", "neo-Soviet": a movement named after the state, not the state.
        if i >= 2, tokens[i - 1].text == "-", !tokens[i].spaceBefore, tokens[i - 2].lower == "neo" {
            covered.formUnion(range)
            return range.upperBound
        }
        // "US$3 billion", "HK$": a currency, not the state.
        if let next, next.text == "$" && !next.spaceBefore {
            covered.formUnion(range)
            return range.upperBound
        }
        // "a US-built vehicle", "the U.S.-led coalition": an adjective, like a demonym.
        if let next, next.text == "-" && !next.spaceBefore && range.upperBound + 1 < end,
           let country = entries.first(where: { known[$0.entry].type == .country }) {
            let word = tokens[range.upperBound + 1]
            if word.kind == .word && !word.isCapitalized && !word.spaceBefore && (word.lower.hasSuffix("ed") || EntityWords.builtMadeRunEtc.contains(word.lowerWord)) {
                demonyms.append(DemonymMention(sentence: sentence, tokens: range, entity: entity(gazetteer: country.entry)))
                covered.formUnion(range)
                return range.upperBound
            }
        }
        // One word of a gazetteer person ("Sharif") next to another name word is someone else
        // ("Sharif Hotak", "Jamal al-Harbi").
        if range.count == 1 && entries.allSatisfy({ known[$0.entry].type == .person }) {
            let before = i > doc.sentences[sentence].tokens.lowerBound ? tokens[i - 1] : nil
            let nameBefore = before.map { $0.kind == .word && $0.isCapitalized && !lexicon.isCommon($0) && lexicon.role(tokens, at: i - 1, end: end) == nil && !lexicon.honorifics.contains($0.textWord) } ?? false
            let nameAfter = next.map { ($0.kind == .word && ($0.isCapitalized || lexicon.particles.contains($0.textWord)) && !lexicon.isCommon($0)) } ?? false
            if nameBefore || nameAfter { return nil }
        }
        // Demonyms: an affiliation, a government phrase or a titled person.
        if let demonym = entries.first(where: { $0.form == .demonym }) {
            let country = entity(gazetteer: demonym.entry)
            if let next = titledPerson(at: range.upperBound, end: end, sentence: sentence, affiliation: country, start: i) { return next }
            if let govEnd = governmentPhrase(at: range.upperBound, end: end) {
                addMention(sentence: sentence, tokens: i..<govEnd, entity: country, kind: .government, alias: tokens[range.upperBound].isCapitalized)
                return govEnd
            }
            demonyms.append(DemonymMention(sentence: sentence, tokens: range, entity: country))
            covered.formUnion(range)
            return range.upperBound
        }
        let placeContext = isPlaceContext(range, sentence: sentence)
        let chosen: (entry: Int, form: GazetteerForm)
        let names = entries.filter { $0.form != .metonym }
        let metonyms = entries.filter { $0.form == .metonym }
        if !metonyms.isEmpty && (!placeContext || names.isEmpty) {
            chosen = metonyms[0]
        } else if let place = names.first(where: { known[$0.entry].type == .place }), placeContext {
            chosen = place
        } else {
            chosen = names.first ?? entries[0]
        }
        let entry = known[chosen.entry]
        let type: EntityType = chosen.form == .metonym ? .country : entry.type
        let id = entity(gazetteer: chosen.entry, type: type)
        let kind: MentionKind = chosen.form == .metonym ? .metonym : .name
        // "Japan's defense ministry", "U.S. State Department": the state acting.
        if type == .country {
            var j = range.upperBound
            if j < end && (tokens[j].text == "'s" || tokens[j].text == "'") { j += 1 }
            if let next = titledPerson(at: j, end: end, sentence: sentence, affiliation: id, start: i, prefix: range) {
                addMention(sentence: sentence, tokens: range, entity: id, kind: kind, alias: false)
                return next
            }
            if let govEnd = governmentPhrase(at: j, end: end) {
                addMention(sentence: sentence, tokens: range, entity: id, kind: kind)
                let phrase = range.upperBound..<govEnd
                for t in phrase { covered.insert(t) }
                mentions.append(EntityMention(sentence: sentence, tokens: phrase, entity: id, kind: .government))
                if tokens[range.upperBound].text != "'s" && tokens[j].isCapitalized { addAlias(id, tokens: i..<govEnd) }
                return govEnd
            }
        }
        addMention(sentence: sentence, tokens: range, entity: id, kind: kind)
        if type == .person { afterPersonName(range.upperBound, end: end, sentence: sentence, person: id) }
        acronym(after: range.upperBound, end: end, entity: id)
        return range.upperBound
    }

    static let warNameStarts: WordSet = ["World", "WWII", "WWI", "WW2", "Cold"]

    static let participleSuffixes = ["ing", "ed"].map { Array($0.utf8) }

    static let governmentModifiers: WordSet = [
        "foreign", "defense", "defence", "interior", "security", "armed", "central", "state", "federal", "military", "national",
        "self", "air", "naval", "special", "border", "coast", "finance", "justice", "economy", "trade",
    ]

    /// "Foreign Ministry", "defense ministry", "Self-Defense Forces", "government", "side" after
    /// a state's name or adjective. Returns the end of the phrase.
    func governmentPhrase(at start: Int, end: Int) -> Int? {
        var j = start
        var last: Int? = nil
        while j < end && j - start < 5 {
            let t = tokens[j]
            if t.kind == .word {
                if lexicon.govHeads.contains(t.lowerWord) { last = j + 1 }
                if lexicon.govHeads.contains(t.lowerWord) && !(j + 1 < end && (lexicon.govHeads.contains(tokens[j + 1].lowerWord) || (tokens[j + 1].text == "-" && !tokens[j + 1].spaceBefore))) { break }
                let capitalizedName = t.isCapitalized && !RecognitionState.months.contains(t.textWord)
                let descriptive = RecognitionState.governmentModifiers.contains(t.lowerWord)
                if !(capitalizedName || descriptive) { break }
            } else if !(t.text == "-" && !t.spaceBefore) {
                break
            }
            j += 1
        }
        guard let last else { return nil }
        // A lone "forces" or "officials" after an adjective is the state only when it acts; keep.
        return last
    }

    // MARK: - Persons

    /// What `titledPerson` asks first: a title starts with a role word or a modifier of one.
    /// Most words are neither, and the call cost more than this test.
    @inline(__always) func mayStartTitle(at i: Int) -> Bool {
        lexicon.roleModifiers.contains(tokens[i].lowerWord) || tokens[i].lowerWord.is(RecognitionState.then)
            || lexicon.roles.index(of: tokens[i].lowerWord) != nil
    }

    /// `[modifier] Title [of|for Complement] [Honorific] Name`, or a lower-case descriptor
    /// before a name ("spokesperson Zhao Lijian"). Records the person, the role and, when
    /// no name follows, the affiliated state as an unnamed official.
    mutating func titledPerson(at start: Int, end: Int, sentence: Int, affiliation: Int?, start spanStart: Int? = nil, prefix: Range<Int>? = nil) -> Int? {
        var k = start
        // Asked at every token: the literals are compared by hash first (most tokens are neither).
        while k < end && (lexicon.roleModifiers.contains(tokens[k].lowerWord) || tokens[k].lowerWord.is(RecognitionState.then)
                          || (tokens[k].kind == .punct && tokens[k].text == "-" && k > start)) { k += 1 }
        guard k < end, let (role, afterRole) = lexicon.role(tokens, at: k, end: end) else { return nil }
        let capitalizedTitle = tokens[k].isCapitalized
        if !capitalizedTitle && !role.descriptor && affiliation == nil { return nil }
        var j = afterRole
        var org = affiliation
        var roleText = text(start..<afterRole).lowercased()
        // "of State", "for Public Affairs", "of the Republic of Korea", "to China"
        while j < end && (tokens[j].lower == "of" || tokens[j].lower == "for" || tokens[j].lower == "to") {
            var c = j + 1
            if c < end && tokens[c].lower == "the" { c += 1 }
            guard c < end else { break }
            if let (range, entries) = gazetteerMatches(at: c, end: end), let first = entries.first,
               [.country, .organization].contains(lexicon.gazetteer.entries[first.entry].type), first.form != .demonym {
                let e = entity(gazetteer: first.entry, type: first.form == .metonym ? .country : nil)
                addMention(sentence: sentence, tokens: range, entity: e, kind: first.form == .metonym ? .metonym : .name)
                if tokens[j].lower != "to" { org = e }
                j = range.upperBound
                continue
            }
            var d = c
            while d < end && tokens[d].isCapitalized && (lexicon.isCommon(tokens[d]) || lexicon.titleWords.contains(tokens[d].textWord)) && lexicon.gazetteer.match(tokens, at: d, end: end) == nil { d += 1 }
            if d == c { break }
            roleText += " " + text(j..<d).lowercased()
            j = d
        }
        if j < end && tokens[j].text == "," && !capitalizedTitle && j + 1 < end && tokens[j + 1].isCapitalized { j += 1 }
        if j < end && lexicon.honorifics.contains(tokens[j].textWord) { j += 1 }
        // The name.
        if j < end, let (range, entries) = gazetteerMatches(at: j, end: end), let person = entries.first(where: { lexicon.gazetteer.entries[$0.entry].type == .person }) {
            let id = entity(gazetteer: person.entry)
            addMention(sentence: sentence, tokens: range, entity: id, kind: .name)
            recordRole(person: id, role: roleText, org: org ?? affiliationOf(gazetteer: person.entry), sentence: sentence)
            covered.formUnion(start..<range.upperBound)
            afterPersonName(range.upperBound, end: end, sentence: sentence, person: id)
            return range.upperBound
        }
        let nameEnd = personNameSpan(from: j, end: end)
        if nameEnd > j {
            let label = text(j..<nameEnd)
            if nameEnd - j == 1, let existing = shortReference(tokens[j].text) {
                addMention(sentence: sentence, tokens: j..<nameEnd, entity: existing, kind: .shortName)
                recordRole(person: existing, role: roleText, org: org, sentence: sentence)
                covered.formUnion(start..<nameEnd)
                return nameEnd
            }
            let id = entity(named: label, type: .person, confidence: 0.85, tokens: j..<nameEnd)
            addMention(sentence: sentence, tokens: j..<nameEnd, entity: id, kind: .name)
            recordRole(person: id, role: roleText, org: org, sentence: sentence)
            covered.formUnion(start..<nameEnd)
            afterPersonName(nameEnd, end: end, sentence: sentence, person: id)
            return nameEnd
        }
        // A title with no name: an unnamed official acting for a state ("China's foreign
        // ministry spokesperson", "the Japanese ambassador").
        if let org, let spanStart, entities[org].type == .country {
            let range = (prefix ?? (spanStart..<start))
            let first = mentions.count
            addMention(sentence: sentence, tokens: range, entity: org, kind: .name)
            let phrase = range.upperBound..<afterRole
            for t in phrase { covered.insert(t) }
            mentions.append(EntityMention(sentence: sentence, tokens: phrase, entity: org, kind: .government))
            unnamedOfficials.append(UnnamedOfficial(mentions: first..<mentions.count, role: roleText, organization: org))
            return afterRole
        }
        return nil
    }

    func affiliationOf(gazetteer index: Int) -> Int? {
        nil
    }

    mutating func recordRole(person: Int, role: String, org: Int?, sentence: Int) {
        guard let org, org != person else { return }
        if entities[person].affiliation == nil { entities[person].affiliation = org }
        if entities[person].role == nil { entities[person].role = role }
        roles.append(RoleStatement(person: person, role: role, organization: org, sentence: sentence))
    }

    /// Capitalized name tokens, with particles ("bin", "da") and inner hyphens ("Moo-hyun").
    func personNameSpan(from start: Int, end: Int) -> Int {
        var j = start
        var words = 0
        while j < end && words < 6 {
            let t = tokens[j]
            if t.kind == .word && (t.isCapitalized || t.isAllCaps) && !lexicon.isCommon(t) && !RecognitionState.months.contains(t.textWord)
                && !RecognitionState.weekdays.contains(t.textWord) && lexicon.role(tokens, at: j, end: end) == nil {
                if let (_, entries) = gazetteerMatches(at: j, end: end), entries.contains(where: { lexicon.gazetteer.entries[$0.entry].type != .person && $0.form != .alias }) && words > 0 { break }
                j += 1
                words += 1
                continue
            }
            if t.kind == .word && t.isCapitalized && lexicon.givenNames.contains(t.textWord) { j += 1; words += 1; continue }
            if words > 0 && t.text == "-" && !t.spaceBefore && j + 1 < end && !tokens[j + 1].spaceBefore && tokens[j + 1].kind == .word {
                j += 2
                continue
            }
            if lexicon.particles.contains(t.textWord) && j + 1 < end && (tokens[j + 1].isCapitalized || tokens[j + 1].text == "-") && (words > 0 || t.text == "al") {
                j += 1
                continue
            }
            if t.flags.contains(.abbreviation) && t.text.count == 2 && t.isCapitalized && words > 0 { j += 1; continue } // middle initial
            break
        }
        // Do not end on a particle or hyphen.
        while j > start && (lexicon.particles.contains(tokens[j - 1].textWord) || tokens[j - 1].text == "-") { j -= 1 }
        return words > 0 ? j : start
    }

    /// After a person's name: ", a US peace envoy" gives an affiliation; "(ACRONYM)" an alias.
    mutating func afterPersonName(_ j: Int, end: Int, sentence: Int, person: Int) {
        guard j + 1 < end, tokens[j].text == "," else { return }
        var k = j + 1
        if k < end && RecognitionState.determiners.contains(tokens[k].lowerWord) { k += 1 }
        // ", China's Foreign Ministry spokesperson," / ", a US peace envoy"
        let limit = min(end, k + 8)
        var country: Int? = nil
        var m = k
        while m < limit {
            if tokens[m].text == "," || tokens[m].text == "." { break }
            if country == nil, !covered.contains(m), let (range, entries) = gazetteerMatches(at: m, end: end),
               let first = entries.first, lexicon.gazetteer.entries[first.entry].type == .country {
                country = entity(gazetteer: first.entry, type: .country)
                if first.form != .demonym {
                    addMention(sentence: sentence, tokens: range, entity: country!, kind: first.form == .metonym ? .metonym : .name)
                } else {
                    demonyms.append(DemonymMention(sentence: sentence, tokens: range, entity: country!))
                    covered.formUnion(range)
                }
                m = range.upperBound
                continue
            }
            if let (role, after) = lexicon.role(tokens, at: m, end: end), role.descriptor || role.title {
                if let country { recordRole(person: person, role: text(m..<after).lowercased(), org: country, sentence: sentence) }
                return
            }
            if lexicon.personNouns.contains(tokens[m].lowerWord) {
                if let country { recordRole(person: person, role: tokens[m].lower, org: country, sentence: sentence) }
                return
            }
            m += 1
        }
    }

    /// "Inter-American Development Bank (IDB)": the acronym becomes an alias.
    mutating func acronym(after j: Int, end: Int, entity: Int) {
        guard j + 2 < end, tokens[j].text == "(", tokens[j + 2].text == ")", tokens[j + 1].isAllCaps || tokens[j + 1].flags.contains(.abbreviation) else { return }
        acronyms[tokens[j + 1].text] = entity
        addAlias(entity, tokens: (j + 1)..<(j + 2))
        covered.insert(j + 1)
    }

    // MARK: - Unknown names

    /// The longest run of capitalized words from `start`, with inner hyphens, particles and
    /// the connectors of organization names ("Committee to Protect Journalists").
    func capitalizedSpan(from start: Int, end: Int) -> Int {
        var j = start
        var lastWord = start
        while j < end {
            if covered.contains(j) { break }
            if tokens[j].kind == .word && (tokens[j].isCapitalized || tokens[j].isAllCaps) && !RecognitionState.months.contains(tokens[j].textWord) && !RecognitionState.weekdays.contains(tokens[j].textWord) {
                if j > start, let known = lexicon.gazetteer.match(tokens, at: j, end: end), !hasHeadAhead(from: j, end: end),
                   !(known.tokens.count == 1 && lexicon.gazetteer.entries[known.entry].type == .person && isNameWord(tokens[j - 1])) { break }
                j += 1
                lastWord = j
                continue
            }
            if tokens[j].kind == .number && j > start && (lexicon.orgHeads.contains(tokens[j - 1].textWord) || tokens[j - 1].text == "Resolution") { j += 1; lastWord = j; continue }
            if tokens[j].text == "-" && !tokens[j].spaceBefore && j + 1 < end && !tokens[j + 1].spaceBefore && tokens[j + 1].kind == .word && j > start {
                j += 1
                continue
            }
            // "Jamal al-Harbi"
            if j > start && lexicon.particles.contains(tokens[j].textWord) && j + 2 < end && tokens[j + 1].text == "-" && !tokens[j + 1].spaceBefore
                && tokens[j + 2].isCapitalized && !tokens[j + 2].spaceBefore && !covered.contains(j + 2) {
                j += 2
                continue
            }
            if j > start && (lexicon.particles.contains(tokens[j].textWord) || lexicon.connectors.contains(tokens[j].textWord)) && j + 1 < end {
                // Accept a connector only inside an organization, place or treaty name.
                var k = j + 1
                while k < end && (tokens[k].text == "the" || lexicon.connectors.contains(tokens[k].textWord)) { k += 1 }
                let continues = k < end && tokens[k].isCapitalized && !covered.contains(k)
                let particle = lexicon.particles.contains(tokens[j].textWord) && !lexicon.connectors.contains(tokens[j].textWord)
                if continues && (particle || spanHasHead(start..<lastWord) || hasHeadAhead(from: k, end: end)) {
                    j = k
                    continue
                }
            }
            break
        }
        return lastWord
    }

    /// A capitalized word that can be part of a person's name ("Laura" in "Laura Bush").
    func isNameWord(_ t: Token) -> Bool {
        t.kind == .word && t.isCapitalized && (!lexicon.isCommon(t) || lexicon.givenNames.contains(t.textWord)) && !lexicon.honorifics.contains(t.textWord)
            && !lexicon.titleWords.contains(t.textWord) && !isHead(t)
    }

    func isHead(_ t: Token) -> Bool {
        lexicon.orgHeads.contains(t.textWord) || lexicon.placeHeads.contains(t.textWord) || (t.isCapitalized && lexicon.treatyHeads.contains(t.lowerWord))
    }

    func spanHasHead(_ range: Range<Int>) -> Bool { range.contains { isHead(tokens[$0]) } }

    func hasHeadAhead(from k: Int, end: Int) -> Bool {
        var j = k
        while j < end && j - k < 6 && (tokens[j].isCapitalized || tokens[j].text == "-" || lexicon.connectors.contains(tokens[j].textWord)) {
            if isHead(tokens[j]) { return true }
            j += 1
        }
        return false
    }

    mutating func classify(span: Range<Int>, sentence: Int, atStart: Bool) {
        guard !span.isEmpty else { return }
        var range = span
        var honorific = false
        // "Dr Ali bin Tamim": the courtesy title is not part of the name.
        while range.count > 1 && (lexicon.honorifics.contains(tokens[range.lowerBound].textWord) || lexicon.honorifics.contains(tokens[range.lowerBound].text + ".")) {
            range = (range.lowerBound + 1)..<range.upperBound
            honorific = true
        }
        // "First Lady Laura Bush": words of a title before a courtesy title go with it.
        if let h = range.dropFirst().first(where: { lexicon.honorifics.contains(tokens[$0].textWord) }), h + 1 < range.upperBound,
           (range.lowerBound..<h).allSatisfy({ lexicon.isCommon(tokens[$0]) || lexicon.titleWords.contains(tokens[$0].textWord) }) {
            range = (h + 1)..<range.upperBound
            honorific = true
        }
        // Drop a leading common word at a sentence start ("Earlier Iran said").
        while range.count > 1 && atStart && range.lowerBound == span.lowerBound && lexicon.isCommon(tokens[range.lowerBound]) && !isHead(tokens[range.lowerBound]) {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        // A courtesy title at the end belongs to the next name ("Addressing Mr Mandela").
        while range.count > 1 && lexicon.honorifics.contains(tokens[range.upperBound - 1].textWord) { range = range.lowerBound..<(range.upperBound - 1) }
        // A title before the name: keep the name ("Assistant Secretary ... Marvin Sambur").
        if lexicon.role(tokens, at: range.lowerBound, end: range.upperBound) != nil || lexicon.roleModifiers.contains(tokens[range.lowerBound].lowerWord) {
            var k = range.upperBound
            var nameWords = 0
            while k > range.lowerBound && nameWords < 3, tokens[k - 1].kind == .word, !lexicon.isCommon(tokens[k - 1]) || lexicon.givenNames.contains(tokens[k - 1].textWord),
                  lexicon.role(tokens, at: k - 1, end: range.upperBound) == nil, !lexicon.titleWords.contains(tokens[k - 1].textWord), !isHead(tokens[k - 1]) {
                k -= 1
                nameWords += 1
            }
            if nameWords == 0 { return } // only a title: "Chief Scientist"
            range = k..<range.upperBound
            honorific = true
        }
        // "Queensland Premier Peter Beattie", "Arcelor Chairman Joseph Kinsch": a place or a
        // body, a title, then the name: the person is the name.
        if !honorific, range.count >= 3,
           let j = (range.lowerBound + 1..<range.upperBound - 1).last(where: { tokens[$0].isCapitalized && lexicon.role(tokens, at: $0, end: range.upperBound) != nil }),
           let (_, roleEnd) = lexicon.role(tokens, at: j, end: range.upperBound), (2...3).contains(range.upperBound - roleEnd),
           (roleEnd..<range.upperBound).allSatisfy({ tokens[$0].kind == .word && (!lexicon.isCommon(tokens[$0]) || lexicon.givenNames.contains(tokens[$0].textWord)) && !isHead(tokens[$0]) }) {
            range = roleEnd..<range.upperBound
            honorific = true
        }
        let words = range.filter { tokens[$0].kind == .word }
        guard let lastIndex = words.last else { return }
        // A lone head word is a generic reference ("the University", "the Council").
        if words.count == 1 && isHead(tokens[lastIndex]) { return }
        let last = tokens[lastIndex]
        let label = text(range)
        let end = doc.sentences[sentence].tokens.upperBound
        // An acronym defined earlier.
        if range.count == 1, let known = acronyms[last.text] {
            addMention(sentence: sentence, tokens: range, entity: known, kind: .name)
            return
        }
        let treatyHeadIndex = range.first { tokens[$0].isCapitalized && lexicon.treatyHeads.contains(tokens[$0].lowerWord) && $0 > range.lowerBound }
        var type: EntityType? = nil
        var confidence = 0.7
        if lexicon.placeHeads.contains(last.textWord) && !(last.text == "Bank" && range.count > 2) {
            type = .place
        } else if let h = treatyHeadIndex, h == lastIndex || (h + 1 < range.upperBound && EntityWords.ofOnFor.contains(tokens[h + 1].textWord)) {
            type = .treaty
        } else if range.contains(where: { lexicon.orgHeads.contains(tokens[$0].textWord) }) {
            type = .organization
        }
        let before = range.lowerBound > doc.sentences[sentence].tokens.lowerBound ? tokens[range.lowerBound - 1] : nil
        let after = range.upperBound < end ? tokens[range.upperBound] : nil
        if type == nil {
            if honorific || (before.map { lexicon.honorifics.contains($0.textWord) || lexicon.personNouns.contains($0.lower) } ?? false) {
                type = .person; confidence = 0.8
            } else if let before, RecognitionState.placePrepositions.contains(before.lowerWord) && !EntityWords.toFrom.contains(before.lowerWord) && !isPersonLike(range) {
                type = .place; confidence = 0.6
            } else if let after, RecognitionState.placeKinds.contains(after.lowerWord) && after.lower == after.text && lexicon.placeHeads.contains(after.text.capitalized) {
                type = .place; confidence = 0.7
            } else if let before, EntityWords.provinceCityTownEtc.contains(before.lowerWord) || (before.lower == "of" && range.lowerBound >= 2 && EntityWords.provinceCityTownEtc.contains(tokens[range.lowerBound - 2].lowerWord)) {
                type = .place; confidence = 0.7
            } else if isPersonLike(range) {
                if words.count >= 2 {
                    type = .person
                    confidence = lexicon.givenNames.contains(tokens[range.lowerBound].textWord) ? 0.75 : 0.6
                } else if let after, RecognitionState.speechVerbs.contains(after.lowerWord) {
                    if shortReference(last.text) == nil { type = .person; confidence = 0.5 }
                }
            }
        }
        if words.count == 1 && type != .organization && type != .place && type != .treaty {
            if last.isAllCaps && last.text.count >= 3 && last.text.count <= 6 && !lexicon.isCommon(last) {
                if type == nil { type = .organization; confidence = 0.5 }
            } else {
                pending.append((sentence, range, after.map { RecognitionState.speechVerbs.contains($0.lower) } ?? false))
                return
            }
        }
        guard let found = type else { return }
        let id = entity(named: label, type: found, confidence: confidence, tokens: range)
        addMention(sentence: sentence, tokens: range, entity: id, kind: .name)
        if found == .person { afterPersonName(range.upperBound, end: end, sentence: sentence, person: id) }
        acronym(after: range.upperBound, end: end, entity: id)
    }

    func isPersonLike(_ range: Range<Int>) -> Bool {
        var words = 0
        for i in range {
            let t = tokens[i]
            if t.kind != .word { continue }
            if lexicon.particles.contains(t.textWord) { continue }
            if lexicon.isCommon(t) && !lexicon.givenNames.contains(t.textWord) { return false }
            if isHead(t) { return false }
            if t.isAllCaps && t.text.count > 1 && range.count == 1 { return false }
            words += 1
        }
        return words >= 1 && words <= 5
    }

    // MARK: - Short references

    /// A person of this article (or the gazetteer) known by this one name.
    mutating func shortReference(_ word: String) -> Int? {
        let local = entities.indices.filter { entities[$0].type == .person && entities[$0].nameTokens.count >= 2 && entities[$0].nameTokens.contains(word) }
        if let byLast = local.first(where: { entities[$0].nameTokens.last == word }) { return byLast }
        if let any = local.first { return any }
        return nil
    }

    /// "the Greek foreign minister" is "Greek Foreign Minister George Katrougalos" when the
    /// article names exactly one holder of that title for that state.
    mutating func resolveUnnamedOfficials() {
        for official in unnamedOfficials {
            let holders = Set(roles.filter { $0.organization == official.organization && $0.role == official.role }.map(\.person))
            guard holders.count == 1, let person = holders.first, let first = official.mentions.first, let last = official.mentions.last else { continue }
            let start = mentions[first].tokens.lowerBound
            let end = mentions[last].tokens.upperBound
            mentions[first] = EntityMention(sentence: mentions[first].sentence, tokens: start..<end, entity: person, kind: .description)
            for index in official.mentions.dropFirst() { mentions[index].tokens = end..<end }
        }
        mentions.removeAll { $0.tokens.isEmpty }
    }

    mutating func resolvePending() {
        for item in pending {
            let word = tokens[item.tokens.lowerBound].text
            if covered.contains(item.tokens.lowerBound) { continue }
            if let person = shortReference(word) {
                addMention(sentence: item.sentence, tokens: item.tokens, entity: person, kind: .shortName)
            } else if let known = entities.indices.first(where: { entities[$0].aliases.contains(word) }) {
                addMention(sentence: item.sentence, tokens: item.tokens, entity: known, kind: .name)
            } else if let candidates = lexicon.gazetteer.personsByToken[word], candidates.count == 1,
                      Gazetteer.tokens(lexicon.gazetteer.entries[candidates[0]].name).last == word {
                let id = entity(gazetteer: candidates[0])
                addMention(sentence: item.sentence, tokens: item.tokens, entity: id, kind: .shortName)
            } else if item.speechFollows && !lexicon.commonWords.contains(word.lowercased()) {
                let id = entity(named: word, type: .person, confidence: 0.45)
                addMention(sentence: item.sentence, tokens: item.tokens, entity: id, kind: .name)
            }
        }
        pending.removeAll()
    }

    // MARK: - Treaties described in lower case

    /// "a post-World War II peace treaty", "a joint declaration in 1956", "the 1956
    /// declaration", "the peace treaty": one treaty entity per compatible description.
    mutating func findTreatyDescriptions() {
        let order = doc.sentences.indices.filter { doc.sentences[$0].role == .body } + doc.sentences.indices.filter { doc.sentences[$0].role == .headline }
        for index in order {
            let sentence = doc.sentences[index]
            let headline = sentence.role == .headline
            for h in sentence.tokens where lexicon.treatyHeads.contains(tokens[h].lowerWord) && tokens[h].kind == .word && !covered.contains(h) {
                var head = tokens[h].lower
                if head.hasSuffix("s") && head != "accords" { head.removeLast() }
                var k = h
                var modifiers: [String] = []
                var year: String? = nil
                var capitalizedModifier = false
                while k > sentence.tokens.lowerBound {
                    let t = tokens[k - 1]
                    if t.kind == .number && t.text.count == 4, let y = Int(t.text), y > 1000 && y < 2200 {
                        year = t.text
                    } else if t.kind == .word && !t.isCapitalized && isTreatyModifier(t) && (capitalizedModifier == false || ((t.lower == "post" || t.lower == "pre") && tokens[k].text == "-")) {
                        modifiers.insert(t.lower, at: 0)
                    } else if t.kind == .word && t.isCapitalized && k - 1 > sentence.tokens.lowerBound && modifiers.count <= 12 {
                        // A name inside the description: "post-World War II", "Cusco".
                        capitalizedModifier = true
                        modifiers.insert(t.lower, at: 0)
                    } else if t.text == "-" && !t.spaceBefore {
                        // "post-World War II", "free-trade"
                    } else if EntityWords.ofForInEtc.contains(t.lowerWord) && capitalizedModifier && {
                        // inside a capitalized name: "Relationship of Cooperation for Common Prosperity in the XXI Century"
                        var c = k - 2
                        while c > sentence.tokens.lowerBound && EntityWords.ofForInEtc.contains(tokens[c].lowerWord) { c -= 1 }
                        return c >= sentence.tokens.lowerBound && c > sentence.tokens.lowerBound && tokens[c].isCapitalized && k - 1 - c <= 2
                    }() {
                        // inside a capitalized name
                    } else {
                        break
                    }
                    k -= 1
                }
                // A possessive before the modifiers belongs to the sentence, not the name.
                if k < h, tokens[k].text == "'s" { k += 1 }
                var e = h + 1
                if head == "memorandum" && e + 1 < sentence.tokens.upperBound && tokens[e].lower == "of" && tokens[e + 1].lower == "understanding" { e += 2 }
                // "in 1956" after the head gives the year.
                if e + 1 < sentence.tokens.upperBound && tokens[e].lower == "in" && tokens[e + 1].kind == .number && tokens[e + 1].text.count == 4 {
                    year = year ?? tokens[e + 1].text
                }
                let meaningful = modifiers.filter { !RecognitionState.evaluative.contains($0) }
                let isTreaty = meaningful.contains(where: { lexicon.treatyModifiers.contains($0) }) || year != nil || capitalizedModifier
                let start = k
                // "the treaty" with nothing more refers to the treaty named before.
                let definite = k > sentence.tokens.lowerBound && EntityWords.theThisThat.contains(tokens[k - 1].lowerWord)
                if !isTreaty && !(definite && modifiers.isEmpty) { continue }
                var labelStart = start
                while labelStart < h && RecognitionState.evaluative.contains(tokens[labelStart].lowerWord) { labelStart += 1 }
                if labelStart < h && tokens[labelStart].text == "-" { labelStart += 1 }
                let range = start..<e
                if headline && !definite && compatibleTreaty(head: head, year: year, modifiers: meaningful) == nil { continue }
                if let existing = compatibleTreaty(head: head, year: year, modifiers: meaningful) {
                    addMention(sentence: index, tokens: range, entity: existing, kind: .description, alias: false)
                    addAlias(existing, tokens: labelStart..<e)
                    if entities[existing].treatyYear == nil { entities[existing].treatyYear = year }
                    continue
                }
                if !isTreaty { continue }
                var label = text(labelStart..<e)
                // "the Broad Relationship of Cooperation ... agreement": a proper name with a
                // generic head; the name alone is the label.
                if capitalizedModifier && !tokens[h].isCapitalized && e == h + 1 && h - labelStart >= 4
                    && (labelStart..<h).allSatisfy({ tokens[$0].isCapitalized || EntityWords.ofForInEtc.contains(tokens[$0].textWord) }) {
                    label = text(labelStart..<h)
                }
                let id = entity(named: label, type: .treaty, confidence: capitalizedModifier ? 0.8 : 0.65)
                entities[id].treatyHead = head
                entities[id].treatyYear = year
                entities[id].treatyModifiers = meaningful
                // A place named inside ("the Cusco declaration") keeps its own mention.
                var first = range.lowerBound
                while first < range.upperBound && covered.contains(first) { first += 1 }
                addMention(sentence: index, tokens: first..<range.upperBound, entity: id, kind: .description, alias: false)
                addAlias(id, label)
                addAlias(id, tokens: labelStart..<e)
            }
        }
    }

    /// A lower-case word that can modify a treaty noun: a treaty kind ("peace", "joint"), an
    /// evaluative adjective ("formal"), or an adjective or compound ("post-war", "bilateral").
    func isTreatyModifier(_ t: Token) -> Bool {
        let w = t.lower
        if lexicon.treatyModifiers.contains(w) || RecognitionState.evaluative.contains(w) { return true }
        if w == "post" || w == "pre" || w == "era" || w == "war" || w == "world" { return true }
        for suffix in ["al", "ic", "ary", "ive", "ian", "ern", "ese", "ish"] where w.hasSuffix(suffix) && w.count > 4 { return true }
        return false
    }

    func compatibleTreaty(head: String, year: String?, modifiers: [String]) -> Int? {
        let kinds = modifiers.filter { lexicon.treatyModifiers.contains($0) }
        var best: Int? = nil
        for (index, entity) in entities.enumerated().reversed() where entity.type == .treaty && entity.treatyHead == head {
            if let year, let other = entity.treatyYear, year != other { continue }
            let otherKinds = entity.treatyModifiers.filter { lexicon.treatyModifiers.contains($0) }
            if !kinds.isEmpty && !otherKinds.isEmpty && Set(kinds).isDisjoint(with: otherKinds) { continue }
            best = index
            break
        }
        return best
    }

    // MARK: - "the North", "North and South Korea"

    static let compass: WordSet = ["North", "South", "East", "West"]
    static let compassLowercased = WordSet(compass.map { $0.lowercased() })

    /// In an article about "North Korea" and "South Korea", "the North" and "the south" are
    /// those states, and "North and South Korea" names both.
    mutating func findCompassReferences() {
        var byCompass: [String: Int] = [:]
        for index in entities.indices where entities[index].type == .country {
            let words = Gazetteer.tokens(entities[index].label)
            if words.count == 2, RecognitionState.compass.contains(words[0]) { byCompass[words[0]] = index }
        }
        guard !byCompass.isEmpty else { return }
        for (index, sentence) in doc.sentences.enumerated() where sentence.role != .dateline {
            for k in sentence.tokens where !covered.contains(k) && tokens[k].kind == .word {
                // An ASCII word is a compass word exactly when its lower case is one: only other
                // words pay for building the title-case form below.
                if !RecognitionState.compassLowercased.contains(tokens[k].lowerWord) && tokens[k].text.isAllASCII { continue }
                let word = tokens[k].text.prefix(1).uppercased() + tokens[k].text.dropFirst().lowercased()
                guard RecognitionState.compass.contains(word), let state = byCompass[word] else { continue }
                let next = k + 1 < sentence.tokens.upperBound ? tokens[k + 1] : nil
                if k > sentence.tokens.lowerBound, tokens[k - 1].lower == "the", !(next.map { $0.kind == .word && $0.isCapitalized } ?? false) {
                    addMention(sentence: index, tokens: k..<(k + 1), entity: state, kind: .name)
                } else if tokens[k].isCapitalized, let next, next.lower == "and", k + 3 < sentence.tokens.upperBound,
                          let other = mentionStarting(k + 2), entities[other.entity].type == .country {
                    addMention(sentence: index, tokens: k..<(k + 1), entity: state, kind: .name)
                }
            }
        }
    }

    func mentionStarting(_ t: Int) -> EntityMention? { mentions.first { $0.tokens.lowerBound == t } }

    // MARK: - Places described in lower case

    static let placeHeads: WordSet = ["islands", "islets", "isles", "territories", "archipelago", "atolls", "reefs"]
    static let placeModifiers: WordSet = ["disputed", "contested", "occupied", "four", "two", "three", "five", "smaller", "larger",
                                              "southern", "northern", "eastern", "western", "remote", "nearby", "outlying", "uninhabited", "tiny"]

    func isPlaceLike(_ entity: Int) -> Bool {
        let e = entities[entity]
        guard e.type == .place else { return false }
        if let g = e.gazetteerEntry, EntityWords.islandsIslandTerritoryEtc.contains(lexicon.gazetteer.entries[g].kind) { return true }
        let l = e.label.lowercased()
        return RecognitionState.placeHeads.contains(where: { l.contains($0) }) || l.contains("kuril") || l.hasSuffix("islands")
    }

    /// "a chain of islands between Japan and Russia", "the islands off Hokkaido", "the four
    /// islands", "the disputed islands": a described place, or a reference to the island
    /// group named or described before.
    mutating func findPlaceDescriptions() {
        // Asked for every token: the tables are fetched once (each access to a static checks
        // its initialization and retains it).
        let placeHeads = RecognitionState.placeHeads, placeNouns = RecognitionState.placeNouns
        for (index, sentence) in doc.sentences.enumerated() where sentence.role == .body {
            // The cheap tests first (a set lookup on the token's hash); then the case test.
            for h in sentence.tokens where !covered.contains(h)
                && (placeHeads.contains(tokens[h].lowerWord) || (placeNouns.contains(tokens[h].lowerWord) && h > sentence.tokens.lowerBound && tokens[h - 1].lower == "the" && (h + 1 == sentence.tokens.upperBound || !EntityWords.ofNationState.contains(tokens[h + 1].lowerWord))))
                && tokens[h].text == tokens[h].lower {
                var start = h
                var modifiers: [String] = []
                // "chain of islands", "group of islets"
                if h >= 2 && tokens[h - 1].lower == "of" && EntityWords.chainGroupStringEtc.contains(tokens[h - 2].lowerWord) { start = h - 2 }
                var k = start
                while k > sentence.tokens.lowerBound && start - k < 3 {
                    let w = tokens[k - 1].lower
                    if RecognitionState.placeModifiers.contains(w) || tokens[k - 1].kind == .number { modifiers.append(w); k -= 1; continue }
                    break
                }
                let determiner = k > sentence.tokens.lowerBound ? tokens[k - 1].lower : ""
                let hasDeterminer = EntityWords.aAnTheEtc.contains(determiner)
                // Complement: "between Japan and Russia", "off Hokkaido".
                var e = h + 1
                var complement = false
                if e < sentence.tokens.upperBound, EntityWords.betweenOffNear.contains(tokens[e].lowerWord) {
                    var m = e + 1
                    while m < sentence.tokens.upperBound && (tokens[m].lower == "the" || tokens[m].lower == "and" || covered.contains(m)) && m - e < 8 {
                        m += 1
                    }
                    if m > e + 1 && covered.contains(m - 1) { e = m; complement = true }
                }
                let participle = e + 1 < sentence.tokens.upperBound && tokens[e].kind == .word && tokens[e + 1].lower == "by"
                guard hasDeterminer || participle || complement else { continue }
                let range = k..<e
                let previous = entities.indices.last(where: { candidate in isPlaceLike(candidate) && mentions.contains(where: { $0.entity == candidate }) })
                if let previous, !(determiner == "a" || determiner == "an") || !complement {
                    // "the islands", "the four islands": the group named or described before.
                    for t in range { covered.insert(t) }
                    mentions.append(EntityMention(sentence: index, tokens: range, entity: previous, kind: .description))
                    if complement || !modifiers.isEmpty { addAlias(previous, tokens: k..<e) }
                    continue
                }
                guard complement || !modifiers.isEmpty || participle else { continue }
                let labelStart = hasDeterminer ? k : k
                let label = text(labelStart..<e)
                let id = entity(named: label, type: .place, confidence: 0.6)
                for t in range { covered.insert(t) }
                mentions.append(EntityMention(sentence: index, tokens: range, entity: id, kind: .description))
                addAlias(id, label)
            }
        }
    }

    // MARK: - Result

    func finish() -> ArticleEntities {
        var result = ArticleEntities(analyzed: doc, entities: entities, mentions: mentions.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound },
                                     demonyms: demonyms.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }, roles: roles)
        // Entities never mentioned (a gazetteer lookup that found no span) are dropped later.
        result.entities = entities
        result.keys = entities.map { EntityKey(type: $0.type, slug: Slug.make($0.label)) }
        var byGazetteerID: [String: Int] = [:]
        for index in entities.indices {
            if let g = entities[index].gazetteerEntry { byGazetteerID[lexicon.gazetteer.entries[g].id] = index }
        }
        // A known person whose state the article names is affiliated with it ("Kishida said
        // Japan would ..."): the gazetteer gives the person's state as parent.
        for index in entities.indices where entities[index].type == .person && entities[index].affiliation == nil {
            guard let g = entities[index].gazetteerEntry, let parentID = lexicon.gazetteer.entries[g].parent, let state = byGazetteerID[parentID],
                  result.mentions.contains(where: { $0.entity == state }) else { continue }
            result.entities[index].affiliation = state
        }
        var seen = Set<String>()
        for mention in result.mentions {
            guard entities[mention.entity].type == .place, let g = entities[mention.entity].gazetteerEntry, let parentID = lexicon.gazetteer.entries[g].parent,
                  let parent = byGazetteerID[parentID], parent != mention.entity else { continue }
            guard result.mentions.contains(where: { $0.sentence == mention.sentence && $0.entity == parent }) else { continue }
            if seen.insert("\(mention.entity)|\(parent)").inserted {
                result.containments.append(Containment(child: mention.entity, parent: parent, sentence: mention.sentence))
            }
        }
        return result
    }
}

/// Levenshtein distance, for spelling variants of names.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased().unicodeScalars)
    let y = Array(b.lowercased().unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// Word lists the rules of this file test tokens against: a literal array in a rule was
/// allocated, compared item by item and freed on every call.
enum EntityWords {
    static let quoteOpenParenApostropheEtc: WordSet = ["\"", "(", "'", ":", "—"]
    static let capitalCityTown: WordSet = ["capital", "city", "town"]
    static let builtMadeRunEtc: WordSet = ["built", "made", "run", "born", "held"]
    static let ofOnFor: WordSet = ["of", "on", "for"]
    static let toFrom: WordSet = ["to", "from"]
    static let provinceCityTownEtc: WordSet = ["province", "city", "town", "village", "district", "region", "capital"]
    static let ofForInEtc: WordSet = ["of", "for", "in", "the", "on", "and"]
    static let theThisThat: WordSet = ["the", "this", "that"]
    static let islandsIslandTerritoryEtc: WordSet = ["islands", "island", "territory", "region", "archipelago"]
    static let ofNationState: WordSet = ["of", "nation", "state"]
    static let chainGroupStringEtc: WordSet = ["chain", "group", "string", "cluster", "set"]
    static let aAnTheEtc: WordSet = ["a", "an", "the", "these", "those", "its", "their"]
    static let betweenOffNear: WordSet = ["between", "off", "near"]
}
