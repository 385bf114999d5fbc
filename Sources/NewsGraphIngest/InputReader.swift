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
    ///
    /// Folders are walked in name order; hidden entries and files of other types (images,
    /// PDFs) are passed over. What cannot be reached is a problem: a missing path, a broken
    /// symbolic link, a folder that cannot be listed, a symbolic link back into a folder
    /// already walked, a FIFO or device with an article name.
    public func files(_ inputs: [String]) -> (files: [(path: String, name: String)], problems: [InputProblem]) {
        var files: [(String, String)] = []
        var problems: [InputProblem] = []
        let here = FileManager.default.currentDirectoryPath
        for input in inputs {
            var info = stat()
            guard stat(input, &info) == 0 else {
                problems.append(InputReader.statProblem(input, errno: errno, hint: "check the path (it is relative to \(here))"))
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                // Regular files are read; anything else is refused by the reader with a message.
                files.append((input, (input as NSString).lastPathComponent))
                continue
            }
            var found: [String] = []
            var visited: Set<[UInt64]> = [[UInt64(info.st_dev), UInt64(info.st_ino)]]
            var pending: [String] = [""]
            while let relative = pending.popLast() {
                let folder = relative.isEmpty ? input : (input as NSString).appendingPathComponent(relative)
                guard let names = InputReader.list(folder, problems: &problems) else { continue }
                for name in names where !name.hasPrefix(".") {
                    let child = relative.isEmpty ? name : (relative as NSString).appendingPathComponent(name)
                    let path = (input as NSString).appendingPathComponent(child)
                    var entry = stat()
                    guard stat(path, &entry) == 0 else {
                        problems.append(InputReader.statProblem(path, errno: errno, hint: "fix or remove it"))
                        continue
                    }
                    let articleName = InputReader.kind(of: name) != nil
                    switch entry.st_mode & S_IFMT {
                    case S_IFDIR:
                        if visited.insert([UInt64(entry.st_dev), UInt64(entry.st_ino)]).inserted {
                            pending.append(child)
                        } else {
                            problems.append(InputProblem(.unsupported, path: path,
                                                         message: "a link to a folder that is already being read (a symbolic-link loop?); it was skipped",
                                                         hint: "remove the link or give the folders separately"))
                        }
                    case S_IFREG:
                        if articleName { found.append(child) }
                    default:
                        if articleName {
                            problems.append(InputProblem(.unsupported, path: path, message: "not a regular file (a device, FIFO or socket)",
                                                         hint: "give NewsGraph ordinary text, HTML or JSON Lines files"))
                        }
                    }
                }
            }
            for relative in found.sorted() {
                files.append(((input as NSString).appendingPathComponent(relative), relative))
            }
        }
        return (files, problems)
    }

    /// The entry names of a folder, or nil (and a problem) when it cannot be listed.
    static func list(_ folder: String, problems: inout [InputProblem]) -> [String]? {
        guard let dir = opendir(folder) else {
            let code = errno
            problems.append(InputProblem(.unreadable, path: folder, message: "cannot list the folder: \(String(cString: strerror(code)))",
                                         hint: "check its permissions (chmod a+rx) or leave it out"))
            return nil
        }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 {
                    problems.append(InputProblem(.unreadable, path: folder, message: "cannot list the whole folder: \(String(cString: strerror(errno)))",
                                                 hint: "check the folder and the disk"))
                }
                break
            }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            let name = String(decoding: bytes, as: UTF8.self)
            if name == "." || name == ".." { continue }
            if TextDecoding.firstInvalidUTF8(bytes[...]) != nil {
                // Such a name cannot be turned back into the same path: say so rather than
                // report the file as missing.
                if !name.hasPrefix(".") {
                    problems.append(InputProblem(.unsupported, path: (folder as NSString).appendingPathComponent(name),
                                                 message: "the file name is not valid UTF-8, so it cannot be opened by name",
                                                 hint: "rename it (for example: convmv -f latin1 -t utf8)"))
                }
                continue
            }
            names.append(name)
        }
        return names
    }

    /// Why a path cannot be reached, from `stat`'s errno.
    static func statProblem(_ path: String, errno code: Int32, hint: String) -> InputProblem {
        var link = stat()
        if (code == ENOENT || code == ENOTDIR) && lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK {
            return InputProblem(.missing, path: path, message: "a symbolic link to something that does not exist", hint: hint)
        }
        switch code {
        case ENOENT, ENOTDIR:
            return InputProblem(.missing, path: path, message: "no such file or folder", hint: hint)
        case EACCES, EPERM:
            return InputProblem(.unreadable, path: path, message: "cannot reach it: \(String(cString: strerror(code)))",
                                hint: "check the permissions of the folders above it")
        case ELOOP:
            return InputProblem(.unreadable, path: path, message: "a loop of symbolic links", hint: hint)
        default:
            return InputProblem(.unreadable, path: path, message: "cannot reach it: \(String(cString: strerror(code)))", hint: hint)
        }
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
            if Normalizer.isBlank(text) {
                throw InputProblem(.empty, path: path, message: "the file holds only white space or invisible characters",
                                   hint: "remove it or fill it with article text")
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
        // Refused by its size before a byte is read: a 1 GB file costs nothing.
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, !path.lowercased().hasSuffix(".gz"),
           Int(info.st_size) > limits.maxArticleBytes {
            throw InputProblem(.tooLarge, path: path,
                               message: "\(IngestLimits.megabytes(Int(info.st_size))) MB is too large for one article (the limit is \(IngestLimits.megabytes(limits.maxArticleBytes)) MB)",
                               hint: "split it into articles (one JSON Lines record each) or raise --max-article-mb")
        }
        let stream = try ByteStream(path: path)
        return try stream.readAll(limit: limits.maxArticleBytes)
    }
}
