import Foundation
import GRDB
import NewsGraphModel

/// Writes one article's extraction inside a transaction.
struct ArticleWriter {
    let db: Database

    func add(_ x: ArticleExtraction) throws -> GraphStore.AddResult {
        if try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM article WHERE hash = ?)"), arguments: [x.article.contentHash]) == true {
            try adoptSource(x.article)
            return .duplicate
        }
        let a = x.article
        let metadata = String(decoding: (try? JSONSerialization.data(withJSONObject: a.metadata, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO article (hash, source, title, outlet, published, url, metadata, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(
                       arguments: [a.contentHash, a.sourceName, a.title, a.outlet, a.published, a.url, metadata, x.text])
        let article = db.lastInsertedRowID

        var sentenceIDs: [Int64] = []
        let insertSentence = try db.cachedStatement(sql: "INSERT INTO sentence (article, start, \"end\", text) VALUES (?, ?, ?, ?)")
        for s in x.sentences {
            try insertSentence.execute(arguments: [article, s.start, s.end, s.text])
            sentenceIDs.append(db.lastInsertedRowID)
        }

        var entityIDs: [EntityKey: Int64] = [:]
        for e in x.entities {
            let id = try upsertEntity(e)
            entityIDs[e.key] = id
            let insertMention = try db.cachedStatement(sql: "INSERT OR IGNORE INTO mention (article, start, \"end\", entity, sentence) VALUES (?, ?, ?, ?, ?)")
            for m in e.mentions {
                try insertMention.execute(arguments: [article, m.start, m.end, id, sentenceIDs[m.sentence]])
            }
        }
        func entityID(_ key: EntityKey?) throws -> Int64? {
            guard let key else { return nil }
            if let id = entityIDs[key] { return id }
            // An argument without a mention of its own (rare): store the entity bare.
            let id = try upsertEntity(ExtractedEntity(key: key, label: key.slug, aliases: [], confidence: 0.3))
            entityIDs[key] = id
            return id
        }

        var groups = Set<String>()
        let insertAction = try db.cachedStatement(sql: """
            INSERT INTO action_mention (grp, type, cameo, plover, agent, target, treaty, place, date, modality, historical, speaker,
                                        article, sentence, trigger_start, trigger_end, confidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for act in x.actions {
            let group = EventGrouping.groupKey(type: act.type, agent: act.agent, target: act.target, treaty: act.treaty, place: act.place)
            groups.insert(group)
            try insertAction.execute(arguments: [
                group, act.type, act.cameo, act.plover, try entityID(act.agent), try entityID(act.target), try entityID(act.treaty),
                try entityID(act.place), act.date, act.modality.rawValue, act.historical, try entityID(act.speaker), article,
                sentenceIDs[act.sentence], act.triggerStart, act.triggerEnd, act.confidence,
            ])
        }

        for r in x.relations {
            guard let subject = try entityID(r.subject), let object = try entityID(r.object) else { continue }
            let key = IRIMinter.hashKey(["relation", r.relation.rawValue, r.subject.description, r.object.description])
            try db.cachedStatement(sql: """
                INSERT INTO relation (key, type, subject, object, role, confidence) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET
                    confidence = max(confidence, excluded.confidence),
                    role = CASE WHEN role IS NULL OR (excluded.role IS NOT NULL AND excluded.role < role) THEN excluded.role ELSE role END
                """).execute(arguments: [key, r.relation.rawValue, subject, object, r.role, r.confidence])
            let relation = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM relation WHERE key = ?"), arguments: [key])!
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO relation_evidence (relation, sentence, article, confidence) VALUES (?, ?, ?, ?)").execute(
                           arguments: [relation, sentenceIDs[r.sentence], article, r.confidence])
        }

        for group in groups.sorted() {
            try EventGrouping(db: db).add(group: group)
        }
        return .added
    }

    /// Copies of one article under several names: the stored one is known by the smallest
    /// source name (with that copy's URL, outlet and metadata), whatever the order they came in.
    func adoptSource(_ a: Article) throws {
        let metadata = String(decoding: (try? JSONSerialization.data(withJSONObject: a.metadata, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        try db.cachedStatement(sql: "UPDATE article SET source = ?, url = ?, outlet = ?, metadata = ? WHERE hash = ? AND source > ?").execute(
            arguments: [a.sourceName, a.url, a.outlet, metadata, a.contentHash, a.sourceName])
    }

    /// Inserts an entity or merges into the stored one with the same key. Every merge rule is
    /// commutative, so the result does not depend on the order articles arrive in.
    func upsertEntity(_ e: ExtractedEntity) throws -> Int64 {
        let key = e.key.description
        try db.cachedStatement(sql: """
            INSERT INTO entity (key, type, label, gazetteer, latitude, longitude, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET
                label = CASE WHEN excluded.gazetteer IS NOT NULL AND gazetteer IS NULL THEN excluded.label
                             WHEN gazetteer IS NOT NULL AND excluded.gazetteer IS NULL THEN label
                             WHEN length(excluded.label) > length(label) OR (length(excluded.label) = length(label) AND excluded.label < label) THEN excluded.label
                             ELSE label END,
                gazetteer = coalesce(min(gazetteer, excluded.gazetteer), gazetteer, excluded.gazetteer),
                latitude = CASE WHEN latitude IS NULL OR (excluded.latitude IS NOT NULL AND (excluded.latitude, excluded.longitude) < (latitude, longitude))
                                THEN excluded.latitude ELSE latitude END,
                longitude = CASE WHEN latitude IS NULL OR (excluded.latitude IS NOT NULL AND (excluded.latitude, excluded.longitude) < (latitude, longitude))
                                 THEN excluded.longitude ELSE longitude END,
                confidence = max(confidence, excluded.confidence)
            """).execute(arguments: [key, e.key.type.rawValue, e.label, e.gazetteerID, e.latitude, e.longitude, e.confidence])
        let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM entity WHERE key = ?"), arguments: [key])!
        let insertAlias = try db.cachedStatement(sql: "INSERT OR IGNORE INTO alias (entity, alias) VALUES (?, ?)")
        for alias in e.aliases { try insertAlias.execute(arguments: [id, alias]) }
        for (alias, side) in e.aliasUsedBy.sorted(by: { $0.key < $1.key }) {
            try db.cachedStatement(sql: "UPDATE alias SET used_by = ? WHERE entity = ? AND alias = ? AND used_by IS NULL").execute(arguments: [side, id, alias])
        }
        let insertSameAs = try db.cachedStatement(sql: "INSERT OR IGNORE INTO same_as (entity, iri) VALUES (?, ?)")
        for iri in e.sameAs { try insertSameAs.execute(arguments: [id, iri]) }
        return id
    }
}
