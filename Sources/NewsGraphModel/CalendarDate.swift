/// A proleptic Gregorian date with the arithmetic that date normalization needs, without
/// time zones (news dates are calendar dates).
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year), (1...9999).contains(year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2022-03-21`.
    public init?(iso: String) {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, width - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (civil-from-days, H. Hinnant).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int { ((dayNumber % 7) + 11) % 7 }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    public static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                                    "september", "october", "november", "december"]
    public static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// 1–12 for a month name or its usual abbreviation (`Mar`, `Sept.`), case-insensitive.
    public static func month(named name: String) -> Int? {
        if isOutsideNameLengths(name) { return nil }
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return monthsByName[n]
    }

    /// Every accepted month form: the names, "sept", and the first three letters of each.
    /// One lookup instead of a comparison with each name (asked for most words of a text); a
    /// `WordMap`, whose hash of a short word costs a fraction of a `Dictionary`'s.
    private static let monthsByName: WordMap<Int> = {
        var forms = WordMap<Int>()
        for (i, name) in monthNames.enumerated() { forms[name] = i + 1 }
        if forms["sept"] == nil { forms["sept"] = 9 }
        for (i, name) in monthNames.enumerated() where forms[String(name.prefix(3))] == nil { forms[String(name.prefix(3))] = i + 1 }
        return forms
    }()

    /// Every lower-case word `month(named:)` or `weekday(named:)` accepts (without the full
    /// stop they also accept).
    public static var nameForms: [String] { monthsByName.keys + weekdaysByName.keys }

    /// Every accepted weekday form: the names and the abbreviations of `weekday(named:)`.
    private static let weekdaysByName: WordMap<Int> = {
        var forms = WordMap<Int>()
        for (i, name) in weekdayNames.enumerated() { forms[name] = i }
        for abbreviation in ["sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat"] where forms[abbreviation] == nil {
            if let i = weekdayNames.firstIndex(where: { $0.hasPrefix(abbreviation) }) { forms[abbreviation] = i }
        }
        return forms
    }()

    /// An ASCII word shorter than the shortest abbreviation ("may", "mon") or longer than the
    /// longest name with a full stop ("september.", "wednesday."): most words a caller tries
    /// are rejected here, before lower-casing. (Other text keeps the full test.)
    private static func isOutsideNameLengths(_ name: String) -> Bool {
        let length = name.utf8.count
        return (length < 3 || length > 10) && name.isAllASCII
    }

    /// 0–6 for a weekday name or abbreviation, case-insensitive.
    public static func weekday(named name: String) -> Int? {
        if isOutsideNameLengths(name) { return nil }
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return weekdaysByName[n]
    }
}
