/// Everything extracted from one article: the unit the store merges in one transaction.
public struct ArticleExtraction: Sendable {
    public var article: Article
    /// The article text (offsets refer to it).
    public var text: String
    public var sentences: [EvidenceSentence]
    public var entities: [ExtractedEntity]
    public var actions: [ExtractedAction]
    public var relations: [ExtractedRelation]

    public init(article: Article, text: String, sentences: [EvidenceSentence] = [], entities: [ExtractedEntity] = [],
                actions: [ExtractedAction] = [], relations: [ExtractedRelation] = []) {
        self.article = article
        self.text = text
        self.sentences = sentences
        self.entities = entities
        self.actions = actions
        self.relations = relations
    }
}

/// A sentence of an article, cited as evidence.
public struct EvidenceSentence: Sendable, Equatable {
    /// Code-point offsets into the article text.
    public var start: Int
    public var end: Int
    /// The sentence as it stands in the article.
    public var text: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

/// A mention of an entity: its span and the sentence it is in.
public struct Mention: Sendable, Equatable {
    public var start: Int
    public var end: Int
    /// Index into `ArticleExtraction.sentences`.
    public var sentence: Int
    public var surface: String

    public init(start: Int, end: Int, sentence: Int, surface: String) {
        self.start = start
        self.end = end
        self.sentence = sentence
        self.surface = surface
    }
}

/// An entity as found in one article, with its identity across articles.
public struct ExtractedEntity: Sendable, Equatable {
    public var key: EntityKey
    public var label: String
    /// Surface forms seen in this article (names, short forms, metonyms).
    public var aliases: [String]
    /// For names one side of a dispute uses ("Northern Territories" → "Japan"): who uses it.
    public var aliasUsedBy: [String: String] = [:]
    public var gazetteerID: String?
    /// Wikidata and GeoNames IRIs.
    public var sameAs: [String]
    public var latitude: Double?
    public var longitude: Double?
    public var mentions: [Mention]
    public var confidence: Double

    public init(key: EntityKey, label: String, aliases: [String] = [], gazetteerID: String? = nil, sameAs: [String] = [],
                latitude: Double? = nil, longitude: Double? = nil, mentions: [Mention] = [], confidence: Double = 0.5) {
        self.key = key
        self.label = label
        self.aliases = aliases
        self.gazetteerID = gazetteerID
        self.sameAs = sameAs
        self.latitude = latitude
        self.longitude = longitude
        self.mentions = mentions
        self.confidence = confidence
    }
}

/// One report of an action in one sentence.
public struct ExtractedAction: Sendable, Equatable {
    /// The action type label (`halt_talks`).
    public var type: String
    public var cameo: String
    public var plover: String
    public var agent: EntityKey?
    public var target: EntityKey?
    public var treaty: EntityKey?
    public var place: EntityKey?
    /// The event date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, when the text gives it.
    public var date: String?
    public var modality: Modality
    /// The event lies well before the article (its own date is kept).
    public var historical: Bool
    /// For claims: who claims it.
    public var speaker: EntityKey?
    /// Index into `ArticleExtraction.sentences`.
    public var sentence: Int
    /// The trigger's code-point span.
    public var triggerStart: Int
    public var triggerEnd: Int
    public var confidence: Double

    public init(type: String, cameo: String, plover: String, agent: EntityKey?, target: EntityKey? = nil,
                treaty: EntityKey? = nil, place: EntityKey? = nil, date: String? = nil, modality: Modality = .asserted,
                historical: Bool = false, speaker: EntityKey? = nil, sentence: Int, triggerStart: Int, triggerEnd: Int,
                confidence: Double) {
        self.type = type
        self.cameo = cameo
        self.plover = plover
        self.agent = agent
        self.target = target
        self.treaty = treaty
        self.place = place
        self.date = date
        self.modality = modality
        self.historical = historical
        self.speaker = speaker
        self.sentence = sentence
        self.triggerStart = triggerStart
        self.triggerEnd = triggerEnd
        self.confidence = confidence
    }
}

/// One report of a stative relation in one sentence.
public struct ExtractedRelation: Sendable, Equatable {
    public var relation: StateRelation
    public var subject: EntityKey
    public var object: EntityKey
    /// The office or role, for `leader_of` ("prime minister").
    public var role: String?
    public var sentence: Int
    public var confidence: Double

    public init(relation: StateRelation, subject: EntityKey, object: EntityKey, role: String? = nil, sentence: Int, confidence: Double) {
        self.relation = relation
        self.subject = subject
        self.object = object
        self.role = role
        self.sentence = sentence
        self.confidence = confidence
    }
}
