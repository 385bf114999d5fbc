import NewsGraphModel

/// Publication dates as news prints them.
public enum DateParsing {
    /// `2022-03-22`, `2022-03-22T10:00:00Z`, `2004-12` → `YYYY-MM-DD` or `YYYY-MM`.
    public static func isoDate(_ s: String) -> String? {
        let t = s.trimmingSpaces()
        if let d = CalendarDate(iso: t) { return d.description }
        let parts = t.prefix(7).split(separator: "-")
        if t.count == 7, parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y > 0 {
            return t
        }
        return readDate(t)?.date
    }

    /// A date written in words at the start of `line`: "March 21, 2022 12:46pm",
    /// "Thursday, January 24, 2019", "21 March 2022", "December 2004", "date 2022-03-22".
    /// Returns the date and how many characters of the line it used.
    public static func readDate(_ line: String) -> (date: String, length: Int)? {
        // Every date form starts with a digit, a month or weekday name, or a label.
        guard let first = line.utf8.first(where: { $0 != 0x20 }) else { return nil }
        if !(first >= 0x30 && first <= 0x39) {
            let word = DateParsing.leadingLetters(line)
            guard word.count >= 3, CalendarDate.month(named: word) != nil || CalendarDate.weekday(named: word) != nil
                || DateParsing.labels.contains(word) || word.count <= 9 && CalendarDate.weekdayNames.contains(where: { $0.hasPrefix(word) }) else {
                return nil
            }
        }
        let words = tokenize(line)
        var i = 0
        func word(_ k: Int) -> String? { k < words.count ? words[k].text : nil }
        if word(i)?.lowercased() == "date" || word(i)?.lowercased() == "published" || word(i)?.lowercased() == "posted" {
            i += 1
            if word(i) == ":" { i += 1 }
        }
        if let w = word(i), CalendarDate.weekday(named: w) != nil {
            i += 1
            if word(i) == "," { i += 1 }
        }
        guard let first = word(i) else { return nil }
        // ISO.
        if first.count >= 7, let iso = isoPrefix(first) {
            return (iso, words[i].end)
        }
        // Month Day, Year
        if let month = CalendarDate.month(named: first) {
            var k = i + 1
            if word(k) == "." { k += 1 }
            if let dayText = word(k), let day = Int(dayText), (1...31).contains(day) {
                k += 1
                if word(k) == "," { k += 1 }
                if let yearText = word(k), yearText.count == 4, let year = Int(yearText),
                   let date = CalendarDate(year: year, month: month, day: day) {
                    return (date.description, words[k].end)
                }
            } else if let yearText = word(k), yearText.count == 4, let year = Int(yearText), year > 1000 {
                return (String(format4(year)) + "-" + pad2(month), words[k].end)
            }
        }
        // Day Month Year
        if let day = Int(first), (1...31).contains(day), let monthText = word(i + 1), let month = CalendarDate.month(named: monthText) {
            var k = i + 2
            if word(k) == "," { k += 1 }
            if let yearText = word(k), yearText.count == 4, let year = Int(yearText), let date = CalendarDate(year: year, month: month, day: day) {
                return (date.description, words[k].end)
            }
        }
        return nil
    }

    private static func isoPrefix(_ s: String) -> String? {
        if let d = CalendarDate(iso: String(s.prefix(10))) { return d.description }
        return nil
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func format4(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 4 - s.count)) + s }

    struct Word { var text: String; var end: Int }

    /// The labels a dated line may start with ("Published: March 3, 2022").
    static let labels: WordSet = ["date", "published", "posted", "updated"]

    /// `line.prefix(while: \.isLetter).lowercased()`, on bytes while they are ASCII letters (a
    /// line's first word nearly always is): every paragraph is asked whether it starts a date.
    static func leadingLetters(_ line: String) -> String {
        var copy = line
        let ascii = copy.withUTF8 { bytes -> String? in
            var i = 0
            while i < bytes.count, bytes[i] &- 0x41 < 26 || bytes[i] &- 0x61 < 26 { i += 1 }
            // A non-ASCII byte may continue the word ("é", a combining mark): the slow way.
            if i < bytes.count && bytes[i] >= 0x80 { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<i]), as: UTF8.self).lowercasedFast()
        }
        return ascii ?? line.prefix(while: { $0.isLetter }).lowercased()
    }

    /// Words and single punctuation marks with the character offset after each.
    static func tokenize(_ line: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var offset = 0
        for ch in line {
            offset += 1
            if ch.isLetter || ch.isNumber || (ch == "-" && !current.isEmpty && current.first!.isNumber) || (ch == "T" && false) {
                current.append(ch)
            } else {
                if !current.isEmpty { words.append(Word(text: current, end: offset - 1)); current = "" }
                if ch == "," || ch == "." || ch == ":" { words.append(Word(text: String(ch), end: offset)) }
            }
            if words.count > 12 { break }
        }
        if !current.isEmpty { words.append(Word(text: current, end: offset)) }
        return words
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
