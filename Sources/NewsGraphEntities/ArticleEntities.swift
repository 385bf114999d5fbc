import NewsGraphModel
import NewsGraphText

/// How a mention names its entity.
public enum MentionKind: String, Sendable {
    /// The entity's name or an alias from the gazetteer or the text.
    case name
    /// A capital or seat standing for a state ("Tokyo has pledged", "the Kremlin").
    case metonym
    /// A government body standing for the state ("the Russian Foreign Ministry").
    case government
    /// A surname or first name standing for a person named in full elsewhere.
    case shortName
    /// A described entity ("a post-World War II peace treaty", "the 1956 declaration").
    case description
}

/// A mention of an entity in an article.
public struct EntityMention: Sendable {
    /// Index into `AnalyzedDocument.sentences`.
    public var sentence: Int
    /// Token indices.
    public var tokens: Range<Int>
    /// Index into `ArticleEntities.entities`.
    public var entity: Int
    public var kind: MentionKind
}

/// An adjective or demonym naming a state ("Japanese citizens", "a Chinese submarine").
public struct DemonymMention: Sendable {
    public var sentence: Int
    public var tokens: Range<Int>
    public var entity: Int
}

/// An entity of one article.
public struct LocalEntity: Sendable {
    public var type: EntityType
    public var label: String
    /// Surface forms, in order of first appearance.
    public var aliases: [String]
    /// Index into the gazetteer, when known.
    public var gazetteerEntry: Int?
    /// The gazetteer's kind ("armed-group", "capital", "islands", …), when known.
    public var kind: String?
    /// Person name tokens, for short references.
    public var nameTokens: [String]
    public var confidence: Double
    /// A country or organization the entity acts for, when the text says.
    public var affiliation: Int?
    public var role: String?
    /// For described treaties: the head noun, the year and the modifiers, for merging.
    public var treatyHead: String?
    public var treatyYear: String?
    public var treatyModifiers: [String] = []

    mutating func addAlias(_ alias: String) {
        if !alias.isEmpty && !aliases.contains(alias) { aliases.append(alias) }
    }
}

/// A role stated in the text: who holds which office for whom.
public struct RoleStatement: Sendable {
    public var person: Int
    public var role: String
    public var organization: Int
    public var sentence: Int
}

/// A place named with the place or country that contains it, in one sentence.
public struct Containment: Sendable {
    public var child: Int
    public var parent: Int
    public var sentence: Int
}

/// The entities of one article, their mentions, and what the actions stage needs.
public struct ArticleEntities: Sendable {
    public var analyzed: AnalyzedDocument
    public var entities: [LocalEntity]
    /// Sorted by position.
    public var mentions: [EntityMention]
    public var demonyms: [DemonymMention]
    public var roles: [RoleStatement]
    /// Gazetteer containment stated by co-mention: "Kunashiri" with "the Kuril Islands",
    /// "Havana, Cuba".
    public var containments: [Containment] = []
    /// The cross-article identity of each entity, computed once.
    public var keys: [EntityKey] = []

    /// The mention covering a token, if any.
    public func mention(covering token: Int) -> EntityMention? {
        var low = 0
        var high = mentions.count
        while low < high {
            let mid = (low + high) / 2
            if mentions[mid].tokens.upperBound <= token { low = mid + 1 } else { high = mid }
        }
        if low < mentions.count, mentions[low].tokens.contains(token) { return mentions[low] }
        return nil
    }

    /// The mentions inside a sentence.
    public func mentions(in sentence: Int) -> [EntityMention] {
        mentions.filter { $0.sentence == sentence }
    }
}
