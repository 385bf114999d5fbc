import Foundation
@testable import NewsGraphIngest
import NewsGraphModel
import NewsGraphText
import Testing

@Suite struct TextTests {
    func document(_ text: String, title: String? = nil) -> Document {
        let rules = try! BoilerplateRules(path: TestPaths.ontology + "/lexicon/boilerplate.tsv")
        return DocumentBuilder(rules: rules).build(RawArticle(sourceName: "t.txt", text: text, title: title, origin: "t.txt"))
    }

    func sentences(_ text: String) -> [String] {
        let analyzed = SentenceSplitter.analyze(document(text))
        return analyzed.sentences.map { analyzed.document.string($0.bytes) }
    }

    @Test func normalizationKeepsAMapToTheOriginal() {
        let original = "Tokyo’s  “sanctions”\u{00A0}— e\u{301}lan…\r\nnext"
        let result = Normalizer.normalize(original)
        let text = String(decoding: result.text, as: UTF8.self)
        #expect(text == "Tokyo's \"sanctions\" \u{2014} \u{e9}lan...\nnext")
        #expect(result.offsetMap.count == result.text.count + 1)
        // "sanctions" starts after the curly quote at code point 9 of the original.
        let start = Array(text.utf8).firstIndex(of: UInt8(ascii: "s"))!
        #expect(result.offsetMap[start] == 6) // T-o-k-y-o-’ are code points 0–5
    }

    @Test func offsetsPointAtTheOriginalText() {
        let original = "Tokyo’s  “sanctions” hit."
        let result = Normalizer.normalize(original)
        let text = String(decoding: result.text, as: UTF8.self)
        let bytes = Array(text.utf8)
        let range = text.range(of: "sanctions")!
        let byteStart = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
        let byteEnd = byteStart + "sanctions".utf8.count
        let scalars = Array(original.unicodeScalars)
        let slice = String(String.UnicodeScalarView(scalars[Int(result.offsetMap[byteStart])..<Int(result.offsetMap[byteEnd])]))
        #expect(slice == "sanctions")
        #expect(bytes.count == result.offsetMap.count - 1)
    }

    @Test func normalizationComposesMarksAndMapsEveryByte() {
        // A combining mark after ASCII, a dash before white space, CRLF, a ZWJ emoji sequence.
        let cases: [(String, String, [Int32])] = [
            ("x\u{301}y", "x\u{301}y", [0, 0, 0, 2, 3]),
            ("a\u{2013} b\r\nc", "a\u{2014} b\nc", [0, 1, 1, 1, 2, 3, 5, 6, 7]),
            ("\u{1F469}\u{200D}\u{1F4BB} e\u{301}", "\u{1F469}\u{200D}\u{1F4BB} \u{E9}", [0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 3, 4, 4, 6]),
        ]
        for (original, expected, map) in cases {
            let result = Normalizer.normalize(original)
            #expect(Array(result.text) == Array(expected.utf8), "\(original.debugDescription)")
            #expect(result.offsetMap == map, "\(original.debugDescription)")
        }
    }

    @Test func boundedCharacterCountsAgreeWithCount() {
        let samples = ["", "abc", "a\r\nb", "\r\n\r\n", "e\u{301}e\u{301}x", "abc\u{301}", "\u{1F469}\u{200D}\u{1F4BB}ab", "caf\u{E9} au lait", "x\u{0}y"]
        for sample in samples {
            for limit in 0...(sample.utf8.count + 2) {
                #expect(sample.hasFewerCharacters(than: limit) == (sample.count < limit), "\(sample.debugDescription) \(limit)")
            }
            #expect(sample.containsByte(0) == sample.utf8.contains(0))
        }
    }

