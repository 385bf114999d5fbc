import NewsGraphModel

/// A subject and its triples, for small hand-built graphs such as the ontology.
public struct RDFDescription: Sendable {
    public var iri: String
    public var type: String
    public var triples: [(predicate: String, object: RDFObject)]

    public init(iri: String, type: String, triples: [(predicate: String, object: RDFObject)]) {
        self.iri = iri
        self.type = type
        self.triples = triples
    }
}

extension Exporter {
    /// Writes descriptions (each subject once, its predicates grouped) as Turtle, RDF/XML,
    /// N-Triples or JSON-LD.
    public static func write(_ descriptions: [RDFDescription], as format: GraphFormat, to sink: ByteSink, path: String = "-") throws {
        func run<W: RDFStreamWriter>(_ w: W) throws {
            var writer = w
            try writer.begin()
            for d in descriptions {
                try writer.subject(d.iri, type: d.type)
                var grouped: [(String, [RDFObject])] = []
                for (p, o) in d.triples {
                    if let i = grouped.firstIndex(where: { $0.0 == p }) { grouped[i].1.append(o) } else { grouped.append((p, [o])) }
                }
                for (p, objects) in grouped { for o in objects { try writer.triple(p, o) } }
            }
            try writer.finish()
        }
        switch format {
        case .turtle: try run(TurtleWriter(sink: sink))
        case .rdfXML: try run(RDFXMLStreamWriter(sink: sink, path: path))
        case .nTriples: try run(NTriplesWriter(sink: sink))
        case .jsonLD: try run(JSONLDStreamWriter(sink: sink))
        case .graphML: throw ExportError(path: path, format: format, message: "descriptions are RDF; GraphML cannot hold them")
        }
    }
}

/// The NewsGraph ontology, built from the vocabulary the writers use and the action types
/// of the lexicon, so every class and property an export uses is defined.
public enum OntologyBuilder {
    static let ng = Namespace.ng
    static let owlClass = Namespace.owl + "Class"
    static let objectProperty = Namespace.owl + "ObjectProperty"
    static let datatypeProperty = Namespace.owl + "DatatypeProperty"
    static let annotationProperty = Namespace.owl + "AnnotationProperty"
    static let label = Namespace.rdfs + "label"
    static let comment = Namespace.rdfs + "comment"
    static let subClassOf = Namespace.rdfs + "subClassOf"
    static let subPropertyOf = Namespace.rdfs + "subPropertyOf"
    static let domain = Namespace.rdfs + "domain"
    static let range = Namespace.rdfs + "range"
    static let definedBy = Namespace.rdfs + "isDefinedBy"
    public static let ontologyIRI = "https://newsgraph.example.org/ontology"
    public static let schemeIRI = Namespace.ng + "ActionTypes"

    static func text(_ s: String) -> RDFObject { .literal(s, datatype: nil) }

    static func term(_ iri: String, _ type: String, _ l: String, _ c: String, _ extra: [(String, RDFObject)] = []) -> RDFDescription {
        RDFDescription(iri: iri, type: type, triples: [(label, text(l)), (comment, text(c)), (definedBy, .iri(ontologyIRI))] + extra)
    }

    static func cls(_ name: String, _ l: String, _ c: String, _ supers: [String]) -> RDFDescription {
        term(ng + name, owlClass, l, c, supers.map { (subClassOf, .iri($0)) })
    }

    static func objectProp(_ iri: String, _ l: String, _ c: String, domain d: String? = nil, range r: String? = nil, sub: String? = nil) -> RDFDescription {
        var extra: [(String, RDFObject)] = []
        if let d { extra.append((domain, .iri(d))) }
        if let r { extra.append((range, .iri(r))) }
        if let sub { extra.append((subPropertyOf, .iri(sub))) }
        return term(iri, objectProperty, l, c, extra)
    }

    static func dataProp(_ iri: String, _ l: String, _ c: String, domain d: String? = nil, range r: String? = nil, sub: String? = nil) -> RDFDescription {
        var extra: [(String, RDFObject)] = []
        if let d { extra.append((domain, .iri(d))) }
        if let r { extra.append((range, .iri(r))) }
        if let sub { extra.append((subPropertyOf, .iri(sub))) }
        return term(iri, datatypeProperty, l, c, extra)
    }

