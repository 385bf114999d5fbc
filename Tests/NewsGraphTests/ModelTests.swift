import Foundation
import NewsGraphIngest
import NewsGraphModel
import Testing

@Suite struct ModelTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(input: String, expected: String) {
        #expect(SHA256.hex(Array(input.utf8)) == expected)
    }

    /// Every length from 0 to 299 (one, two and three blocks, and each padding boundary), in
    /// one piece and fed in pieces of every size up to 70, against digests computed by
    /// Python's hashlib (the hash of their concatenated hex).
    /// Both implementations (the Swift one and, where the CPU has them, the SHA instructions).
    @Test(arguments: [SHA256.Implementation.portable, .fastest])
    func sha256EveryLengthAndSplit(implementation: SHA256.Implementation) {
        var all = ""
        for n in 0..<300 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            var one = SHA256.Hasher(implementation: implementation)
            one.update(bytes)
            let whole = SHA256.hex(digest: one.finalize())
            all += whole
            for piece in [1, 3, 55, 63, 64, 65, 70, 129] {
                var hasher = SHA256.Hasher(implementation: implementation)
                var rest = bytes[...]
                while !rest.isEmpty {
                    hasher.update(rest.prefix(piece))
                    rest = rest.dropFirst(piece)
                }
                #expect(SHA256.hex(digest: hasher.finalize()) == whole, "length \(n) in pieces of \(piece)")
            }
        }
        #expect(SHA256.hex(utf8: all) == "e58750e2a145fc5559c66f9b6cfb156f52894470a74c4daec866d7b6ceea29ea")
    }

    /// Exports mint article and sentence IRIs from a hash prefix held inline: the same names
    /// as from the hash itself.
    @Test func hashPrefixesMintTheSameNamesAsHashes() throws {
        let minter = try IRIMinter()
        for text in ["a", "Москва", "🇯🇵 and more"] {
            let hash = SHA256.hex(Array(text.utf8))
            let prefix = try #require(HashPrefix(hash))
            #expect(prefix.string == String(hash.prefix(16)))
            #expect(minter.article(prefix) == minter.article(hash))
            #expect(IRIMinter.articleNodeID(prefix) == IRIMinter.articleNodeID(hash))
            #expect(minter.evidence(article: prefix, start: 12, end: 345) == minter.evidence(article: hash, start: 12, end: 345))
            #expect(IRIMinter.evidenceNodeID(article: prefix, start: 0, end: 7) == IRIMinter.evidenceNodeID(article: hash, start: 0, end: 7))
        }
        #expect(HashPrefix("0123456789abcde") == nil)
        #expect(HashPrefix("0123456789abcdef")?.string == "0123456789abcdef")
        // IRIMinter cuts a hash at a character boundary; a prefix is never made of a cut one.
        #expect(HashPrefix("0123456789abcdeé1234") == nil)
    }

    /// The content hash of an article with a date hashes the date line, then the text, as one
    /// message (digests from Python's hashlib).
    @Test func contentHashWithAndWithoutDate() {
        let dated = RawArticle(sourceName: "a", text: "Russia halts talks", published: "2022-03-21", origin: "test")
        #expect(DocumentBuilder.contentHash(dated) == "40f7c38bf9b28da4db539f15b0f74de8be228fc80f379ae35c4facbd13ba8b1a")
        let undated = RawArticle(sourceName: "a", text: "Russia halts talks with Japan — Tokyo “regrets”", origin: "test")
        #expect(DocumentBuilder.contentHash(undated) == "44c903e8b63f4470b9ecca0a77ddddb77a1520ebeddbabe2bfe93c370dbde274")
    }

    /// `|`-separated lexicon values are trimmed of exactly what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` trims (tab and the space separators), checked on
    /// seeded random values.
    @Test func lexiconListsTrimLikeFoundation() throws {
        var generator = SeededGenerator(seed: 7)
        let pieces = [" ", "\u{A0}", "\u{2003}", "\u{3000}", "\u{200B}", "\u{85}", "a", "é", "e\u{301}", "Tokyo", "|", "\u{FEFF}"]
        var values = (0..<400).map { _ in (0..<Int.random(in: 1..<9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        // And every scalar of the first plane around a word and a bar (but the TSV's own
        // separators and line ends).
        for value in UInt32(1)..<0x10000 {
            guard let c = Unicode.Scalar(value), !["\t", "\n", "\r", "|"].contains(c) else { continue }
            values.append("\(c)a\(c)|\(c)")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("newsgraph-list-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ("word\tforms\n" + values.map { "w\t\($0)\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
        let table = try TSVTable(path: path, required: ["forms"])
        #expect(table.rows.count == values.count)
        for (row, value) in zip(table.rows, values) {
            let expected = value.isEmpty ? [] : value.split(separator: "|").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(row.list("forms") == expected, "\(Array(value.unicodeScalars))")
        }
    }

    @Test(arguments: [SHA256.Implementation.portable, .fastest])
    func sha256LongInput(implementation: SHA256.Implementation) {
        var hasher = SHA256.Hasher(implementation: implementation)
        hasher.update([UInt8](repeating: 0x61, count: 1_000_000))
        #expect(SHA256.hex(digest: hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        ("Fumio Kishida", "fumio-kishida"),
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("People's Republic of China", "peoples-republic-of-china"),
        ("São Tomé / Príncipe", "sao-tome-principe"),
        ("Đuro Łęcki", "duro-lecki"),
        ("  spaces  and\ttabs ", "spaces-and-tabs"),
    ])
    func slugs(name: String, slug: String) {
        #expect(Slug.make(name) == slug)
    }

    @Test func slugsOfNonLatinNamesAreStableHashes() {
        let a = Slug.make("習近平")
        #expect(a.hasPrefix("u") && a.count == 13)
        #expect(a == Slug.make("習近平"))
        #expect(a != Slug.make("普京"))
    }

    @Test func longSlugsAreCutWithAHash() {
        let name = String(repeating: "Very Long Name ", count: 20)
        let slug = Slug.make(name)
        #expect(slug.count == Slug.maxLength)
        #expect(slug != Slug.make(name + "x"))
    }

    @Test func nodeKindsOrderAsTheyAreListed() {
        for (index, kind) in NodeKind.allCases.enumerated() { #expect(kind.order == index) }
    }

    @Test func entityTypeSlugsAreTheirNamesLowercased() {
        for type in EntityType.allCases {
            #expect(type.slug == type.rawValue.lowercased())
            #expect(EntityType(caseInsensitive: type.rawValue.uppercased()) == type)
            #expect(EntityKey(type.slug + "/x") == EntityKey(type: type, slug: "x"))
        }
        #expect(EntityType(caseInsensitive: "People") == nil)
        // Names matched on bytes are matched as lowercasing them matches: every casing of every
        // slug, near misses, characters beyond ASCII.
        func reference(_ name: String) -> EntityType? { EntityType.allCases.first { $0.slug == name.lowercased() } }
        var generator = SeededGenerator(seed: 5)
        var names = ["", "p", "persons", "perso", "Person ", " person", "per son", "PERSON\u{301}", "ṗerson", "\u{212A}", "ORGANIZATIO",
                     "organisation", "place\u{0}", "Tr3aty", "@ountry", "[lace", "treaty\n"]
        for type in EntityType.allCases {
            for _ in 0..<40 {
                names.append(String(type.slug.map { generator.next() % 2 == 0 ? Character($0.uppercased()) : $0 }))
            }
        }
        for name in names { #expect(EntityType(caseInsensitive: name) == reference(name), "\(name.debugDescription)") }
        // Keys cut on bytes are cut as the Character walk cuts them.
        func referenceKey(_ text: String) -> EntityKey? {
            guard let slash = text.firstIndex(of: "/"), let type = reference(String(text[..<slash])) else { return nil }
            return EntityKey(type: type, slug: String(text[text.index(after: slash)...]))
        }
        for key in ["country/japan", "Country/Japan", "country/", "/japan", "country", "", "country//x", "country/x/y", "COUNTRY/é",
                    "country/\u{301}x", "country\u{301}/x", "pays/x", "person/a b", "place/tōkyō", "Person/ÅSA", "treaty/\u{600}/x",
                    "organization/e\u{301}", "country/\r\n"] {
            #expect(EntityKey(key) == referenceKey(key), "\(key.debugDescription)")
        }
        #expect(EntityKey("Country/Japan") == EntityKey(type: .country, slug: "Japan"))
        #expect(EntityKey("country/é/x") == EntityKey(type: .country, slug: "é/x"))
        // A slash with a combining mark is not a slash Character.
        #expect(EntityKey("country/\u{301}x") == nil)
        #expect(EntityKey("japan") == nil)
    }

    @Test func sentenceAndArticleNamesAreSpelledOut() throws {
        let minter = try IRIMinter(base: "https://example.org/kg/")
        let hash = "0123456789abcdef" + String(repeating: "f", count: 48)
        #expect(minter.article(hash) == "https://example.org/kg/article/0123456789abcdef")
        #expect(minter.evidence(article: hash, start: 0, end: 1207) == "https://example.org/kg/article/0123456789abcdef/sentence/0-1207")
        #expect(IRIMinter.articleNodeID(hash) == "article.0123456789abcdef")
        #expect(IRIMinter.evidenceNodeID(article: hash, start: 9, end: 10) == "evidence.0123456789abcdef.9-10")
        // Numbers are written in full whatever their size or sign; a short hash is used whole.
        #expect(IRIMinter.evidenceNodeID(article: "ab", start: -5, end: Int.max) == "evidence.ab.-5-\(Int.max)")
        #expect(minter.evidence(article: "", start: Int.min, end: 0).hasSuffix("article//sentence/\(Int.min)-0"))
    }

    @Test func minterRejectsBadBases() {
        #expect(throws: IRIMinter.BaseError.self) { try IRIMinter(base: "no-scheme/") }
        #expect(throws: IRIMinter.BaseError.self) { try IRIMinter(base: "https://example.org/id") }
        #expect(throws: IRIMinter.BaseError.self) { try IRIMinter(base: "https://example.org/a b/") }
        let minter = try? IRIMinter(base: "https://example.org/kg#")
        #expect(minter?.entity(EntityKey(type: .country, slug: "japan")) == "https://example.org/kg#country/japan")
    }

    @Test func calendarArithmetic() {
        let d = CalendarDate(year: 2022, month: 3, day: 22)!
        #expect(d.weekday == 2) // Tuesday
        #expect(d.adding(days: -1).description == "2022-03-21")
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(dayNumber: 0).description == "1970-01-01")
        #expect(CalendarDate(iso: "1956-10-19")!.adding(days: 365 * 66 + 16).description == "2022-10-19")
        #expect(CalendarDate.month(named: "Sept.") == 9)
        #expect(CalendarDate.weekday(named: "Monday") == 1)
    }

    /// Month and weekday names, looked up in one table, give what the rule "a name, "sept", or
    /// (months) the first three letters / (weekdays) a listed abbreviation" gives, for every
    /// prefix of every name in three cases, with and without a full stop.
    @Test func monthAndWeekdayNamesMatchTheRule() {
        func month(_ name: String) -> Int? {
            var n = name.lowercased()
            if n.hasSuffix(".") { n.removeLast() }
            if let i = CalendarDate.monthNames.firstIndex(of: n) { return i + 1 }
            if n == "sept" { return 9 }
            if n.count == 3, let i = CalendarDate.monthNames.firstIndex(where: { $0.hasPrefix(n) }) { return i + 1 }
            return nil
        }
        func weekday(_ name: String) -> Int? {
            var n = name.lowercased()
            if n.hasSuffix(".") { n.removeLast() }
            if let i = CalendarDate.weekdayNames.firstIndex(of: n) { return i }
            let abbreviations = ["sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat"]
            if n.count >= 3, let i = CalendarDate.weekdayNames.firstIndex(where: { $0.hasPrefix(n) }), abbreviations.contains(n) { return i }
            return nil
        }
        var forms = ["", ".", "x", "mays", "sept", "Sept.", "SEPT", "thurs.", "mayo", "juni", "\u{212A}an"]
        for name in CalendarDate.monthNames + CalendarDate.weekdayNames {
            for length in 1...name.count {
                let prefix = String(name.prefix(length))
                for form in [prefix, prefix.capitalized, prefix.uppercased()] { forms += [form, form + "."] }
            }
        }
        for form in forms {
            #expect(CalendarDate.month(named: form) == month(form), "\(form)")
            #expect(CalendarDate.weekday(named: form) == weekday(form), "\(form)")
        }
    }

    @Test func entityKeysRoundTrip() {
        let key = EntityKey(type: .organization, slug: "group-of-seven")
        #expect(EntityKey(key.description) == key)
        #expect(IRIMinter.nodeID(key) == "organization.group-of-seven")
    }
}
