import Foundation

/// The export formats, with the names, extensions and media types users and tools know them by.
public enum GraphFormat: String, CaseIterable, Sendable {
    case graphML = "graphml"
    case rdfXML = "rdfxml"
    case jsonLD = "jsonld"
    case nTriples = "ntriples"
    case turtle = "turtle"

    public var name: String {
        switch self {
        case .graphML: return "GraphML"
        case .rdfXML: return "RDF/XML"
        case .jsonLD: return "JSON-LD"
        case .nTriples: return "N-Triples"
        case .turtle: return "Turtle"
        }
    }

    public var fileExtension: String {
        switch self {
        case .graphML: return "graphml"
        case .rdfXML: return "rdf"
        case .jsonLD: return "jsonld"
        case .nTriples: return "nt"
        case .turtle: return "ttl"
        }
    }

    public var mediaType: String {
        switch self {
        case .graphML: return "application/graphml+xml"
        case .rdfXML: return "application/rdf+xml"
        case .jsonLD: return "application/ld+json"
        case .nTriples: return "application/n-triples"
        case .turtle: return "text/turtle"
        }
    }

    /// Accepts the format name, an extension or a media type (`ttl`, `text/turtle`, `RDF/XML`, `nt`).
    public init?(name: String) {
        let lowered = name.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        for format in GraphFormat.allCases
        where lowered == format.rawValue || lowered == format.fileExtension || lowered == format.mediaType
            || lowered == format.name.lowercased() {
            self = format
            return
        }
        switch lowered {
        case "xml", "owl", "rdf+xml": self = .rdfXML
        case "json-ld", "json": self = .jsonLD
        case "n-triples": self = .nTriples
        default: return nil
        }
    }

    public init?(fileExtension: String) {
        guard let format = GraphFormat.allCases.first(where: { $0.fileExtension == fileExtension.lowercased() }) else { return nil }
        self = format
    }
}
