import NewsGraphModel

/// A word, number or punctuation mark of the normalized text.
public struct Token: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case word, number, punct }

    /// Byte offsets in `Document.text`.
    public var start: Int
    public var end: Int
    public var kind: Kind
    public var flags: Flags
    public var text: String
    /// `WordHash.of(text)`: case-sensitive lookups (`WordSet`, `WordMap`) use it through
    /// `textWord` instead of hashing the text again.
    public var textHash: UInt64
    /// The lower-case form with its hash, for the lexicon tables (`WordSet`, `WordMap`).
    public var lowerWord: HashedWord
    public var lower: String { lowerWord.text }
    public var textWord: HashedWord { HashedWord(text: text, hash: textHash) }

    public init(start: Int, end: Int, kind: Kind, flags: Flags, text: String, lower: String) {
        self.init(start: start, end: end, kind: kind, flags: flags, text: text, lowerWord: HashedWord(lower))
    }

    public init(start: Int, end: Int, kind: Kind, flags: Flags, text: String, lowerWord: HashedWord) {
        self.init(start: start, end: end, kind: kind, flags: flags, text: text, textHash: WordHash.of(text), lowerWord: lowerWord)
    }

    /// `textHash` must be `WordHash.of(text)` (the tokenizer has it from the bytes).
    public init(start: Int, end: Int, kind: Kind, flags: Flags, text: String, textHash: UInt64, lowerWord: HashedWord) {
        self.start = start
        self.end = end
        self.kind = kind
        self.flags = flags
        self.text = text
        self.textHash = textHash
        self.lowerWord = lowerWord
    }

    public struct Flags: OptionSet, Sendable, Equatable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// White space comes before the token.
        public static let spaceBefore = Flags(rawValue: 1)
        /// The first letter is upper case.
        public static let capitalized = Flags(rawValue: 2)
        /// Two or more letters, all upper case.
        public static let allCaps = Flags(rawValue: 4)
        /// Ends in an abbreviation period (`U.S.`, `Gov.`).
        public static let abbreviation = Flags(rawValue: 8)
        public static let hasDigit = Flags(rawValue: 16)
    }

    public var isCapitalized: Bool { flags.contains(.capitalized) }
    public var isAllCaps: Bool { flags.contains(.allCaps) }
    public var spaceBefore: Bool { flags.contains(.spaceBefore) }
    public var isWord: Bool { kind == .word }
}

/// A sentence: a range of tokens within one block.
public struct Sentence: Sendable, Equatable {
    public enum Role: String, Sendable { case headline, dateline, body }

    /// Indices into `AnalyzedDocument.tokens`.
    public var tokens: Range<Int>
    /// Byte range in `Document.text`.
    public var bytes: Range<Int>
    public var role: Role
    /// Index of the block it comes from.
    public var block: Int

    public init(tokens: Range<Int>, bytes: Range<Int>, role: Role, block: Int) {
        self.tokens = tokens
        self.bytes = bytes
        self.role = role
        self.block = block
    }
}

/// A set of token positions of one document, as bits: the rules test "is this token already
/// part of a name?" for every token, and a `Set<Int>` hashed each test.
public struct TokenSet: Sendable {
    private var words: [UInt64]

    /// An empty set for positions `0..<count`.
    public init(count: Int) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    @inline(__always)
    public func contains(_ position: Int) -> Bool {
        let word = position >> 6
        return position >= 0 && word < words.count && words[word] & (1 << UInt64(position & 63)) != 0
    }

    @inline(__always)
    public mutating func insert(_ position: Int) {
        let word = position >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(position & 63)
    }

    public mutating func formUnion<S: Sequence>(_ positions: S) where S.Element == Int {
        for position in positions { insert(position) }
    }
}
