import Foundation

/// Finds the articles in files and folders and reads them one at a time.
///
/// `.txt` (and files with no known extension), `.html`/`.htm`/`.xhtml`, and JSON Lines
/// (`.jsonl`, `.ndjson`, `.json`), each optionally gzip-compressed (`.gz`). Folders recurse in
/// name order; hidden files are skipped.
public struct InputReader {
    public var limits: IngestLimits

    public init(limits: IngestLimits = IngestLimits()) {
        self.limits = limits
    }

    public enum FileKind: Equatable {
        case text, html, jsonLines
    }

    /// What kind of input a path holds, judged by its extension (inside `.gz` too).
    public static func kind(of path: String) -> FileKind? {
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        let ext = (name as NSString).pathExtension
        switch ext {
        case "txt", "text", "md": return .text
        case "html", "htm", "xhtml", "xml": return .html
        case "jsonl", "ndjson", "json": return .jsonLines
        case "": return .text
        default: return nil
        }
    }

    /// Expands the inputs into files, with the name each article file is known by.
    public func files(_ inputs: [String]) -> (files: [(path: String, name: String)], problems: [InputProblem]) {
        var files: [(String, String)] = []
        var problems: [InputProblem] = []
        let fm = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else {
                problems.append(InputProblem(.missing, path: input, message: "no such file or folder",
                                             hint: "check the path (it is relative to \(fm.currentDirectoryPath))"))
                continue
            }
            if !isDirectory.boolValue {
                files.append((input, (input as NSString).lastPathComponent))
                continue
            }
            guard let enumerator = fm.enumerator(atPath: input) else {
                problems.append(InputProblem(.unreadable, path: input, message: "cannot list the folder", hint: "check its permissions"))
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { continue }
                if InputReader.kind(of: name) != nil || (name as NSString).pathExtension.isEmpty { found.append(relative) }
            }
            if !fm.isReadableFile(atPath: input) {
                problems.append(InputProblem(.unreadable, path: input, message: "cannot read the folder", hint: "check its permissions"))
            }
            for relative in found.sorted() {
                files.append(((input as NSString).appendingPathComponent(relative), relative))
            }
        }
        return (files, problems)
    }

    /// Reads every article of one file. Problems with single records (a bad JSON line) go to
    /// `problem` and reading goes on; a problem with the whole file is thrown.
    public func read(path: String, name: String, article: (RawArticle) throws -> Void,
                     problem: (InputProblem) throws -> Void) throws {
        let kind = InputReader.kind(of: path) ?? .text
        switch kind {
        case .jsonLines:
            try JSONLinesReader(limits: limits).read(path: path, article: article, problem: problem)
        case .text, .html:
            let bytes = try readFile(path)
            let text = try TextDecoding.decode(bytes, path: path)
            if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                throw InputProblem(.empty, path: path, message: "the file holds only white space", hint: "remove it or fill it with article text")
            }
            if kind == .html || looksLikeHTML(text) {
                try article(try HTMLReader.read(text, sourceName: name, path: path))
            } else {
                try article(RawArticle(sourceName: name, text: text, origin: path))
            }
        }
    }

    private func looksLikeHTML(_ text: String) -> Bool {
        let head = text.prefix(512).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        var info = stat()
        if stat(path, &info) == 0, !path.hasSuffix(".gz"), Int(info.st_size) > limits.maxArticleBytes {
            throw InputProblem(.tooLarge, path: path,
                               message: "\(Int(info.st_size) / 1_000_000) MB is too large for one article (the limit is \(limits.maxArticleBytes / 1_000_000) MB)",
                               hint: "split it into articles (one JSON Lines record each) or raise --max-article-mb")
        }
        let stream = try ByteStream(path: path)
        return try stream.readAll(limit: limits.maxArticleBytes)
    }
}