    public static func descriptions(actionTypes: [ActionType]) -> [RDFDescription] {
        let xsd = Namespace.xsd
        let prov = Namespace.prov
        let schema = Namespace.schema
        let sem = Namespace.sem
        var out: [RDFDescription] = []
        out.append(RDFDescription(iri: ontologyIRI, type: Namespace.owl + "Ontology", triples: [
            (label, text("NewsGraph ontology")),
            (comment, text("Actors, places, treaties and actions extracted from news articles, each traced to the articles and sentences it came from. Reuses SEM for events, PROV-O for provenance, schema.org for articles and entities, and SKOS for the action types with their CAMEO and PLOVER codes.")),
            (Namespace.owl + "versionInfo", text("0.1.0")),
        ]))
        // Classes.
        out += [
            cls("Actor", "actor", "Anything that acts in the news: a person, a country or an organization.", [sem + "Actor"]),
            cls("Person", "person", "A named individual.", [ng + "Actor", schema + "Person"]),
            cls("Country", "country", "A sovereign state, former state or de facto state, acting or mentioned as a state. Its capital, government, ministries and embassies are aliases.", [ng + "Actor", schema + "Country"]),
            cls("Organization", "organization", "An intergovernmental body, armed group, party, agency, company or news organization.", [ng + "Actor", schema + "Organization"]),
            cls("Place", "place", "A city, region, island, sea, territory or building.", [sem + "Place", schema + "Place"]),
            cls("Treaty", "treaty", "A treaty, agreement, declaration, memorandum or similar instrument, named or described.", [schema + "CreativeWork"]),
            cls("Action", "action", "An event: who did what to whom, where, when and about which treaty, as reported by news articles.", [sem + "Event", prov + "Activity"]),
            cls("Relation", "relation", "A stative relation between two entities (claims, controls, member of, part of, leader of, party to, located in) with its evidence.", [prov + "Entity"]),
            cls("Article", "article", "A source news article.", [schema + "NewsArticle", prov + "Entity"]),
            cls("Evidence", "evidence", "A sentence of an article cited as evidence, with its character offsets.", [prov + "Entity"]),
        ]
        // Provenance and counts.
        out += [
            dataProp(ng + "confidence", "confidence", "How sure the extractor is, from 0 to 1.", range: xsd + "decimal"),
            dataProp(ng + "articleCount", "article count", "The number of source articles behind the node.", range: xsd + "integer"),
            dataProp(ng + "mentionCount", "mention count", "The number of mentions or reports behind the node.", range: xsd + "integer"),
            objectProp(ng + "evidence", "evidence", "A sentence that supports the node; the node is derived from the article the sentence is quoted from.", range: ng + "Evidence"),
            objectProp(prov + "wasDerivedFrom", "was derived from", "A source article of the node (PROV-O)."),
            objectProp(prov + "wasQuotedFrom", "was quoted from", "The article an evidence sentence is quoted from (PROV-O).", sub: prov + "wasDerivedFrom"),
            objectProp(prov + "wasAttributedTo", "was attributed to", "The speaker an action is attributed to, for claims (PROV-O)."),
            dataProp(prov + "value", "value", "The text of an evidence sentence, as it stands in the article (PROV-O)."),
            dataProp(ng + "startOffset", "start offset", "Where the sentence starts in the article text, in Unicode code points from 0.", domain: ng + "Evidence", range: xsd + "integer"),
            dataProp(ng + "endOffset", "end offset", "Where the sentence ends in the article text (exclusive), in Unicode code points.", domain: ng + "Evidence", range: xsd + "integer"),
        ]
        // Names and identifiers.
        out += [
            term(Namespace.rdfs + "label", annotationProperty, "label", "The name of a node: an entity's canonical name, an article's title, an action's summary."),
            term(Namespace.skos + "altLabel", annotationProperty, "alias", "Another name of an entity as it appears in the articles: short forms, acronyms, spelling variants, metonyms, government phrases (SKOS)."),
            dataProp(schema + "sameAs", "same as", "The entity's Wikidata or GeoNames IRI, as an xsd:anyURI literal (schema.org)."),
            dataProp(schema + "latitude", "latitude", "WGS 84 latitude in decimal degrees (GeoNames)."),
            dataProp(schema + "longitude", "longitude", "WGS 84 longitude in decimal degrees (GeoNames)."),
        ]
        // Articles.
        out += [
            dataProp(schema + "headline", "headline", "The article's title (schema.org)."),
            dataProp(ng + "outlet", "outlet", "The news outlet that published the article, when stated.", domain: ng + "Article", range: xsd + "string"),
            dataProp(schema + "datePublished", "date published", "The publication date: xsd:date, or xsd:gYearMonth or xsd:gYear when only the month or year is known (schema.org)."),
            dataProp(schema + "url", "URL", "The article's URL, when known (schema.org)."),
            dataProp(ng + "sourceName", "source name", "The input file name or JSON Lines id the article was read from.", domain: ng + "Article", range: xsd + "string"),
            dataProp(ng + "contentHash", "content hash", "sha256: and the hex SHA-256 of the article text; the article's identity.", domain: ng + "Article", range: xsd + "string"),
        ]
        // Actions.
        out += [
            objectProp(ng + "actionType", "action type", "The kind of action, a concept of the NewsGraph action types scheme.", domain: ng + "Action", range: Namespace.skos + "Concept"),
            dataProp(ng + "cameoCode", "CAMEO code", "The CAMEO event code, as a string with its leading zero (\"057\").", range: xsd + "string"),
            dataProp(ng + "ploverCategory", "PLOVER category", "The PLOVER event category (POLECAT): AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT.", range: xsd + "string"),
            objectProp(ng + "agent", "agent", "Who did it.", domain: ng + "Action", range: ng + "Actor", sub: sem + "hasActor"),
            objectProp(ng + "target", "target", "To or with whom it was done.", domain: ng + "Action", range: ng + "Actor", sub: sem + "hasActor"),
            objectProp(ng + "treaty", "treaty", "The treaty the action is about.", domain: ng + "Action", range: ng + "Treaty"),
            objectProp(ng + "place", "place", "Where the action happened or which territory it concerns: a place or a country.", domain: ng + "Action", sub: sem + "hasPlace"),
            dataProp(ng + "eventDate", "event date", "When the action happened, normalized against the article date: xsd:date, xsd:gYearMonth or xsd:gYear.", domain: ng + "Action"),
            dataProp(ng + "modality", "modality", "asserted (the article states it happened), announced (the agent said it will do it) or claimed (a speaker claims it).", domain: ng + "Action", range: xsd + "string"),
            dataProp(ng + "historical", "historical", "True for background events well before the article, kept with their own date.", domain: ng + "Action", range: xsd + "boolean"),
            objectProp(sem + "hasActor", "has actor", "An actor taking part in an event (SEM)."),
            objectProp(sem + "hasPlace", "has place", "Where an event happened (SEM)."),
            objectProp(ng + "actedOn", "acted on", "A direct link from an agent to a target for an action type; its subproperties are the action types.", domain: ng + "Actor", range: ng + "Actor"),
        ]
        // Stative relations.
        out += [
            dataProp(ng + "relationType", "relation type", "claims, controls, member_of, part_of, leader_of, party_to or located_in.", domain: ng + "Relation", range: xsd + "string"),
            objectProp(ng + "subject", "subject", "The entity the relation is about.", domain: ng + "Relation"),
            objectProp(ng + "object", "object", "The other entity of the relation.", domain: ng + "Relation"),
            dataProp(ng + "role", "role", "The office or role, for leader_of (\"prime minister\").", domain: ng + "Relation", range: xsd + "string"),
            objectProp(ng + "claims", "claims", "Asserts a territorial or sovereign right over a place.", domain: ng + "Actor"),
            objectProp(ng + "controls", "controls", "Holds or occupies a place.", domain: ng + "Actor"),
            objectProp(ng + "memberOf", "member of", "Belongs to an organization or grouping."),
            objectProp(ng + "partOf", "part of", "Is part of a larger place or body."),
            objectProp(ng + "leaderOf", "leader of", "Holds office in or leads a country or organization.", domain: ng + "Person"),
            objectProp(ng + "partyTo", "party to", "Is a party to a treaty.", range: ng + "Treaty"),
            objectProp(ng + "locatedIn", "located in", "Lies within a place or country."),
        ]
        // Action types: the concept scheme and one direct property each.
        out.append(RDFDescription(iri: schemeIRI, type: Namespace.skos + "ConceptScheme", triples: [
            (label, text("NewsGraph action types")),
            (comment, text("The kinds of actions NewsGraph extracts, each with its CAMEO code and PLOVER category (see ontology/lexicon/action-types.tsv).")),
        ]))
        for type in actionTypes.sorted(by: { $0.label < $1.label }) {
            let name = type.label.replacingOccurrences(of: "_", with: " ")
            let description = type.description.isEmpty ? name : type.description
            var triples: [(String, RDFObject)] = [
                (Namespace.skos + "prefLabel", text(name)), (label, text(name)), (Namespace.skos + "definition", text(description)),
                (Namespace.skos + "inScheme", .iri(schemeIRI)),
            ]
            if type.kind == .event {
                triples.append((Namespace.skos + "notation", text(type.cameo)))
                triples.append((ng + "cameoCode", text(type.cameo)))
                if !type.plover.isEmpty { triples.append((ng + "ploverCategory", text(type.plover))) }
            } else {
                triples.append((Namespace.skos + "notation", text(type.label)))
            }
            out.append(RDFDescription(iri: Namespace.ngt + type.label, type: Namespace.skos + "Concept", triples: triples))
            if type.kind == .event {
                out.append(objectProp(Namespace.nga + type.label, name, "Direct link from agent to target: the agent did '\(name)' to or with the target (CAMEO \(type.cameo)\(type.plover.isEmpty ? "" : ", PLOVER \(type.plover)")).",
                                      domain: ng + "Actor", range: ng + "Actor", sub: ng + "actedOn"))
            }
        }
        // The reused SKOS terms the scheme itself uses.
        out += [
            term(Namespace.skos + "prefLabel", annotationProperty, "preferred label", "The preferred name of an action type (SKOS)."),
            term(Namespace.skos + "definition", annotationProperty, "definition", "What an action type means (SKOS)."),
            term(Namespace.skos + "notation", datatypeProperty, "notation", "The CAMEO code of an action type (SKOS)."),
            term(Namespace.skos + "inScheme", objectProperty, "in scheme", "The scheme an action type belongs to (SKOS)."),
        ]
        return out
    }
}
