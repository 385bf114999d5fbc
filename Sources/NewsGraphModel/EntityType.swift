/// The kinds of named things NewsGraph extracts.
public enum EntityType: String, CaseIterable, Sendable, Codable, Comparable {
    case person = "Person"
    case country = "Country"
    case organization = "Organization"
    case place = "Place"
    case treaty = "Treaty"

    /// Persons, countries and organizations act; places and treaties do not.
    public var isActor: Bool {
        switch self {
        case .person, .country, .organization: return true
        case .place, .treaty: return false
        }
    }

    /// The path segment used in IRIs and GraphML ids (`country`, `person`, ...).
    public var slug: String { rawValue.lowercased() }

    public init?(caseInsensitive name: String) {
        guard let match = EntityType.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            return nil
        }
        self = match
    }

    public static func < (lhs: EntityType, rhs: EntityType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The identity of an entity across articles: its type and the slug of its canonical name
/// (or its gazetteer id). Two mentions with the same key are the same node.
public struct EntityKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var type: EntityType
    public var slug: String

    public init(type: EntityType, slug: String) {
        self.type = type
        self.slug = slug
    }

    /// `country/japan`: the form stored and used in IRIs.
    public var description: String { "\(type.slug)/\(slug)" }

    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/"),
              let type = EntityType(caseInsensitive: String(text[..<slash])) else { return nil }
        self.init(type: type, slug: String(text[text.index(after: slash)...]))
    }

    public static func < (lhs: EntityKey, rhs: EntityKey) -> Bool {
        (lhs.type.rawValue, lhs.slug) < (rhs.type.rawValue, rhs.slug)
    }
}

/// The stative relations between entities.
public enum StateRelation: String, CaseIterable, Sendable, Codable {
    case claims
    case controls
    case memberOf = "member_of"
    case partOf = "part_of"
    case leaderOf = "leader_of"
    case partyTo = "party_to"
    case locatedIn = "located_in"
}

/// How an action is asserted by its source.
public enum Modality: String, Sendable, Codable, CaseIterable {
    /// The narrator states that it happened.
    case asserted
    /// The agent announced that it will do it ("said it would halt talks").
    case announced
    /// A speaker claims it; the article does not assert it as fact.
    case claimed
}
