import NewsGraphModel

/// A document with its tokens and sentences.
public struct AnalyzedDocument: Sendable {
    public var document: Document
    public var tokens: [Token]
    public var sentences: [Sentence]

    public func tokens(of sentence: Sentence) -> ArraySlice<Token> { tokens[sentence.tokens] }

    /// The original code-point range of a token range, trimmed of surrounding white space.
    public func originalRange(tokens range: Range<Int>) -> Range<Int> {
        let bytes = tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end
        return document.originalRange(bytes)
    }
}

/// Splits blocks into sentences and finds datelines ("TOKYO —", "BRASÍLIA, Brazil –").
public enum SentenceSplitter {
    /// Words that start sentences, used to decide whether "U.S." ends one.
    static let sentenceStarters: WordSet = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "in", "on", "at", "but", "and", "this", "that", "these",
        "those", "however", "meanwhile", "there", "his", "her", "its", "their", "after", "before", "when", "while", "since",
        "officials", "according", "earlier", "later", "last", "on", "as", "if", "both", "some", "many", "one", "two",
    ]

    public static func analyze(_ document: Document) -> AnalyzedDocument {
        var tokens: [Token] = []
        tokens.reserveCapacity(document.text.count / 5)
        var sentences: [Sentence] = []
        for (blockIndex, block) in document.blocks.enumerated() where block.role != .boilerplate {
            let first = tokens.count
            Tokenizer.tokenize(document.text, range: block.range, into: &tokens)
            let last = tokens.count
            guard last > first else { continue }
            switch block.role {
            case .headline:
                sentences.append(Sentence(tokens: first..<last, bytes: tokens[first].start..<tokens[last - 1].end, role: .headline, block: blockIndex))
            case .dateline:
                continue
            case .body:
                var start = first
                if let dashIndex = datelineEnd(tokens, first, last) {
                    sentences.append(Sentence(tokens: first..<dashIndex, bytes: tokens[first].start..<tokens[dashIndex - 1].end, role: .dateline, block: blockIndex))
                    start = dashIndex + 1
                }
                split(tokens, start, last, block: blockIndex, into: &sentences)
            case .boilerplate:
                continue
            }
        }
        return AnalyzedDocument(document: document, tokens: tokens, sentences: sentences)
    }

    /// The index of the dash that ends a dateline at the start of a paragraph, if any:
    /// upper-case place words, optionally ", Country" or a date, then a dash.
    static func datelineEnd(_ tokens: [Token], _ first: Int, _ last: Int) -> Int? {
        var i = first
        var sawCaps = false
        while i < last && i - first < 10 {
            if tokens[i].kind == .punct && (tokens[i].text == "—" || tokens[i].text == "-") {
                return sawCaps && i > first && tokens[i].spaceBefore ? i : nil
            }
            if tokens[i].isAllCaps || (tokens[i].kind == .word && tokens[i].text.count == 1 && tokens[i].isCapitalized) || (tokens[i].flags.contains(.abbreviation) && tokens[i].isCapitalized) {
                sawCaps = true
            } else if tokens[i].text == "," || tokens[i].text == "(" || tokens[i].text == ")" || (tokens[i].kind == .word && tokens[i].isCapitalized) || tokens[i].kind == .number {
                // ", Brazil", "(Reuters)", "Jan 5"
            } else {
                return nil
            }
            i += 1
        }
        return nil
    }

    // Only punctuation can match: the kind is checked first, so words cost no string comparison.
    // Tokens are read in place, by index: a copy of a token retains both its strings.
    static func isTerminal(_ tokens: [Token], _ i: Int) -> Bool { tokens[i].kind == .punct && terminals.contains(tokens[i].textWord) }

    static func isClosing(_ tokens: [Token], _ i: Int) -> Bool { tokens[i].kind == .punct && closings.contains(tokens[i].textWord) }

    static let terminals: WordSet = [".", "!", "?", "..."]
    static let closings: WordSet = ["\"", "'", ")", "]"]

    static func split(_ tokens: [Token], _ first: Int, _ last: Int, block: Int, into sentences: inout [Sentence]) {
        var start = first
        var i = first
        func emit(_ end: Int) {
            if end > start {
                sentences.append(Sentence(tokens: start..<end, bytes: tokens[start].start..<tokens[end - 1].end, role: .body, block: block))
            }
            start = end
        }
        while i < last {
            // Most tokens are plain words: decided from two fields, without copying the token.
            if tokens[i].kind != .punct && !tokens[i].flags.contains(.abbreviation) {
                i += 1
                continue
            }
            var boundary = false
            if isTerminal(tokens, i) {
                boundary = true
            } else if tokens[i].flags.contains(.abbreviation), tokens[i].text.count >= 4, tokens[i].text.filter({ $0 == "." }).count >= 2,
                      i + 1 < last, tokens[i + 1].spaceBefore, sentenceStarters.contains(tokens[i + 1].lowerWord), tokens[i + 1].isCapitalized {
                boundary = true // "... to the U.S. The next day"
            }
            if boundary {
                var end = i + 1
                while end < last && isClosing(tokens, end) && !tokens[end].spaceBefore { end += 1 }
                if end >= last { emit(last); i = last; break }
                let next = end
                var following = next
                if (tokens[next].text == "\"" || tokens[next].text == "'" || tokens[next].text == "(") && end + 1 < last { following = end + 1 }
                if tokens[next].spaceBefore && (tokens[following].isCapitalized || tokens[following].kind == .number || tokens[following].isAllCaps || tokens[next].text == "\"") {
                    emit(end)
                    i = end
                    continue
                }
            }
            i += 1
        }
        emit(last)
    }
}
