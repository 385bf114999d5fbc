import GRDB
import NewsGraphModel

/// Merges the reports of one real event into one event node.
///
/// Reports with the same action type and the same agent, target, treaty and place form a
/// group. Within a group, reports with the same date are one event; a report with only a
/// month or year joins the single event inside it; an undated report joins the group's only
/// dated event, or the one nearest its article's publication date. Two rounds of sanctions
/// on different dates stay two events. The result depends only on the set of reports, never
/// on the order they arrived in.
struct EventGrouping {
    let db: Database

    static func groupKey(type: String, agent: EntityKey?, target: EntityKey?, treaty: EntityKey?, place: EntityKey?) -> String {
        IRIMinter.hashKey(["group", type, agent?.description ?? "", target?.description ?? "", treaty?.description ?? "", place?.description ?? ""])
    }

    struct Report {
        var id: Int64
        var type: String
        var cameo: String
        var plover: String
        var agent: Int64?
        var target: Int64?
        var treaty: Int64?
        var place: Int64?
        var date: String?
        var modality: String
        var historical: Bool
        var speaker: Int64?
        var published: String?
        var confidence: Double
    }

    static let modalityRank = ["asserted": 0, "announced": 1, "claimed": 2]

    /// The modality an event takes from its reports: asserted over announced over claimed.
    static func strongest<S: Sequence>(_ modalities: S) -> String? where S.Element == String {
        modalities.min { (modalityRank[$0] ?? 9) < (modalityRank[$1] ?? 9) }
    }

