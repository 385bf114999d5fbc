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

    /// The path segment used in IRIs and GraphML ids: the raw value lowercased, spelled out
    /// because exports mint it for every entity link (`lowercased()` allocated each time).
    public var slug: String {
        switch self {
        case .person: return "person"
        case .country: return "country"
        case .organization: return "organization"
        case .place: return "place"
        case .treaty: return "treaty"
        }
    }

    public init?(caseInsensitive name: String) {
        // ASCII names (every stored key's) are matched on bytes: `lowercased()` and a search of
        // `allCases` cost ~1,000 instructions a key, and exports read a key per entity and link.
        // Others take Unicode's lowercasing, as before.
        let ascii: EntityType?? = name.withUTF8Bytes { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return .none }
            for (type, slug) in EntityType.asciiSlugs where slug.count == bytes.count {
                var same = true
                for i in 0..<slug.count {
                    let byte = bytes[i]
                    if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != slug[i] {
                        same = false
                        break
                    }
                }
                if same { return .some(type) }
            }
            return .some(nil)
        }
        if let ascii {
            guard let ascii else { return nil }
            self = ascii
            return
        }
        let lowered = name.lowercased()
        guard let match = EntityType.allCases.first(where: { $0.slug == lowered }) else {
            return nil
        }
        self = match
    }

    private static let asciiSlugs: [(EntityType, [UInt8])] = allCases.map { ($0, Array($0.slug.utf8)) }

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
        // Keys whose type is ASCII and whose slash is followed by ASCII (every stored key):
        // the slash is a Character of its own, so the parts are cut on bytes (String indices
        // cost ~300 instructions a step here, and exports read a key per entity and link).
        let parts: (type: String, slug: String)? = text.withUTF8Bytes { bytes in
            guard let slash = bytes.firstIndex(of: 0x2F), slash + 1 == bytes.count || bytes[slash + 1] < 0x80,
                  !bytes[..<slash].contains(where: { $0 >= 0x80 }) else { return nil }
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<slash]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]), as: UTF8.self))
        }
        if let parts {
            guard let type = EntityType(caseInsensitive: parts.type) else { return nil }
            self.init(type: type, slug: parts.slug)
            return
        }
        // The slash found on bytes (a Character walk cost ~400 instructions a character) is the
        // first slash Character unless a non-ASCII scalar that may combine with it follows;
        // those keys take the Character walk.
        let utf8 = text.utf8
        var slash = utf8.firstIndex(of: UInt8(ascii: "/"))
        if let byteSlash = slash, let next = utf8[utf8.index(after: byteSlash)...].first, next >= 0x80 {
            slash = text.firstIndex(of: "/")
        }
        guard let slash, let type = EntityType(caseInsensitive: String(text[..<slash])) else { return nil }
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
