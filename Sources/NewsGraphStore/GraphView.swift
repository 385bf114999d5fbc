import GRDB
import NewsGraphModel

/// The store seen as a graph stream for the exporters: every node in a fixed order (kind,
/// then content key) with its links, read through cursors so memory stays flat however
/// large the store.
public struct StoreGraph: GraphSource {
    public let store: GraphStore
    public let minter: IRIMinter

    public init(store: GraphStore, minter: IRIMinter) {
        self.store = store
        self.minter = minter
    }

    public func walk<V: GraphVisitor>(_ visitor: inout V, links: Bool) throws {
        try store.read { db in
            var walker = Walker(db: db, minter: minter, links: links)
            try walker.articles(&visitor)
            try walker.evidence(&visitor)
            for kind in [NodeKind.country, .organization, .person, .place, .treaty] {
                try walker.entities(kind, &visitor)
            }
            try walker.events(&visitor)
            try walker.relations(&visitor)
        }
    }
}

struct Walker {
    let db: Database
    let minter: IRIMinter
    let links: Bool
    var entityKeys: [Int64: EntityKey] = [:]

    init(db: Database, minter: IRIMinter, links: Bool) {
        self.db = db
        self.minter = minter
        self.links = links
    }

    mutating func entityKey(_ id: Int64) throws -> EntityKey {
        if let k = entityKeys[id] { return k }
        let text = try String.fetchOne(db, sql: "SELECT key FROM entity WHERE id = ?", arguments: [id]) ?? "organization/unknown"
        let key = EntityKey(text) ?? EntityKey(type: .organization, slug: "unknown")
        if entityKeys.count > 100_000 { entityKeys.removeAll(keepingCapacity: true) }
        entityKeys[id] = key
        return key
    }

    func articleLink(_ hash: String, role: LinkRole = .derivedFrom, weight: Double = 1) -> GraphLink {
        GraphLink(role: role, targetIRI: minter.article(hash), targetID: IRIMinter.articleNodeID(hash), weight: weight)
    }

    func evidenceLink(_ hash: String, _ start: Int, _ end: Int) -> GraphLink {
        GraphLink(role: .evidence, targetIRI: minter.evidence(article: hash, start: start, end: end),
                  targetID: IRIMinter.evidenceNodeID(article: hash, start: start, end: end))
    }

    mutating func entityLink(_ role: LinkRole, _ id: Int64?, weight: Double = 1) throws -> GraphLink? {
        guard let id else { return nil }
        let key = try entityKey(id)
        return GraphLink(role: role, targetIRI: minter.entity(key), targetID: IRIMinter.nodeID(key), weight: weight)
    }

