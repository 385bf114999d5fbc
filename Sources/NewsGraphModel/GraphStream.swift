/// The node types of an exported graph, in export order.
public enum NodeKind: String, CaseIterable, Sendable, Comparable {
    case article = "Article"
    case evidence = "Evidence"
    case country = "Country"
    case organization = "Organization"
    case person = "Person"
    case place = "Place"
    case treaty = "Treaty"
    case action = "Action"
    case relation = "Relation"

    public init(_ type: EntityType) {
        switch type {
        case .person: self = .person
        case .country: self = .country
        case .organization: self = .organization
        case .place: self = .place
        case .treaty: self = .treaty
        }
    }

    public var entityType: EntityType? { EntityType(rawValue: rawValue) }

    /// The position in `allCases` (export order), without building `allCases`.
    public var order: Int {
        switch self {
        case .article: return 0
        case .evidence: return 1
        case .country: return 2
        case .organization: return 3
        case .person: return 4
        case .place: return 5
        case .treaty: return 6
        case .action: return 7
        case .relation: return 8
        }
    }

    public static func < (lhs: NodeKind, rhs: NodeKind) -> Bool { lhs.order < rhs.order }
}

/// A literal property of a node. Writers map each case to an RDF property and a GraphML key.
public enum NodeProperty: Sendable, Equatable {
    case label(String)
    case alias(String)
    case confidence(Double)
    case articleCount(Int)
    case mentionCount(Int)
    case sameAs(String)
    case latitude(Double)
    case longitude(Double)
    case headline(String)
    case outlet(String)
    case published(String)
    case url(String)
    case sourceName(String)
    case contentHash(String)
    case text(String)
    case start(Int)
    case end(Int)
    case actionType(String)
    case cameo(String)
    case plover(String)
    case eventDate(String)
    case modality(String)
    case historical(Bool)
    case relationType(String)
    case role(String)
}

/// The role of a link from one node to another.
public enum LinkRole: Sendable, Hashable {
    case agent, target, treaty, place, attributedTo
    case derivedFrom, evidence, quotedFrom
    case subject, object
    /// A direct stative triple (`Japan ng:memberOf G7`).
    case state(StateRelation)
    /// A direct actor-to-actor triple per action type (`Russia nga:halt_talks Japan`).
    case act(String)
}

public struct GraphNode: Sendable, Equatable {
    public var iri: String
    /// The GraphML node id (an NMTOKEN).
    public var id: String
    public var kind: NodeKind
    public var properties: [NodeProperty]
    /// The IRI as bytes lent for the visitor's `node` call, in place of `iri`, for a visitor
    /// that reads IRIs so (`LinkTargetNames.iriBytes`).
    public var lentIRI: LentBytes?

    public init(iri: String, id: String, kind: NodeKind, properties: [NodeProperty], lentIRI: LentBytes? = nil) {
        self.iri = iri
        self.id = id
        self.kind = kind
        self.properties = properties
        self.lentIRI = lentIRI
    }
}

public struct GraphLink: Sendable, Equatable {
    public var role: LinkRole
    public var targetIRI: String
    public var targetID: String
    /// The number of sources behind the link; at least 1.
    public var weight: Double
    /// The target's IRI as bytes lent for the visitor's `link` call, in place of `targetIRI`,
    /// for a visitor that reads IRIs so (`LinkTargetNames.iriBytes`).
    public var lentTargetIRI: LentBytes?

    public init(role: LinkRole, targetIRI: String, targetID: String, weight: Double = 1, lentTargetIRI: LentBytes? = nil) {
        self.role = role
        self.targetIRI = targetIRI
        self.targetID = targetID
        self.weight = max(1, weight)
        self.lentTargetIRI = lentTargetIRI
    }

    /// The target's IRI, lent or as a String.
    public var targetIRIString: String { lentTargetIRI?.string ?? targetIRI }
}

/// Receives a graph as a stream: each node, then the links that leave it.
public protocol GraphVisitor {
    mutating func node(_ node: GraphNode) throws
    /// A link leaving the node passed last to `node(_:)`.
    mutating func link(_ link: GraphLink) throws
    /// Which names of nodes and link targets the visitor reads. A source may leave the other
    /// one empty: RDF writes IRIs and GraphML node ids, and minting both for each of millions
    /// of links was a tenth of an export. A node whose label may be empty keeps its id: every
    /// writer labels it with the id.
    static var linkTargetNames: LinkTargetNames { get }
}

public struct LinkTargetNames: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let iri = LinkTargetNames(rawValue: 1)
    public static let id = LinkTargetNames(rawValue: 2)
    /// Nodes' and link targets' IRIs lent as bytes (`GraphNode.lentIRI`,
    /// `GraphLink.lentTargetIRI`) instead of Strings.
    public static let iriBytes = LinkTargetNames(rawValue: 4)
}

extension GraphVisitor {
    public static var linkTargetNames: LinkTargetNames { [.iri, .id] }
}

/// Something that can stream a whole graph in a deterministic order (node kind, then IRI),
/// without holding it in memory.
public protocol GraphSource {
    func walk<V: GraphVisitor>(_ visitor: inout V, links: Bool) throws
}

/// A graph held in memory: for tests, and for small graphs built by hand.
public struct MemoryGraph: GraphSource, Sendable {
    public private(set) var nodes: [GraphNode] = []
    public private(set) var links: [String: [GraphLink]] = [:]

    public init() {}

    public mutating func add(_ node: GraphNode) { nodes.append(node) }

    public mutating func link(_ from: GraphNode, _ link: GraphLink) { links[from.iri, default: []].append(link) }

    public func walk<V: GraphVisitor>(_ visitor: inout V, links includeLinks: Bool) throws {
        for node in nodes.sorted(by: { ($0.kind.order, $0.iri) < ($1.kind.order, $1.iri) }) {
            try visitor.node(node)
            guard includeLinks else { continue }
            for link in (links[node.iri] ?? []).sorted(by: { ($0.targetIRI, "\($0.role)") < ($1.targetIRI, "\($1.role)") }) {
                try visitor.link(link)
            }
        }
    }
}
