import NewsGraphEntities
import NewsGraphModel
import NewsGraphText

/// Criticism voiced in a quotation: `"... extremely unjustified and absolutely unacceptable,"
/// Kishida said.` The speaker criticizes (or accuses) the first actor the quotation names
/// other than the speaker, when the quotation carries words of disapproval. Quotations that
/// run over several sentences are attributed where they close.
extension ArticleActions {
    static let speechWords: WordSet = ["said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "declared", "wrote",
                                           "tweeted", "warned", "insisted", "noted", "argued", "explained", "continued", "read"]

    mutating func quotedCriticism() {
        let sentences = entities.analyzed.sentences
        var pending: [Int] = []
        for index in sentences.indices where sentences[index].role == .body {
            let range = sentences[index].tokens
            // Only punctuation can be a quote mark: words cost no string comparison.
            let quotes = range.filter { tokens[$0].kind == .punct && tokens[$0].text == "\"" }
            let opensUnclosed = quotes.count % 2 == 1 && (pending.isEmpty ? tokens[range.lowerBound].text == "\"" || quotes.count == 1 && quotes[0] < range.lowerBound + 2 : false)
            if quotes.isEmpty && pending.isEmpty { continue }
            if pending.isEmpty && opensUnclosed {
                pending = [index]
                continue
            }
            if !pending.isEmpty && quotes.isEmpty {
                pending.append(index)
                if pending.count > 6 { pending = [] }
                continue
            }
            // This sentence closes (or holds) a quotation: find the attribution outside quotes.
            guard let speaker = attribution(in: index) else {
                // An unattributed quotation closes here (or never opened): start afresh.
                pending = []
                continue
            }
            let spans = pending + [index]
            pending = []
            criticize(speaker: speaker, sentences: spans, attributed: index)
        }
    }

    /// The speaker of a sentence with a quotation: `"...," X said`, `", said X`, `X said: "`.
    func attribution(in index: Int) -> Int? {
        let range = entities.analyzed.sentences[index].tokens
        var inQuote = false
        var outside: [Int] = []
        for k in range {
            if tokens[k].kind == .punct && tokens[k].text == "\"" { inQuote.toggle(); continue }
            if !inQuote { outside.append(k) }
        }
        for k in outside where ArticleActions.speechWords.contains(tokens[k].lowerWord) {
            // "X said" or "said X"
            if k > range.lowerBound, let m = mention(k - 1), isActor(m.entity) { return m.entity }
            if k + 1 < range.upperBound, let m = mention(k + 1), isActor(m.entity) { return m.entity }
            if k > range.lowerBound, ActionWords.personalPronouns.contains(tokens[k - 1].lowerWord) {
                return referent(at: k - 1, sentence: index)?.first
            }
            // "X told VOA", "Prime Minister Fumio Kishida said in parliament": the nearest actor to the left.
            var j = k - 1
            while j >= range.lowerBound && k - j <= 4 {
                if let m = mention(j), isActor(m.entity) { return m.entity }
                j -= 1
            }
        }
        return nil
    }

    mutating func criticize(speaker: Int, sentences: [Int], attributed: Int) {
        let speakerSide = entities.entities[speaker].affiliation
        // Disapproval and its target must share one quotation ("Foolhardy provocation deserves
        // harsh punishment", it added; and, later, "Kim Jong-un issued an order ...").
        var disapproving: (sentence: Int, segment: Int)? = nil
        var accusing = false
        var targets: [Int: Int] = [:]
        var segment = 0
        for (position, s) in sentences.enumerated() {
            let range = entities.analyzed.sentences[s].tokens
            let hasQuotes = range.contains { tokens[$0].text == "\"" }
            // A sentence inside a quotation that runs over several sentences starts inside it.
            var inQuote = position > 0 && (!hasQuotes || s == attributed)
            for k in range {
                if tokens[k].text == "\"" {
                    inQuote.toggle()
                    if inQuote { segment += 1 }
                    continue
                }
                guard inQuote else { continue }
                if disapproving == nil, lexicon.cuePhrase(.disapproval, tokens, at: k, end: range.upperBound) != nil { disapproving = (s, segment) }
                if lexicon.cuePhrase(.accusationCue, tokens, at: k, end: range.upperBound) != nil { accusing = true }
                if targets[segment] == nil {
                    var candidate: Int? = nil
                    if let m = mention(k), isActor(m.entity) { candidate = m.entity }
                    if demonymAt[k] >= 0 { candidate = Int(demonymAt[k]) }
                    if let c = candidate, c != speaker, c != speakerSide, entities.entities[c].affiliation != speaker {
                        targets[segment] = c
                    }
                }
            }
        }
        guard let (evidence, disapprovingSegment) = disapproving, let target = targets[disapprovingSegment] else { return }
        let label = accusing ? "accuse" : "criticize"
        guard let type = lexicon.types[label] else { return }
        let range = entities.analyzed.sentences[evidence].tokens
        let trigger = Trigger(type: type, cameo: type.cameo, pos: .verb, words: [label], objects: [], preps: [], intransitive: false,
                              needsActorTarget: true, ambiguous: false, speech: true, intent: false)
        let found = Found(trigger: trigger, index: range.lowerBound, form: nil, span: range.lowerBound..<(range.lowerBound + 1), object: nil, objectBefore: false)
        emit(trigger: trigger, found: found, agent: speaker, target: target, treaty: nil, place: nil,
             date: eventDate(in: entities.analyzed.sentences[attributed]), modality: .asserted, sentence: evidence, confidence: 0.55)
    }
}
