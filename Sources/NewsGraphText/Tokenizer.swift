import NewsGraphModel

/// A hand-written scanner over UTF-8 with an ASCII fast path; non-ASCII scalars are decoded
/// and classified with `Unicode.Scalar.Properties`, so "word—word" splits at the dash.
public enum Tokenizer {
    static let abbreviations: WordSet = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "gov", "sen", "rep", "st", "jr", "sr",
        "inc", "corp", "co", "ltd", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "dem", "pres", "dept", "govt", "mt", "ft", "rev", "hon", "approx", "al", "fig", "vol", "no", "nos", "univ",
        "bros", "ave", "blvd", "cmdr", "brig", "supt", "insp", "messrs", "mme", "mlle", "sec", "atty", "amb", "min",
    ]

    /// Tokens of `text[range]`, appended to `tokens`.
    public static func tokenize(_ text: [UInt8], range: Range<Int>, into tokens: inout [Token]) {
        text.withUnsafeBufferPointer { buffer in
            var i = range.lowerBound
            let end = range.upperBound
            var space = true
            while i < end {
                let b = buffer[i]
                if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D {
                    space = true
                    i += 1
                    continue
                }
                let start = i
                var kind = Token.Kind.punct
                var flags: Token.Flags = space ? [.spaceBefore] : []
                space = false
                if isLetterStart(buffer, i, end) {
                    kind = .word
                    i = scanWord(buffer, i, end)
                    // Abbreviations: "U.S.", "e.g.", "Gov.", initials "J."
                    if i < end && buffer[i] == 0x2E {
                        let word = lowerASCII(buffer, start, i)
                        if i - start == 1 && isAlpha(buffer[start]) {
                            var j = i + 1
                            while j + 1 < end && isAlpha(buffer[j]) && buffer[j + 1] == 0x2E { j += 2 }
                            i = j
                            flags.insert(.abbreviation)
                        } else if abbreviations.contains(word) {
                            i += 1
                            flags.insert(.abbreviation)
                        }
                    }
                } else if b >= 0x30 && b <= 0x39 {
                    kind = .number
                    i = scanNumber(buffer, i, end)
                } else if b == 0x2E && i + 2 < end && buffer[i + 1] == 0x2E && buffer[i + 2] == 0x2E {
                    i += 3
                } else if b == 0x27 && i + 1 < end && (buffer[i + 1] == 0x73 || buffer[i + 1] == 0x53)
                            && (i + 2 == end || !(isAlpha(buffer[i + 2]) || buffer[i + 2] >= 0x80)) {
                    i += 2 // possessive 's
                } else if b < 0x80 {
                    i += 1
                } else {
                    i += scalarLength(b)
                    if i > end { i = end }
                }
                let tokenBytes = UnsafeBufferPointer(rebasing: buffer[start..<i])
                var hasLetter = false
                var allUpper = true
                var letters = 0
                var ascii = true
                // ASCII tokens (nearly all) are classified on their bytes; others scalar by scalar.
                for byte in tokenBytes {
                    if byte >= 0x80 { ascii = false; break }
                    if byte >= 0x41 && byte <= 0x5A { hasLetter = true; letters += 1 } else if byte >= 0x61 && byte <= 0x7A { hasLetter = true; allUpper = false; letters += 1 } else if byte >= 0x30 && byte <= 0x39 { flags.insert(.hasDigit) }
                }
                // An ASCII token's string is made from its bytes without the UTF-8 check
                // `String(decoding:)` runs (short ASCII strings are not checked this way).
                let tokenText = ascii
                    ? String(unsafeUninitializedCapacity: tokenBytes.count) { _ = $0.initialize(fromContentsOf: tokenBytes); return tokenBytes.count }
                    : String(decoding: tokenBytes, as: UTF8.self)
                if !ascii {
                    hasLetter = false
                    allUpper = true
                    letters = 0
                    for scalar in tokenText.unicodeScalars {
                        if scalar.isASCII {
                            let v = scalar.value
                            if v >= 0x41 && v <= 0x5A { hasLetter = true; letters += 1 } else if v >= 0x61 && v <= 0x7A { hasLetter = true; allUpper = false; letters += 1 } else if v >= 0x30 && v <= 0x39 { flags.insert(.hasDigit) }
                        } else if scalar.properties.isAlphabetic {
                            hasLetter = true
                            letters += 1
                            if !scalar.properties.isUppercase { allUpper = false }
                        }
                    }
                }
                if kind == .word {
                    let first = tokenBytes[0]
                    if first < 0x80 ? (first >= 0x41 && first <= 0x5A) : tokenText.unicodeScalars.first!.properties.isUppercase {
                        flags.insert(.capitalized)
                    }
                }
                if hasLetter && allUpper && letters >= 2 { flags.insert(.allCaps) }
                // ASCII tokens (nearly all) are hashed on the bytes at hand, lowered on the fly
                // for the lower case.
                let lowerWord: HashedWord
                let textHash: UInt64
                if !ascii {
                    lowerWord = HashedWord(tokenText.lowercasedFast())
                    textHash = WordHash.of(tokenText)
                } else if let lowered = String.lowercasedASCII(tokenBytes)! {
                    lowerWord = HashedWord(asciiLowercasing: tokenBytes, text: lowered)
                    textHash = WordHash.of(ascii: tokenBytes)!
                } else {
                    lowerWord = HashedWord(ascii: tokenBytes, text: tokenText)
                    textHash = lowerWord.hash
                }
                tokens.append(Token(start: start, end: i, kind: kind, flags: flags, text: tokenText, textHash: textHash, lowerWord: lowerWord))
            }
        }
    }

    /// The tokens of `text`, for lexicon phrases and names.
    public static func tokens(_ text: String) -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        tokenize(bytes, range: 0..<bytes.count, into: &tokens)
        return tokens
    }

    /// The texts of the tokens of `text`.
    public static func tokenTexts(_ text: String) -> [String] { tokens(text).map(\.text) }

    /// `tokenTexts(text())`, where `text()` is the document text that consecutive document
    /// `tokens` cover (the first one's start to the last one's end): their own texts, without
    /// tokenizing again. A token's end depends on what follows it in two cases only, both at
    /// a possessive: a word ending in "'s" keeps it when a non-ASCII character follows
    /// ("Fenwick's—"), and "'" stays apart from an "s" followed by one ("'s—"); cut after the
    /// "s", either text splits as "…" and "'s". Those take `tokenTexts(text())`.
    public static func tokenTexts(of tokens: ArraySlice<Token>, covering text: () -> String) -> [String] {
        if let last = tokens.last, endsPossessiveS(last.text) { return tokenTexts(text()) }
        return tokens.map(\.text)
    }

    /// Whether `text` ends in "s" or "S" (alone, or after "'"): the last token of a range that
    /// may split differently on its own.
    static func endsPossessiveS(_ text: String) -> Bool {
        guard let last = text.utf8.last else { return false }
        return last == 0x73 || last == 0x53
    }

    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) static func scalarLength(_ b: UInt8) -> Int {
        if b < 0x80 { return 1 }
        if b >= 0xF0 { return 4 }
        if b >= 0xE0 { return 3 }
        return 2
    }

    static func decode(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Unicode.Scalar? {
        let n = scalarLength(buffer[i])
        guard i + n <= end else { return nil }
        var value: UInt32
        switch n {
        case 2: value = UInt32(buffer[i] & 0x1F)
        case 3: value = UInt32(buffer[i] & 0x0F)
        default: value = UInt32(buffer[i] & 0x07)
        }
        for k in 1..<n { value = value << 6 | UInt32(buffer[i + k] & 0x3F) }
        return Unicode.Scalar(value)
    }

    @inline(__always) static func isLetterStart(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        let b = buffer[i]
        if b < 0x80 { return isAlpha(b) }
        guard let s = decode(buffer, i, end) else { return false }
        return s.properties.isAlphabetic
    }

    /// Letters, digits, combining marks and inner apostrophes ("O'Brien", "d'Ivoire"); a
    /// possessive "'s" is left for its own token.
    static func scanWord(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let b = buffer[i]
            if b < 0x80 {
                if isAlpha(b) || isDigit(b) { i += 1; continue }
                if b == 0x27 && i + 1 < end && isAlpha(buffer[i + 1]) {
                    // "'s" followed by a non-letter is a possessive, not part of the word.
                    let s = buffer[i + 1] == 0x73 || buffer[i + 1] == 0x53
                    let after = i + 2 < end ? buffer[i + 2] : 0x20
                    if s && !(isAlpha(after) || after >= 0x80) { return i }
                    i += 1
                    continue
                }
                return i
            }
            guard continuesWord(buffer, i, end) else { return i }
            i += scalarLength(b)
        }
        return i
    }

    /// Whether the non-ASCII scalar at `i` continues a word. Apart so that `scanWord` does
    /// not set up, on every call, the run-time type metadata `numericType` needs (about a
    /// hundred instructions a word, for the rare non-ASCII letter).
    @inline(never)
    static func continuesWord(_ buffer: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        guard let s = decode(buffer, i, end) else { return false }
        let p = s.properties
        return p.isAlphabetic || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark || p.numericType != nil
    }

    /// Digits with inner separators ("10,000", "3.5") and letter suffixes ("27th", "1990s").
    static func scanNumber(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var i = start
        while i < end {
            let b = buffer[i]
            if isDigit(b) { i += 1; continue }
            if (b == 0x2C || b == 0x2E) && i + 1 < end && isDigit(buffer[i + 1]) { i += 1; continue }
            break
        }
        while i < end && isAlpha(buffer[i]) && i - start < 12 { i += 1 }
        return i
    }

    static func lowerASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self).lowercasedFast()
    }
}