    func articles<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT hash, source, title, outlet, published, url FROM article ORDER BY hash")
        while let row = try rows.next() {
            let hash: String = row[0]
            let source: String = row[1]
            let title: String? = row[2]
            var properties: [NodeProperty] = [.label(title ?? source)]
            if let title { properties.append(.headline(title)) }
            if let outlet: String = row[3] { properties.append(.outlet(outlet)) }
            if let published: String = row[4] { properties.append(.published(published)) }
            if let url: String = row[5] { properties.append(.url(url)) }
            properties.append(.sourceName(source))
            properties.append(.contentHash(hash))
            try visitor.node(GraphNode(iri: minter.article(hash), id: IRIMinter.articleNodeID(hash), kind: .article, properties: properties))
        }
    }

    func evidence<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.hash, s.start, s."end", s.text FROM sentence s JOIN article a ON a.id = s.article ORDER BY a.hash, s.start, s."end"
            """)
        while let row = try rows.next() {
            let hash: String = row[0]
            let start: Int = row[1]
            let end: Int = row[2]
            let text: String = row[3]
            let label = text.count > 120 ? String(text.prefix(117)) + "..." : text
            try visitor.node(GraphNode(iri: minter.evidence(article: hash, start: start, end: end),
                                       id: IRIMinter.evidenceNodeID(article: hash, start: start, end: end), kind: .evidence,
                                       properties: [.label(label), .text(text), .start(start), .end(end)]))
            if links { try visitor.link(articleLink(hash, role: .quotedFrom)) }
        }
    }

    /// Provenance of a node: counts, then (as links) its articles and evidence sentences.
    func provenance(sql: String, _ arguments: StatementArguments) throws -> (articles: [String], evidence: [(String, Int, Int)]) {
        var articles: [String] = []
        var evidence: [(String, Int, Int)] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let hash: String = row[0]
            if articles.last != hash { articles.append(hash) }
            evidence.append((hash, row[1], row[2]))
        }
        return (articles, evidence)
    }

    mutating func entities<V: GraphVisitor>(_ kind: NodeKind, _ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, key, label, latitude, longitude, confidence FROM entity WHERE type = ? ORDER BY key",
                                       arguments: [kind.rawValue])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard let key = EntityKey(row[1] as String) else { continue }
            var properties: [NodeProperty] = [.label(row[2])]
            for alias in try String.fetchAll(db, sql: "SELECT alias FROM alias WHERE entity = ? ORDER BY alias", arguments: [id]) {
                properties.append(.alias(alias))
            }
            properties.append(.confidence(row[5]))
            let counts = try Row.fetchOne(db, sql: "SELECT count(DISTINCT article), count(*) FROM mention WHERE entity = ?", arguments: [id])!
            properties.append(.articleCount(counts[0]))
            properties.append(.mentionCount(counts[1]))
            for iri in try String.fetchAll(db, sql: "SELECT iri FROM same_as WHERE entity = ? ORDER BY iri", arguments: [id]) {
                properties.append(.sameAs(iri))
            }
            if let lat: Double = row[3], let lon: Double = row[4] {
                properties.append(.latitude(lat))
                properties.append(.longitude(lon))
            }
            try visitor.node(GraphNode(iri: minter.entity(key), id: IRIMinter.nodeID(key), kind: kind, properties: properties))
            guard links else { continue }
            entityKeys[id] = key
            // Direct stative triples.
            let states = try Row.fetchAll(db, sql: """
                SELECT r.type, e.key FROM relation r JOIN entity e ON e.id = r.object WHERE r.subject = ? ORDER BY r.type, e.key
                """, arguments: [id])
            for state in states {
                guard let relation = StateRelation(rawValue: state[0]), let target = EntityKey(state[1] as String) else { continue }
                try visitor.link(GraphLink(role: .state(relation), targetIRI: minter.entity(target), targetID: IRIMinter.nodeID(target)))
            }
            // One direct actor-to-actor link per action type, weighted by source articles.
            if kind != .place && kind != .treaty {
                let acts = try Row.fetchAll(db, sql: """
                    SELECT ev.type, t.key, count(DISTINCT m.article)
                    FROM event ev JOIN entity t ON t.id = ev.target JOIN action_mention m ON m.event = ev.id
                    WHERE ev.agent = ? AND t.type IN ('Person', 'Country', 'Organization')
                    GROUP BY ev.type, t.key ORDER BY ev.type, t.key
                    """, arguments: [id])
                for act in acts {
                    guard let target = EntityKey(act[1] as String) else { continue }
                    let count: Int = act[2]
                    try visitor.link(GraphLink(role: .act(act[0]), targetIRI: minter.entity(target), targetID: IRIMinter.nodeID(target), weight: Double(count)))
                }
            }
            let (articles, evidence) = try provenance(sql: """
                SELECT DISTINCT a.hash, s.start, s."end" FROM mention m JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article
                WHERE m.entity = ? ORDER BY a.hash, s.start, s."end"
                """, [id])
            for hash in articles { try visitor.link(articleLink(hash)) }
            for (hash, start, end) in evidence { try visitor.link(evidenceLink(hash, start, end)) }
        }
    }

    mutating func events<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, key, type, cameo, plover, agent, target, treaty, place, date, modality, historical, speaker, confidence
            FROM event ORDER BY key
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let key: String = row[1]
            let type: String = row[2]
            let agent: Int64? = row[5]
            let target: Int64? = row[6]
            let agentLabel = try agent.flatMap { try String.fetchOne(db, sql: "SELECT label FROM entity WHERE id = ?", arguments: [$0]) } ?? "?"
            let targetLabel = try target.flatMap { try String.fetchOne(db, sql: "SELECT label FROM entity WHERE id = ?", arguments: [$0]) }
            var label = "\(agentLabel) \(type.replacingOccurrences(of: "_", with: " "))"
            if let targetLabel { label += " \(targetLabel)" }
            var properties: [NodeProperty] = [.label(label), .actionType(type), .cameo(row[3]), .plover(row[4])]
            if let date: String = row[9] { properties.append(.eventDate(date)) }
            properties.append(.modality(row[10]))
            properties.append(.historical(row[11]))
            properties.append(.confidence(row[13]))
            let counts = try Row.fetchOne(db, sql: "SELECT count(DISTINCT article), count(*) FROM action_mention WHERE event = ?", arguments: [id])!
            properties.append(.articleCount(counts[0]))
            properties.append(.mentionCount(counts[1]))
            try visitor.node(GraphNode(iri: minter.action(key), id: IRIMinter.actionNodeID(key), kind: .action, properties: properties))
            guard links else { continue }
            if let link = try entityLink(.agent, agent) { try visitor.link(link) }
            if let link = try entityLink(.target, target) { try visitor.link(link) }
            if let link = try entityLink(.treaty, row[7]) { try visitor.link(link) }
            if let link = try entityLink(.place, row[8]) { try visitor.link(link) }
            if let link = try entityLink(.attributedTo, row[12]) { try visitor.link(link) }
            let (articles, evidence) = try provenance(sql: """
                SELECT DISTINCT a.hash, s.start, s."end" FROM action_mention m JOIN sentence s ON s.id = m.sentence JOIN article a ON a.id = m.article
                WHERE m.event = ? ORDER BY a.hash, s.start, s."end"
                """, [id])
            for hash in articles { try visitor.link(articleLink(hash)) }
            for (hash, start, end) in evidence { try visitor.link(evidenceLink(hash, start, end)) }
        }
    }

    mutating func relations<V: GraphVisitor>(_ visitor: inout V) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.id, r.key, r.type, r.subject, r.object, r.role, r.confidence, s.label, o.label
            FROM relation r JOIN entity s ON s.id = r.subject JOIN entity o ON o.id = r.object ORDER BY r.key
            """)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let key: String = row[1]
            let type: String = row[2]
            var properties: [NodeProperty] = [.label("\(row[7] as String) \(type.replacingOccurrences(of: "_", with: " ")) \(row[8] as String)"), .relationType(type)]
            if let role: String = row[5] { properties.append(.role(role)) }
            properties.append(.confidence(row[6]))
            let counts = try Row.fetchOne(db, sql: "SELECT count(DISTINCT article), count(*) FROM relation_evidence WHERE relation = ?", arguments: [id])!
            properties.append(.articleCount(counts[0]))
            properties.append(.mentionCount(counts[1]))
            try visitor.node(GraphNode(iri: minter.relation(key), id: IRIMinter.relationNodeID(key), kind: .relation, properties: properties))
            guard links else { continue }
            if let link = try entityLink(.subject, row[3]) { try visitor.link(link) }
            if let link = try entityLink(.object, row[4]) { try visitor.link(link) }
            let (articles, evidence) = try provenance(sql: """
                SELECT DISTINCT a.hash, s.start, s."end" FROM relation_evidence r JOIN sentence s ON s.id = r.sentence JOIN article a ON a.id = r.article
                WHERE r.relation = ? ORDER BY a.hash, s.start, s."end"
                """, [id])
            for hash in articles { try visitor.link(articleLink(hash)) }
            for (hash, start, end) in evidence { try visitor.link(evidenceLink(hash, start, end)) }
        }
    }
}