    /// Places the group's new reports (those with no event yet). When they fit the events the
    /// group already has (a known date, or no date beside known dated events), only the events
    /// they join are recomputed; otherwise (a new date changes where other reports belong) the
    /// whole group is rebuilt. Either way the result is what `rebuild` gives; the common case
    /// (one more report of a known event) no longer costs a pass over the whole group.
    func add(group: String) throws {
        let events = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, date FROM event WHERE grp = ?"), arguments: [group])
        guard !events.isEmpty else { return try rebuild(group: group) }
        var eventByDate: [String: Int64] = [:]
        for row in events { eventByDate[(row[1] as String?) ?? ""] = row[0] }
        let dated = eventByDate.keys.filter { !$0.isEmpty }.sorted()
        let full = dated.filter { $0.count == 10 }
        let fresh = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.id, m.date, a.published, m.cameo, m.modality, m.historical, m.speaker
            FROM action_mention m JOIN article a ON a.id = m.article WHERE m.grp = ? AND m.event IS NULL
            """), arguments: [group])
        var joins: [(report: Int64, event: Int64)] = []
        var joining: [Int64: [Row]] = [:]
        for row in fresh {
            let date: String? = row[1]
            let published: String? = row[2]
            let cluster: String
            if let date {
                let inside = date.count < 10 ? full.filter { $0.hasPrefix(date) } : []
                cluster = inside.count == 1 ? inside[0] : date
            } else if dated.count == 1 {
                cluster = dated[0]
            } else if dated.count > 1, let day = published.flatMap(CalendarDate.init(iso:)) {
                cluster = dated.compactMap { d in CalendarDate(iso: d).map { (d, abs($0.dayNumber - day.dayNumber)) } }
                    .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0 ?? ""
            } else {
                cluster = ""
            }
            // A date the group has not seen moves other reports: rebuild it all.
            guard let event = eventByDate[cluster] else { return try rebuild(group: group) }
            joins.append((row[0], event))
            joining[event, default: []].append(row)
        }
        for (report, event) in joins {
            try db.cachedStatement(sql: "UPDATE action_mention SET event = ? WHERE id = ?").execute(arguments: [event, report])
        }
        for event in joining.keys.sorted() {
            if try !absorb(joining[event]!, into: event) { try recompute(event: event) }
        }
    }

    /// Folds new reports into an event without reading its other reports, when that gives
    /// exactly what `recompute` would: the confidence is already at its cap (0.99 stays 0.99
    /// whatever is added) and no new report names a speaker (the first speaker in report
    /// order stays first). Modality, CAMEO code and the historical flag are a minimum, a
    /// minimum and a conjunction, so they fold in one by one. Large events, the ones whose
    /// reports keep coming, take this path; without it each report cost a pass over them all.
    private func absorb(_ reports: [Row], into event: Int64) throws -> Bool {
        guard reports.allSatisfy({ ($0[6] as Int64?) == nil }),
              let current = try Row.fetchOne(db.cachedStatement(sql: "SELECT cameo, modality, historical, confidence FROM event WHERE id = ?"),
                                             arguments: [event]),
              (current[3] as Double) >= 0.99 else { return false }
        var cameo: String = current[0]
        var modality: String = current[1]
        var historical: Bool = current[2]
        for report in reports {
            cameo = min(cameo, report[3] as String)
            modality = EventGrouping.strongest([modality, report[4] as String])!
            historical = historical && (report[5] as Bool)
        }
        if cameo != (current[0] as String) || modality != (current[1] as String) || historical != (current[2] as Bool) {
            try db.cachedStatement(sql: "UPDATE event SET cameo = ?, modality = ?, historical = ? WHERE id = ?").execute(
                arguments: [cameo, modality, historical, event])
        }
        return true
    }

    /// The event's modality, historical flag, CAMEO code, speaker and confidence from all its
    /// reports, exactly as `rebuild` computes them.
    private func recompute(event: Int64) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.cameo, m.modality, m.historical, m.speaker, m.confidence
            FROM action_mention m JOIN article a ON a.id = m.article
            WHERE m.event = ?
            ORDER BY a.hash, m.trigger_start, m.id
            """), arguments: [event])
        guard !rows.isEmpty else { return }
        let modality = EventGrouping.strongest(rows.map { $0[1] as String }) ?? "asserted"
        let historical = rows.allSatisfy { $0[2] as Bool }
        let cameo = rows.map { $0[0] as String }.min()!
        let speaker = rows.lazy.compactMap { $0[3] as Int64? }.first
        var miss = 1.0
        for row in rows { miss *= 1 - min(0.99, row[4] as Double) }
        let confidence = min(0.99, 1 - miss)
        try db.cachedStatement(sql: "UPDATE event SET cameo = ?, modality = ?, historical = ?, speaker = ?, confidence = ? WHERE id = ?").execute(
            arguments: [cameo, modality, historical, speaker, (confidence * 1000).rounded() / 1000, event])
    }

    func rebuild(group: String) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT m.id, m.type, m.cameo, m.plover, m.agent, m.target, m.treaty, m.place, m.date, m.modality, m.historical,
                   m.speaker, a.published, m.confidence, a.hash
            FROM action_mention m JOIN article a ON a.id = m.article
            WHERE m.grp = ?
            ORDER BY a.hash, m.trigger_start, m.id
            """), arguments: [group])
        let reports = rows.map { row in
            Report(id: row[0], type: row[1], cameo: row[2], plover: row[3], agent: row[4], target: row[5], treaty: row[6], place: row[7],
                   date: row[8], modality: row[9], historical: row[10], speaker: row[11], published: row[12], confidence: row[13])
        }
        try db.cachedStatement(sql: "UPDATE action_mention SET event = NULL WHERE grp = ?").execute(arguments: [group])
        try db.cachedStatement(sql: "DELETE FROM event WHERE grp = ?").execute(arguments: [group])
        guard let first = reports.first else { return }
        let entityKeys = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, key FROM entity WHERE id IN (?, ?, ?, ?)
            """), arguments: [first.agent, first.target, first.treaty, first.place]).map { (row: Row) -> (Int64, String) in (row[0], row[1]) })

        // Cluster by date.
        var clusters: [String: [Report]] = [:]
        let full = Set(reports.compactMap { $0.date }.filter { $0.count == 10 })
        var undated: [Report] = []
        for report in reports {
            guard let date = report.date else { undated.append(report); continue }
            if date.count < 10 {
                let inside = full.filter { $0.hasPrefix(date) }
                if inside.count == 1 { clusters[inside.first!, default: []].append(report); continue }
            }
            clusters[date, default: []].append(report)
        }
        for report in undated {
            let dated = clusters.keys.sorted()
            if dated.count == 1 {
                clusters[dated[0]]!.append(report)
            } else if dated.count > 1, let published = report.published.flatMap(CalendarDate.init(iso:)) {
                let nearest = dated.compactMap { d in CalendarDate(iso: d).map { (d, abs($0.dayNumber - published.dayNumber)) } }
                    .min { ($0.1, $0.0) < ($1.1, $1.0) }
                clusters[nearest?.0 ?? "", default: []].append(report)
            } else {
                clusters["", default: []].append(report)
            }
        }

        for (date, members) in clusters.sorted(by: { $0.key < $1.key }) {
            let key = IRIMinter.hashKey(["event", first.type, key(first.agent, entityKeys), key(first.target, entityKeys),
                                         key(first.treaty, entityKeys), key(first.place, entityKeys), date])
            let modality = EventGrouping.strongest(members.map(\.modality)) ?? "asserted"
            let historical = members.allSatisfy(\.historical)
            let cameo = members.map(\.cameo).min() ?? first.cameo
            let speaker = members.compactMap(\.speaker).first
            var miss = 1.0
            for m in members { miss *= 1 - min(0.99, m.confidence) }
            let confidence = min(0.99, 1 - miss)
            try db.cachedStatement(sql: """
                INSERT INTO event (key, grp, type, cameo, plover, agent, target, treaty, place, date, modality, historical, speaker, confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [key, group, first.type, cameo, first.plover, first.agent, first.target, first.treaty, first.place,
                                 date.isEmpty ? nil : date, modality, historical, speaker, (confidence * 1000).rounded() / 1000])
            let event = db.lastInsertedRowID
            for m in members {
                try db.cachedStatement(sql: "UPDATE action_mention SET event = ? WHERE id = ?").execute(arguments: [event, m.id])
            }
        }
    }

    private func key(_ id: Int64?, _ keys: [Int64: String]) -> String {
        id.flatMap { keys[$0] } ?? ""
    }
}
