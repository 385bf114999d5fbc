/// Sets and maps keyed by words, for the lexicon lookups extraction makes for every token.
///
/// `Set<String>` and `Dictionary<String, _>` hash with seeded SipHash: a lookup of a short word
/// cost about 400 instructions, and those lookups were a fifth of extraction (callgrind). These
/// tables hash the UTF-8 bytes eight at a time and probe linearly, built once and read many times.
/// Keys compare by `==` (canonical equivalence, as `Set` does) and a word that is not ASCII
/// is hashed by Swift's own string hash, so "Å" written with U+212B ANGSTROM SIGN, or a
/// decomposed row of a user's gazetteer, still finds the entry.
///
/// The reads are `@inlinable` so callers in other modules get code specialized for `Value`.
public struct WordMap<Value> {
    @usableFromInline var storedKeys: [String] = []
    @usableFromInline var storedValues: [Value] = []
    @usableFromInline var hashes: [UInt64] = []
    /// Slot → key index + 1 (0 = empty); the count of slots is a power of two.
    @usableFromInline var slots: [Int32] = []

    public init() {}

    /// The words and their values, in the order the words were first added.
    public var keys: [String] { storedKeys }
    public var values: [Value] { storedValues }

    @inlinable public var count: Int { storedKeys.count }
    @inlinable public var isEmpty: Bool { storedKeys.isEmpty }