    @Test func byteOrderIsSQLiteOrderNotCanonicalOrder() {
        #expect("caf\u{E9}".compareBytes(with: "cafe\u{301}") > 0 && "caf\u{E9}" == "cafe\u{301}")
        #expect(!"caf\u{E9}".hasSameBytes(as: "cafe\u{301}") && "ab".hasSameBytes(as: "ab"))
        #expect("ab".compareBytes(with: "abc") < 0 && "abc".compareBytes(with: "ab") > 0 && "".compareBytes(with: "") == 0)
        let words = ["b", "a", "ab", "", "\u{E9}", "e\u{301}", "Z", "aa"]
        let sorted = words.sorted { $0.compareBytes(with: $1) < 0 }
        #expect(sorted.map { Array($0.utf8) } == words.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func phraseSetFindsWhatAPerPhraseSearchFinds() {
        let set = PhraseSet(["our journalism", "support us", "sup", "journal", "zz top"])
        let long = PhraseSet(["our journalism", "support us", "journal"])
        var generator = SystemRandomNumberGenerator()
        let pieces = ["our ", "journal", "ism", "sup", "port", " us", "s", "z", "zz ", "top", "é", " "]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for table in [set, long] {
                #expect(table.firstContained(in: text) == table.phrases.firstIndex { text.containsBytes($0) }, "\(text)")
            }
        }
        // A phrase of one byte cannot be seen by the pair test: the table falls back to searching.
        let short = PhraseSet(["zz top", "s"])
        #expect(short.firstContained(in: "news") == 1 && short.firstContained(in: "zz top s") == 0 && short.firstContained(in: "") == nil)
        #expect(PhraseSet([]).firstContained(in: "anything") == nil)
    }

    @Test(arguments: ["plain words", "Tokyo and MOSCOW", "İstanbul", "ΣΟΦΟΣ", "Straße ẞ", "ﬁnance", "ÅNGSTRÖM — «Ǆ»",
                      "e\u{301}LAN", "\u{1F600} Emoji", "KELVIN \u{212A}", ""])
    func fastLowercasingMatchesTheStandardLibrary(_ text: String) {
        #expect(Array(text.lowercasedFast().utf8) == Array(text.lowercased().utf8))
    }

    /// The ASCII path lowers eight bytes at a time: every ASCII byte at every position of a
    /// word, with tails of every length, and a non-ASCII byte anywhere sends the text the other way.
    @Test func asciiLowercasingMatchesTheStandardLibraryAtEveryAlignment() {
        let all = (0..<128).map { String(UnicodeScalar(UInt8($0))) }.joined()
        for offset in 0..<9 {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 64, 127 - offset] {
                let text = String(all.dropFirst(offset).prefix(length))
                #expect(Array(text.lowercasedFast().utf8) == Array(text.lowercased().utf8), "offset \(offset), length \(length)")
                let mixed = text + "é" + text
                #expect(Array(mixed.lowercasedFast().utf8) == Array(mixed.lowercased().utf8))
            }
        }
    }

    @Test(arguments: ["national", "al", "a", "", "critic", "xa\u{301}l", "\u{0600}al", "ÉCONOMIC", "tactical ", "ous", "éd", "\u{0600}ing", "seeking"])
    func asciiSuffixesMatchTheStandardLibrary(_ word: String) {
        for suffixes in [["al"], ["ic", "ous"], ["ing", "ed"], ["al", "ic", "ary", "ive", "ous"], []] {
            let expected = suffixes.contains { word.hasSuffix($0) }
            #expect(word.hasASCIISuffix(oneOf: suffixes.map { Array($0.utf8) }) == expected, "\(word) \(suffixes)")
        }
    }

    /// The line-end test decides ASCII endings on bytes; it must agree with the rule on
    /// characters, including endings where a byte is not a character of its own.
    @Test(arguments: ["War.", "war.'", "war'", "Talks halted", "he said: \"no.\")", "\"quasi-state of war\"", "", "''", ".",
                      "ends with …", "ends ’", "x\u{0600}.", "a.\u{301}", "line\r\n", "why?\"'", "a; ", "ok!)", "é."])
    func terminalPunctuationOnBytesMatchesTheCharacterRule(_ line: String) {
        var rest = Substring(line)
        while let last = rest.last, "\"'”’)".contains(last) { rest.removeLast() }
        let expected = rest.last.map { ".!?:;…".contains($0) } ?? false
        #expect(DocumentBuilder.hasTerminalPunctuation(line) == expected)
    }

    @Test(arguments: ["March 21, 2022", "Monday", "Éric said", "Re\u{301}sume\u{301}", "Tokyo—Russia", "abc\r\ndef", "", "2022-03-21", "MAR-21", "ŁÓDŹ"])
    func leadingLettersOnBytesMatchTheCharacterRule(_ line: String) {
        #expect(DateParsing.leadingLetters(line) == line.prefix(while: { $0.isLetter }).lowercased())
    }

    /// The UTF-8 check skips ASCII eight bytes at a time: it must find the same first bad byte
    /// as a byte-by-byte check, wherever it falls relative to the eight-byte words.
    @Test func utf8CheckFindsTheFirstInvalidByteAtEveryAlignment() {
        func reference(_ bytes: [UInt8]) -> Int? {
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 { i += 1; continue }
                let length = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
                guard length > 0, i + length <= bytes.count, let scalar = String(validating: bytes[i..<(i + length)], as: UTF8.self),
                      scalar.unicodeScalars.count == 1 else { return i }
                i += length
            }
            return nil
        }
        var generator = SystemRandomNumberGenerator()
        let pieces: [[UInt8]] = [Array("plain ascii text".utf8), Array("é".utf8), Array("日本".utf8), Array("😀".utf8), [0xFF], [0xC0, 0x80],
                                 [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80], Array("x".utf8)]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) { bytes += pieces.randomElement(using: &generator)! }
            let offset = Int.random(in: 0...3, using: &generator)
            let slice = ([UInt8](repeating: 0x61, count: offset) + bytes)[offset...]
            #expect(TextDecoding.firstInvalidUTF8(slice) == reference(bytes), "\(bytes)")
        }
    }

    /// Names and aliases take their words from the document's tokens instead of tokenizing
    /// their text again: for every range of tokens of texts built to hit the tokenizer's
    /// look-ahead (possessives before dashes and letters, initials, abbreviations, numbers,
    /// ellipses), the words must be what tokenizing the covered text gives.
    @Test func wordsOfATokenRangeAreTheTokensOfItsText() {
        let pieces = ["Fenwick", "'s", "'S", "'", "s", "S", "—", "é", "O'Brien", " ", " ", "J.", "R.", "U.S.", "Gov.", "Gov", ".", "..",
                      "10,000", ",5", "3.5", "27th", "x", "\"", "(", ")", "-", "日本", "e\u{301}", "'sé", "Jones'", "don't", "\u{2019}s"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int.random(in: 1...10, using: &generator) { text += pieces.randomElement(using: &generator)! }
            let bytes = Array(text.utf8)
            var tokens: [Token] = []
            Tokenizer.tokenize(bytes, range: 0..<bytes.count, into: &tokens)
            for i in tokens.indices {
                for j in (i + 1)...tokens.count {
                    let covered = String(decoding: bytes[tokens[i].start..<tokens[j - 1].end], as: UTF8.self)
                    #expect(Tokenizer.tokenTexts(of: tokens[i..<j], covering: { covered }) == Tokenizer.tokenTexts(covered), "\(text) [\(i)..<\(j)]")
                }
            }
        }
    }

    /// Every scalar of the first two planes, 512 at a time after an upper-case letter (so the
    /// non-ASCII path runs): the blocks `lowercasedFast` skips included.
    @Test func fastLowercasingMatchesTheStandardLibraryOnEveryScalar() {
        let scalars = (UInt32(0x80)..<0x20000).compactMap(Unicode.Scalar.init)
        for chunk in stride(from: 0, to: scalars.count, by: 512) {
            var text = "A"
            text.unicodeScalars.append(contentsOf: scalars[chunk..<min(chunk + 512, scalars.count)])
            #expect(Array(text.lowercasedFast().utf8) == Array(text.lowercased().utf8), "scalars from U+\(String(scalars[chunk].value, radix: 16))")
        }
    }

    /// The tokenizer hashes lower-case ASCII words on their bytes: the hash must be the one a
    /// lexicon table computes from the string, for every token kind and case.
    @Test func tokenHashesAreTheWordHashesOfTheirLowerCase() {
        let text = "Russia's FOREIGN Ministry said on 7 March 2022 that U.S. sanctions—\"illegal\"—would fail; Tōkyō, ΣΟΦΟΣ, e.g. 1,000.5 km… done "
            + "SomeVeryLongCapitalizedWordOfManyLetters ALLCAPSWORDLONGERTHANEIGHT Mixed-Case-Hyphenated @#ZZ"
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        Tokenizer.tokenize(bytes, range: 0..<bytes.count, into: &tokens)
        #expect(tokens.count > 20)
        for token in tokens {
            #expect(token.lowerWord.hash == WordHash.of(token.lower), "\(token.text)")
            #expect(token.textHash == WordHash.of(token.text), "\(token.text)")
            #expect(token.lower == token.text.lowercased(), "\(token.text)")
        }
        // Upper-case ASCII lowered while hashing, at every length and position of the letters.
        for length in 0..<40 {
            let letters: [UInt8] = (0..<length).map { k -> UInt8 in
                let offset = UInt8((k % 3 == 0 ? k * 5 : k * 7) % 26)
                return k % 3 == 0 ? 0x41 + offset : 0x61 + offset
            }
            let word = String(decoding: letters, as: UTF8.self) + "@[`{Z"
            var copy = word
            let hashed = copy.withUTF8 { HashedWord(asciiLowercasing: $0, text: word.lowercased()) }
            #expect(hashed.hash == WordHash.of(word.lowercased()), "\(word)")
        }
        for length in 0..<40 {
            let word = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x61 + ($0 * 7) % 26))) })
            var copy = word
            let hashed = copy.withUTF8 { HashedWord(ascii: $0, text: word) }
            #expect(hashed.hash == WordHash.of(word))
        }
    }

    @Test func byteScanAgreesWithAByteByByteTest() {
        func naive(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F } }
        // Every byte value at every position of a buffer longer than two words, and neighbours.
        // Lengths below, at and past the sixteen-byte blocks (the last one overlapping).
        ScanBuffers.everyByteAtEveryPosition(lengths: [7, 8, 15, 16, 19, 32, 35]) { bytes, context in
            #expect(bytes.withUnsafeBufferPointer { ByteScan.hasControl(or: 0x22, 0x5C, 0x7F, in: $0) } == naive(bytes), "\(context)")
        }
        // Random bytes, random bytes to look for, and every start offset within a word.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let (a, b, c) = (UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator), UInt8.random(in: 0...255, using: &generator))
            let bytes = (0..<Int.random(in: 0..<48, using: &generator)).map { _ in UInt8.random(in: 0x1E...0xFF, using: &generator) }
            let offset = Int.random(in: 0..<8, using: &generator)
            let slice = Array(bytes.dropFirst(min(offset, bytes.count)))
            let expected = slice.contains { $0 < 0x20 || $0 == a || $0 == b || $0 == c }
            let scanned = bytes.withUnsafeBufferPointer { buffer in
                ByteScan.hasControl(or: a, b, c, in: UnsafeBufferPointer(rebasing: buffer[min(offset, buffer.count)...]))
            }
            #expect(scanned == expected)
        }
        // Four bytes to look for, and bytes of 0x7F and above: every value at every position,
        // after neighbours that carry (0xFF) or not.
        for orDeleteAndAbove in [false, true] {
            func naive4(_ bytes: [UInt8]) -> Bool {
                bytes.contains { $0 < 0x20 || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || (orDeleteAndAbove && $0 >= 0x7F) }
            }
            for value in 0...255 {
                for position in 0..<19 {
                    for neighbour: UInt8 in [0x61, 0x7E, 0xFF] {
                        var bytes = [UInt8](repeating: 0x61, count: 19)
                        bytes[position] = UInt8(value)
                        if position > 0 { bytes[position - 1] = neighbour }
                        let scanned = bytes.withUnsafeBufferPointer {
                            ByteScan.hasControl(or: 0x3C, 0x3E, 0x26, 0x22, orDeleteAndAbove: orDeleteAndAbove, in: $0)
                        }
                        #expect(scanned == naive4(bytes), "value \(value) at \(position) after \(neighbour), orDeleteAndAbove \(orDeleteAndAbove)")
                    }
                }
            }
        }
        // Five bytes, one of them above ASCII (0xEF, as the XML text check uses).
        func naive5(_ bytes: [UInt8]) -> Bool {
            bytes.contains { $0 < 0x20 || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0xEF }
        }
        for value in 0...255 {
            for position in 0..<19 {
                for neighbour: UInt8 in [0x61, 0x7E, 0xEE, 0xF0, 0xFF] {
                    var bytes = [UInt8](repeating: 0x61, count: 19)
                    bytes[position] = UInt8(value)
                    if position > 0 { bytes[position - 1] = neighbour }
                    let scanned = bytes.withUnsafeBufferPointer {
                        ByteScan.hasControl(or: 0x3C, 0x3E, 0x26, 0x22, 0xEF, orDeleteAndAbove: false, in: $0)
                    }
                    #expect(scanned == naive5(bytes), "value \(value) at \(position) after \(neighbour), five values")
                }
            }
        }
    }

    @Test func wordTablesFindWhatWasAdded() {
        var map = WordMap<Int>()
        let words = (0..<500).map { "w\($0)" } + ["", "é", "e\u{301}x", "a longer key than fifteen bytes"]
        for (i, word) in words.enumerated() { map[word] = i }
        for (i, word) in words.enumerated() { #expect(map[word] == i) }
        #expect(map["w500"] == nil && map["E"] == nil)
        map["w3"] = nil
        #expect(map["w3"] == nil && map["w4"] == 4 && map.count == words.count - 1)
        map["x", default: 0] += 2
        #expect(map["x"] == 2)
        // Canonically equivalent spellings are one key, as in `Set<String>`.
        var places = WordMap<String>()
        places["\u{C5}land"] = "ALA"
        places["Kim"] = "person"
        places["\u{212B}rhus"] = "aarhus"
        #expect(places["\u{212B}land"] == "ALA" && places["A\u{30A}land"] == "ALA")
        #expect(places["\u{212A}im"] == "person" && places["\u{C5}rhus"] == "aarhus")
        #expect(WordSet(["caf\u{E9}"]).contains("cafe\u{301}"))
        #expect(WordSet(["\u{2014}", "\u{20AC}5", "p;", "`x"]).contains("\u{2014}") && WordSet(["p;", "`x"]).contains("p\u{37E}"))
        #expect(WordSet(["`x"]).contains("\u{1FEF}x") && !WordSet(["Kim"]).contains("Kin"))
        let set: WordSet = ["said", "says", "said"]
        #expect(set.count == 2 && set.contains("says") && !set.contains("say") && Array(set) == ["said", "says"])
    }

    @Test func abbreviationsDoNotEndSentences() {
        #expect(sentences("Gov. Smith met U.S. officials on Jan. 5 in Washington. They talked.") ==
                ["Gov. Smith met U.S. officials on Jan. 5 in Washington.", "They talked."])
    }

    @Test func countryAbbreviationsCanEndSentences() {
        #expect(sentences("Troops were sent to the U.S. The next day they returned.") ==
                ["Troops were sent to the U.S.", "The next day they returned."])
    }

    @Test func quotationsSplitAtTheirFullStops() {
        #expect(sentences("\"We know this. We act,\" Matsumoto told VOA. He left.") ==
                ["\"We know this.", "We act,\" Matsumoto told VOA.", "He left."])
    }

    @Test func datelinesAreSeparated() {
        let analyzed = SentenceSplitter.analyze(document("TOKYO — Russia said Monday it would halt talks."))
        #expect(analyzed.sentences.map(\.role) == [.dateline, .body])
        #expect(analyzed.document.string(analyzed.sentences[1].bytes) == "Russia said Monday it would halt talks.")
        let other = SentenceSplitter.analyze(document("BRASÍLIA, Brazil – Mr. Lula met Mr. Roh."))
        #expect(other.sentences.first?.role == .dateline)
    }

    @Test func tokensKeepNamesWhole() {
        let doc = document("Roh Moo-hyun met Côte d'Ivoire's O'Brien and al-Sharabi in 1990s, paying $10,000.")
        let analyzed = SentenceSplitter.analyze(doc)
        let words = analyzed.tokens.map(\.text)
        #expect(words.contains("d'Ivoire"))
        #expect(words.contains("'s"))
        #expect(words.contains("O'Brien"))
        #expect(words.contains("1990s"))
        #expect(words.contains("10,000"))
        #expect(words.contains("Moo"))
    }

    @Test func boilerplateIsLeftOut() {
        let text = """
            Skip to main content

            Politics

            Russia halts talks with Japan

            March 21, 2022 12:46pm

            Japanese Prime Minister Fumio Kishida, on left. (Sean Gallup/Getty Images)

            Russia said it would halt talks.

            Key Asian nations join global backlash against Russia

            Japan protested.

            War in Ukraine: What you need to know

            The latest: more news.
            """
        let doc = document(text)
        let roles = doc.blocks.map { $0.role }
        #expect(roles == [.boilerplate, .boilerplate, .headline, .dateline, .boilerplate, .body, .boilerplate, .body, .boilerplate, .boilerplate])
        #expect(doc.article.published == "2022-03-21")
        #expect(doc.article.title == "Russia halts talks with Japan")
    }

    @Test(arguments: [
        ("date 2022-03-22", "2022-03-22"),
        ("March 21, 2022 12:46pm", "2022-03-21"),
        ("Thursday, January 24, 2019", "2019-01-24"),
        ("21 March 2022", "2022-03-21"),
        ("December 2004", "2004-12"),
        ("Mar. 7, 2021", "2021-03-07"),
    ])
    func dates(line: String, expected: String) {
        #expect(DateParsing.readDate(line)?.date == expected)
    }
}
