#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NewsGraphModel

/// Writes a graph in any of the formats, streaming, to a sink or atomically to a file.
public enum Exporter {
    /// Streams `graph` as `format` into `sink`.
    public static func write(_ graph: some GraphSource, as format: GraphFormat, to sink: ByteSink, path: String = "-") throws {
        try write(graph, as: format, to: sink, path: path, escapingEverything: false)
    }

    /// `escapingEverything`: XML goes through libxml2's writer and escapers alone, as a
    /// reference for tests.
    static func write(_ graph: some GraphSource, as format: GraphFormat, to sink: ByteSink, path: String, escapingEverything: Bool) throws {
        switch format {
        case .graphML:
            var writer = GraphMLWriter()
            writer.escapesEverything = escapingEverything
            try writer.write(graph, to: sink, path: path)
        case .rdfXML:
            let writer = try RDFXMLStreamWriter(sink: sink, path: path)
            writer.xml.escapesEverything = escapingEverything
            try stream(graph, writer)
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
        } catch {
            sink.abandon()
            throw exportError(error, path: path, format: format)
        }
    }

    private static func exportError(_ error: Error, path: String, format: GraphFormat) -> ExportError {
        if var error = error as? ExportError {
            error.format = error.format ?? format
            return error
        }
        return ExportError(path: path, format: format, message: "\(error)")
    }

    /// Creates `directory` (and its parents) if needed and checks that a file can be created
    /// in it, so a command can fail before its work rather than after. Also removes the
    /// temporary files of exports that were killed before they finished.
    public static func prepareDirectory(_ directory: String, baseName: String = "graph", formats: [GraphFormat] = GraphFormat.allCases) throws {
        try makeDirectory(directory)
        let probe = directory + "/.newsgraph-write-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            let code = errno
            throw ExportError(path: directory, message: "cannot write in the output folder: \(String(cString: strerror(code))); "
                + (code == EROFS ? "the disk is read-only, choose another --out" : "fix its permissions or choose another --out"))
        }
        close(fd)
        unlink(probe)
        for format in formats {
            AtomicFileSink.removeStaleTemporaries(in: directory, for: baseName + "." + format.fileExtension)
        }
    }

    private static func makeDirectory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 {
            if (info.st_mode & S_IFMT) != S_IFDIR {
                throw ExportError(path: directory, message: "this is a file, not a folder; give --out a folder")
            }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != directory { try makeDirectory(parent) }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            let code = errno
            throw ExportError(path: directory, message: "cannot create the output folder: \(String(cString: strerror(code))); "
                + (code == EROFS ? "the disk is read-only, choose another --out" : "check the permissions of \(parent.isEmpty ? "." : parent) or choose another --out"))
        }
    }

    /// Writes every format into `directory` as `graph.<extension>`, all or nothing: each file
    /// is written to a temporary file first, and only when every one is complete and synced
    /// are they renamed into place. A failure (a full disk, a write error) leaves every
    /// previous export as it was, never a mix of old and new files.
    public static func writeAll(_ graph: some GraphSource, toDirectory directory: String,
                                formats: [GraphFormat] = GraphFormat.allCases, baseName: String = "graph") throws {
        try prepareDirectory(directory, baseName: baseName, formats: formats)
        var sinks: [AtomicFileSink] = []
        defer { for sink in sinks { sink.abandon() } }
        for format in formats {
            let path = directory + "/" + baseName + "." + format.fileExtension
            let sink = try AtomicFileSink(path: path)
            sinks.append(sink)
            do {
                try write(graph, as: format, to: sink, path: path)
                try sink.finish()
            } catch {
                throw exportError(error, path: path, format: format)
            }
        }
        for (sink, format) in zip(sinks, formats) {
            do { try sink.publish() } catch { throw exportError(error, path: sink.path, format: format) }
        }
        let dir = open(directory, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir) // the renames themselves survive a crash
            close(dir)
        }
    }
}