    @inlinable
    public subscript(word: String) -> Value? {
        get {
            guard let i = index(of: word) else { return nil }
            return storedValues[i]
        }
        set {
            if let i = index(of: word) {
                if let newValue { storedValues[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                append(word, newValue)
            }
        }
    }

    @inlinable
    public subscript(word: String, default defaultValue: @autoclosure () -> Value) -> Value {
        get { index(of: word).map { storedValues[$0] } ?? defaultValue() }
        _modify {
            let i: Int
            if let found = index(of: word) { i = found } else { append(word, defaultValue()); i = storedKeys.count - 1 }
            yield &storedValues[i]
        }
    }

    /// The position of `word` in `keys` and `values`.
    @inlinable
    public func index(of word: String) -> Int? {
        if storedKeys.isEmpty { return nil }
        return index(of: word, hash: WordHash.of(word))
    }

    /// The position of a word whose hash is known.
    @inlinable
    public func index(of word: HashedWord) -> Int? {
        if storedKeys.isEmpty { return nil }
        return index(of: word.text, hash: word.hash)
    }

    @inlinable
    public subscript(word: HashedWord) -> Value? {
        guard let i = index(of: word) else { return nil }
        return storedValues[i]
    }

    @inlinable
    func index(of word: String, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                while true {
                    let entry = Int(slots[slot])
                    if entry == 0 { return nil }
                    if hashes[entry - 1] == hash && storedKeys[entry - 1] == word { return entry - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    public mutating func reserveCapacity(_ capacity: Int) {
        storedKeys.reserveCapacity(capacity)
        storedValues.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        if capacity * 2 > slots.count { rebuild(forCount: capacity) }
    }

    @usableFromInline
    mutating func append(_ word: String, _ value: Value) {
        storedKeys.append(word)
        storedValues.append(value)
        hashes.append(WordHash.of(word))
        if storedKeys.count * 2 > slots.count {
            rebuild()
        } else {
            insertSlot(storedKeys.count - 1)
        }
    }

    @usableFromInline
    mutating func remove(at i: Int) {
        storedKeys.remove(at: i)
        storedValues.remove(at: i)
        hashes.remove(at: i)
        rebuild()
    }

    private mutating func rebuild(forCount count: Int = 0) {
        var size = 16
        while size < max(count, storedKeys.count) * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        for i in storedKeys.indices { insertSlot(i) }
    }

    private mutating func insertSlot(_ i: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[i]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(i + 1)
    }
}

extension WordMap: Sendable where Value: Sendable {}

/// A set of words (see `WordMap`).
public struct WordSet: Sendable, ExpressibleByArrayLiteral, Sequence {
    @usableFromInline var map = WordMap<Void>()

    public init() {}
    public init<S: Sequence>(_ words: S) where S.Element == String {
        for word in words { insert(word) }
    }
    public init(arrayLiteral words: String...) { self.init(words) }

    @inlinable public var count: Int { map.count }
    @inlinable public var isEmpty: Bool { map.isEmpty }
    public mutating func reserveCapacity(_ capacity: Int) { map.reserveCapacity(capacity) }

    @inlinable
    public func contains(_ word: String) -> Bool { map.index(of: word) != nil }

    @inlinable
    public func contains(_ word: HashedWord) -> Bool { map.index(of: word) != nil }

    @discardableResult
    public mutating func insert(_ word: String) -> Bool {
        if contains(word) { return false }
        map[word] = ()
        return true
    }

    /// The words in the order they were first inserted.
    public func makeIterator() -> IndexingIterator<[String]> { map.keys.makeIterator() }
}

/// A word and its `WordHash`, computed once: the tokenizer hashes each token's lower-case
/// form, which the rules then look up in many tables.
public struct HashedWord: Sendable, Equatable {
    public let text: String
    public let hash: UInt64

    @inlinable
    public init(_ text: String) {
        self.text = text
        hash = WordHash.of(text)
    }

    /// A word whose text is `bytes`, all ASCII, hashed on them: the hash `WordHash.of(text)`
    /// gives, without reading the string again.
    @inlinable
    public init(ascii bytes: UnsafeBufferPointer<UInt8>, text: String) {
        self.text = text
        guard let hash = WordHash.asciiHash(bytes) else { preconditionFailure("HashedWord(ascii:) on bytes that are not ASCII") }
        self.hash = hash
    }

    /// A word whose hash is known: `hash` must be `WordHash.of(text)`.
    @inlinable
    public init(text: String, hash: UInt64) {
        self.text = text
        self.hash = hash
    }

    /// The lower case of ASCII `bytes` as `text` (which the caller made), hashed on `bytes`
    /// lowered on the fly: the hash `WordHash.of(text)` gives, without reading `text`.
    @inlinable
    public init(asciiLowercasing bytes: UnsafeBufferPointer<UInt8>, text: String) {
        self.text = text
        guard let hash = WordHash.asciiHash(bytes, lowercasing: true) else { preconditionFailure("HashedWord(asciiLowercasing:) on bytes that are not ASCII") }
        self.hash = hash
    }

    @inlinable
    public static func == (a: HashedWord, b: HashedWord) -> Bool { a.text == b.text }

    /// `self == word`, deciding on the hashes when they differ (a string comparison that
    /// fails still calls into the runtime; rules compare most tokens with a literal).
    @inlinable @inline(__always)
    public func `is`(_ word: HashedWord) -> Bool { hash == word.hash && text == word.text }
}

public enum WordHash {
    /// ASCII words (nearly all) are hashed over their bytes, eight at a time. Other words use
    /// Swift's own string hash, which is consistent with canonical equivalence; a word that is
    /// ASCII but for the three scalars that are canonically equal to an ASCII character
    /// (KELVIN SIGN, GREEK QUESTION MARK, GREEK VARIA) is hashed as that ASCII text, so
    /// "\u{212A}im" meets "Kim" as it does in a `Set<String>`.
    @inlinable
    public static func of(_ word: String) -> UInt64 {
        if let hash = word.utf8.withContiguousStorageIfAvailable({ asciiHash($0) }), let hash { return hash }
        var ascii: [UInt8] = []
        for scalar in word.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(UInt8(scalar.value))
            case 0x212A: ascii.append(0x4B) // K
            case 0x037E: ascii.append(0x3B) // ;
            case 0x1FEF: ascii.append(0x60) // `
            default: return UInt64(bitPattern: Int64(word.hashValue))
            }
        }
        return ascii.withUnsafeBufferPointer { asciiHash($0) }!
    }

    /// `of(text)` for a word given as its bytes, when they are all ASCII; else nil.
    @inlinable
    public static func of(ascii bytes: UnsafeBufferPointer<UInt8>) -> UInt64? { asciiHash(bytes) }

    /// A hash of ASCII bytes read eight at a time (most words take one or two rounds, where
    /// FNV-1a took a round per byte), finalized so the low bits (the slot) depend on all; nil
    /// when a byte is not ASCII. `lowercasing`: hash the bytes' lower case (A-Z lowered in
    /// each word read; a word with a non-ASCII byte ends in nil anyway).
    @inlinable @inline(__always)
    static func asciiHash(_ bytes: UnsafeBufferPointer<UInt8>, lowercasing: Bool = false) -> UInt64? {
        guard let base = bytes.baseAddress else { return 0xcbf2_9ce4_8422_2325 }
        let count = bytes.count
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: count)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= count {
            var word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            high |= word
            if lowercasing { word |= String.upperCaseBits(word) >> 2 }
            hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 32
            i += 8
        }
        if i < count {
            // The last one to seven bytes in at most three loads, not a loop.
            let raw = UnsafeRawPointer(base + i)
            var word: UInt64 = 0
            var shift: UInt64 = 0
            let rest = count - i
            if rest & 4 != 0 { word = UInt64(raw.loadUnaligned(as: UInt32.self)); shift = 32 }
            if rest & 2 != 0 {
                word |= UInt64(raw.loadUnaligned(fromByteOffset: rest & 4, as: UInt16.self)) &<< shift
                shift &+= 16
            }
            if rest & 1 != 0 { word |= UInt64(raw.load(fromByteOffset: rest & 6, as: UInt8.self)) &<< shift }
            high |= word
            if lowercasing { word |= String.upperCaseBits(word) >> 2 }
            hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
        }
        if high & 0x8080_8080_8080_8080 != 0 { return nil }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }
}
