import Foundation
import NewsGraphModel

/// Writes a graph in any of the formats, streaming, to a sink or atomically to a file.
public enum Exporter {
    /// Streams `graph` as `format` into `sink`.
    public static func write(_ graph: some GraphSource, as format: GraphFormat, to sink: ByteSink, path: String = "-") throws {
        switch format {
        case .graphML:
            try GraphMLWriter().write(graph, to: sink, path: path)
        case .rdfXML:
            try stream(graph, RDFXMLStreamWriter(sink: sink, path: path))
        case .jsonLD:
            try stream(graph, JSONLDStreamWriter(sink: sink))
        case .nTriples:
            try stream(graph, NTriplesWriter(sink: sink))
        case .turtle:
            try stream(graph, TurtleWriter(sink: sink))
        }
    }

    private static func stream<W: RDFStreamWriter>(_ graph: some GraphSource, _ writer: W) throws {
        var mapper = RDFMapper(writer: writer)
        try mapper.writer.begin()
        try graph.walk(&mapper, links: true)
        try mapper.writer.finish()
    }

    /// Writes `graph` to `path` through a temporary file and a rename: an interrupted or
    /// failed export never leaves a truncated file, and the previous file stays intact.
    public static func write(_ graph: some GraphSource, as format: GraphFormat, toFile path: String) throws {
        let sink = try AtomicFileSink(path: path)
        do {
            try write(graph, as: format, to: sink, path: path)
            try sink.commit()
        } catch var error as ExportError {
            sink.abandon()
            error.format = error.format ?? format
            throw error
        } catch {
            sink.abandon()
            throw ExportError(path: path, format: format, message: "\(error)")
        }
    }

    /// Writes every format into `directory` as `graph.<extension>`.
    public static func writeAll(_ graph: some GraphSource, toDirectory directory: String,
                                formats: [GraphFormat] = GraphFormat.allCases, baseName: String = "graph") throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ExportError(path: directory, message: "cannot create the output folder: \(error.localizedDescription); choose another --out")
            }
        } else if !isDirectory.boolValue {
            throw ExportError(path: directory, message: "this is a file, not a folder; give --out a folder")
        }
        for format in formats {
            try write(graph, as: format, toFile: directory + "/" + baseName + "." + format.fileExtension)
        }
    }
}
