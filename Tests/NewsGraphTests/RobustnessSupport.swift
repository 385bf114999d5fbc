import CZlib
import Foundation
import NewsGraph
import NewsGraphExport
import NewsGraphIngest
import NewsGraphModel
import NewsGraphStore
#if canImport(Glibc)
import Glibc
#endif

/// Helpers for the robustness and fuzz tests: hostile fixtures, problem collection, peak
/// memory, unprivileged file access, a small tmpfs, gzip, a seeded generator, and format
/// checks for every export.
enum Hostile {
    static func fixture(_ name: String) -> String { TestPaths.fixture("hostile/" + name) }

    /// Reads one file with the real reader, collecting articles and problems.
    static func read(_ path: String, limits: IngestLimits = IngestLimits()) -> (articles: [RawArticle], problems: [InputProblem]) {
        var articles: [RawArticle] = []
        var problems: [InputProblem] = []
        do {
            try InputReader(limits: limits).read(path: path, name: (path as NSString).lastPathComponent,
                                                 article: { articles.append($0) }, problem: { problems.append($0) })
        } catch let problem as InputProblem {
            problems.append(problem)
        } catch {
            problems.append(InputProblem(.unsupported, path: path, message: "UNEXPECTED ERROR \(error)", hint: ""))
        }
        return (articles, problems)
    }

    /// A fresh store in a temporary folder.
    static func store(_ name: String = #function) throws -> (store: GraphStore, directory: String) {
        let dir = try TestPaths.temporaryDirectory(name)
        return (try GraphStore(path: dir + "/graph.db"), dir)
    }
}

/// Records what an ingest reports.
final class CollectingObserver: IngestObserver {
    var problems: [InputProblem] = []
    var added: [Article] = []
    func problem(_ problem: InputProblem) { problems.append(problem) }
    func progress(files: Int, of total: Int, articles: Int) {}
    func added(_ article: Article) { added.append(article) }
}

/// Resident memory from /proc/self/status.
enum Memory {
    static func statusKB(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).filter { $0.isNumber })
        }
        return nil
    }

    /// Resets the peak (VmHWM) to the current RSS when the kernel allows it (Linux 4.0+).
    @discardableResult
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }

    /// How far the peak resident memory rose above the resident memory at the start, in MB,
    /// while `body` ran. Other tests run in parallel in the same process, so bounds checked
    /// with this must leave room for them; they are meant to catch a file held in memory
    /// (hundreds of MB), not a few MB.
    static func peakGrowthMB(_ body: () throws -> Void) rethrows -> Int? {
        let reset = resetPeak()
        guard let before = statusKB(reset ? "VmRSS" : "VmHWM") else { try body(); return nil }
        try body()
        guard let peak = statusKB("VmHWM") else { return nil }
        return max(0, peak - before) / 1024
    }
}

/// File access as an unprivileged user, so permission tests mean something when the tests
/// run as root (CI containers): Linux's file-system uid is per thread, and dropping it from
/// 0 also drops CAP_DAC_OVERRIDE for that thread only.
enum Unprivileged {
    @_silgen_name("setfsuid") private static func setfsuid(_ uid: UInt32) -> Int32
    @_silgen_name("setfsgid") private static func setfsgid(_ gid: UInt32) -> Int32

    static var isRoot: Bool { geteuid() == 0 }

    static func run<T>(_ body: () throws -> T) rethrows -> T {
        guard isRoot else { return try body() }
        let oldGroup = setfsgid(65534)
        let oldUser = setfsuid(65534)
        defer {
            _ = setfsuid(UInt32(oldUser))
            _ = setfsgid(UInt32(oldGroup))
        }
        return try body()
    }
}

/// A small tmpfs (a real "disk full"), when the tests may mount one (root on Linux).
final class SmallDisk {
    let path: String

    init?(kilobytes: Int, readOnly: Bool = false) {
        guard geteuid() == 0, let dir = try? TestPaths.temporaryDirectory("tmpfs") else { return nil }
        path = dir
        let options = "size=\(kilobytes)k,mode=0755"
        let flags: UInt = readOnly ? UInt(MS_RDONLY) : 0
        if options.withCString({ mount("tmpfs", dir, "tmpfs", flags, $0) }) != 0 {
            rmdir(dir)
            return nil
        }
    }

    func unmount() {
        umount2(path, 0)
        rmdir(path)
    }

    /// Fills the disk until at most `leave` bytes are free.
    func fill(leaving leave: Int) throws {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        let size = max(0, free - leave)
        let fd = open(path + "/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x41, count: 4096)
        var written = 0
        while written < size {
            let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, min(4096, size - written)) }
            if n <= 0 { break }
            written += n
        }
    }
}

/// gzip through zlib, streaming, so tests can build large compressed inputs without holding them.
final class GzipWriter {
    private let file: gzFile

    init(path: String, level: Int32 = 1) {
        file = gzopen(path, "wb\(level)")!
    }

    func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    }

    func write(_ string: String) { write(Array(string.utf8)) }

    func close() { gzclose(file) }

    static func compress(_ bytes: [UInt8], to path: String) {
        let writer = GzipWriter(path: path, level: 6)
        writer.write(bytes)
        writer.close()
    }
}

/// A small seeded generator (SplitMix64): the same seed gives the same run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Checks that every export is valid for its format, with the same rules the real clients
/// apply (see shared/reference/formats.md); the interop suite then runs the clients.
enum ExportCheck {
    static var graphMLSchema: String { TestPaths.fixture("graphml/graphml.xsd") }

    /// Every problem found in `bytes` as `format` (empty when valid).
    static func problems(_ bytes: [UInt8], _ format: GraphFormat) -> [String] {
        guard let text = validUTF8(bytes) else {
            return ["not valid UTF-8"]
        }
        var found: [String] = []
        switch format {
        case .graphML:
            found += XMLValidation.validateXML(bytes, schemaPath: graphMLSchema).map { "XSD: \($0)" }
            found += xmlCharacters(text)
            found += graphMLValues(text)
        case .rdfXML:
            if let error = XMLValidation.wellFormed(bytes) { found.append("not well-formed: \(error)") }
            found += xmlCharacters(text)
        case .nTriples:
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                if let error = NTriplesLine.check(Substring(line)) { found.append("line \(i + 1): \(error): \(line.prefix(200))") }
            }
            if !text.isEmpty && !text.hasSuffix("\n") { found.append("no final newline") }
            found += requiredProperties(text)
        case .jsonLD:
            do {
                let object = try JSONSerialization.jsonObject(with: Data(bytes))
                found += jsonLDIdentifiers(object)
            } catch {
                found.append("not JSON: \(error)")
            }
        case .turtle:
            // No Turtle parser in-process: the interop suite reads it with rdflib, rapper and
            // pyoxigraph. Here: every literal and IRI is escaped like N-Triples.
            if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) { found.append("raw control character") }
        }
        return found
    }

    /// Why a typed literal is ill-formed (the rules of check_exports.py's lint/literals).
    static func literalProblem(_ lexical: String, datatype: String) -> String? {
        let xsd = "http://www.w3.org/2001/XMLSchema#"
        guard datatype.hasPrefix(xsd) else { return nil }
        func matches(_ pattern: String) -> Bool { lexical.range(of: pattern, options: .regularExpression) != nil }
        func validDate(_ y: Int, _ m: Int, _ d: Int?) -> Bool {
            guard y >= 1, (1...12).contains(m) else { return false }
            guard let d else { return true }
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
            return d >= 1 && d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        }
        let parts = lexical.split(separator: "-").compactMap { Int($0) }
        switch String(datatype.dropFirst(xsd.count)) {
        case "date":
            guard matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), parts.count == 3, validDate(parts[0], parts[1], parts[2]) else { return "bad xsd:date \(lexical)" }
        case "gYearMonth":
            guard matches("^[0-9]{4}-[0-9]{2}$"), parts.count == 2, validDate(parts[0], parts[1], nil) else { return "bad xsd:gYearMonth \(lexical)" }
        case "gYear":
            guard matches("^[0-9]{4}$"), (parts.first ?? 0) >= 1 else { return "bad xsd:gYear \(lexical)" }
        case "integer":
            guard matches("^[+-]?[0-9]+$") else { return "bad xsd:integer \(lexical)" }
        case "decimal":
            guard matches("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$") else { return "bad xsd:decimal \(lexical)" }
        case "boolean":
            guard ["true", "false", "1", "0"].contains(lexical) else { return "bad xsd:boolean \(lexical)" }
        case "anyURI":
            if let problem = NTriplesLine.iriProblem(Substring(lexical)) { return "xsd:anyURI \(lexical.prefix(80)): \(problem)" }
            let scheme = lexical.prefix(while: { $0 != ":" }).lowercased()
            guard ["http", "https", "urn", "mailto", "tag"].contains(scheme) else { return "xsd:anyURI with scheme \(scheme)" }
            if scheme.hasPrefix("http"), !matches("^[A-Za-z]+://[^/?#]+") { return "xsd:anyURI without a host: \(lexical.prefix(80))" }
            if matches("%(?![0-9A-Fa-f]{2})") { return "xsd:anyURI with a bad %: \(lexical.prefix(80))" }
            if lexical.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) { return "xsd:anyURI with a C1 control" }
        default:
            break
        }
        return nil
    }

    /// The properties shapes.ttl requires exactly once (checked on the N-Triples; the
    /// interop suite runs pyshacl on the RDF/XML).
    static func requiredProperties(_ nTriples: String) -> [String] {
        let ng = "https://newsgraph.example.org/ontology#"
        let required: [String: [String]] = [
            ng + "Article": ["http://www.w3.org/2000/01/rdf-schema#label", ng + "contentHash", ng + "sourceName"],
            ng + "Evidence": ["http://www.w3.org/ns/prov#value", ng + "startOffset", ng + "endOffset", "http://www.w3.org/ns/prov#wasQuotedFrom"],
        ]
        var types: [Substring: String] = [:]
        var counts: [Substring: [Substring: Int]] = [:]
        for line in nTriples.split(separator: "\n") {
            guard let subjectEnd = line.range(of: "> <") else { continue }
            let subject = line[..<subjectEnd.lowerBound]
            let rest = line[subjectEnd.upperBound...]
            guard let predicateEnd = rest.firstIndex(of: ">") else { continue }
            let predicate = rest[..<predicateEnd]
            if predicate == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
                let object = rest[predicateEnd...].dropFirst(3).dropLast(3)
                types[subject] = String(object)
            }
            counts[subject, default: [:]][predicate, default: 0] += 1
        }
        var found: [String] = []
        for (subject, type) in types {
            for property in required[type] ?? [] where counts[subject]?[Substring(property)] != 1 {
                found.append("\(subject.dropFirst()) (\(type.split(separator: "#").last ?? "")) has \(counts[subject]?[Substring(property)] ?? 0) \(property)")
            }
        }
        return found
    }

    static func validUTF8(_ bytes: [UInt8]) -> String? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(s): scalars.append(s)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }

    /// XML 1.0 characters only, also as character references.
    static func xmlCharacters(_ text: String) -> [String] {
        var found: [String] = []
        if let bad = text.unicodeScalars.first(where: { !XMLText.isAllowed($0) }) {
            found.append("character U+\(String(bad.value, radix: 16, uppercase: true)) is not allowed in XML")
        }
        for reference in ["&#0;", "&#x0;", "&#1;", "&#x1;", "&#xFFFE;", "&#xFFFF;", "&#65534;", "&#65535;"] where text.contains(reference) {
            found.append("character reference \(reference) is not allowed in XML")
        }
        return found
    }

    /// Data values parse as their key's attr.type (the XSD does not check them).
    static func graphMLValues(_ text: String) -> [String] {
        let types: [String: String] = [
            "confidence": "double", "latitude": "double", "longitude": "double", "weight": "double",
            "articleCount": "int", "mentionCount": "int", "start": "int", "end": "int", "r": "int", "g": "int", "b": "int",
            "historical": "boolean",
        ]
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<data key=\"") {
            rest = rest[open.upperBound...]
            guard let quote = rest.firstIndex(of: "\"") else { break }
            let key = String(rest[..<quote])
            guard let type = types[key], let gt = rest.firstIndex(of: ">"), let close = rest.range(of: "</data>") else { continue }
            let value = String(rest[rest.index(after: gt)..<close.lowerBound])
            switch type {
            case "int": if Int(value) == nil { found.append("\(key)=\(value) is not an int") }
            case "double": if Double(value).map({ !$0.isFinite }) ?? true { found.append("\(key)=\(value) is not a finite double") }
            default: if value != "true" && value != "false" { found.append("\(key)=\(value) is not a boolean") }
            }
            if key == "weight", Double(value) == 0 { found.append("weight 0") }
        }
        return found
    }

    /// Every `@id` is an absolute IRI with no character the IRI grammar forbids.
    static func jsonLDIdentifiers(_ object: Any) -> [String] {
        var found: [String] = []
        func visit(_ value: Any, key: String?) {
            if let dict = value as? [String: Any] {
                for (k, v) in dict where k != "@context" { visit(v, key: k) }
            } else if let array = value as? [Any] {
                for v in array { visit(v, key: key) }
            } else if let string = value as? String, key == "@id" {
                if let error = NTriplesLine.iriProblem(Substring(string)) { found.append("@id \(string.prefix(100)): \(error)") }
            }
        }
        visit(object, key: nil)
        return found
    }
}

/// A strict N-Triples line checker (RDF 1.1 N-Triples grammar).
enum NTriplesLine {
    static func iriProblem(_ iri: Substring) -> String? {
        if iri.isEmpty { return "empty IRI" }
        for s in iri.unicodeScalars where s.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(s) {
            return "IRI holds U+\(String(s.value, radix: 16, uppercase: true))"
        }
        guard let colon = iri.firstIndex(of: ":"), iri[..<colon].first?.isLetter == true,
              iri[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else {
            return "IRI is not absolute"
        }
        return nil
    }

    static func check(_ line: Substring) -> String? {
        var s = line.unicodeScalars[...]
        func skipSpace() { while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() } }
        func iri() -> String? {
            guard s.first == "<" else { return "expected <" }
            s = s.dropFirst()
            guard let end = s.firstIndex(of: ">") else { return "unterminated IRI" }
            let body = Substring(String(String.UnicodeScalarView(s[..<end])))
            s = s[s.index(after: end)...]
            return iriProblem(body)
        }
        func literal() -> String? {
            s = s.dropFirst() // "
            var value = String.UnicodeScalarView()
            while let c = s.first {
                s = s.dropFirst()
                switch c {
                case "\"":
                    let lexical = String(value)
                    if let bad = lexical.unicodeScalars.first(where: { !XMLText.isAllowed($0) }) {
                        return "literal holds U+\(String(bad.value, radix: 16, uppercase: true)), which XML cannot carry"
                    }
                    if s.first == "@" {
                        s = s.dropFirst()
                        let tag = s.prefix(while: { $0.properties.isAlphabetic || $0 == "-" || ("0"..."9").contains($0) })
                        if tag.isEmpty { return "empty language tag" }
                        s = s.dropFirst(tag.count)
                    } else if s.starts(with: "^^".unicodeScalars) {
                        s = s.dropFirst(2)
                        guard s.first == "<", let end = s.firstIndex(of: ">") else { return "bad datatype" }
                        let datatype = String(String.UnicodeScalarView(s[s.index(after: s.startIndex)..<end]))
                        if let error = iri() { return "datatype: \(error)" }
                        return ExportCheck.literalProblem(lexical, datatype: datatype)
                    }
                    return nil
                case "\\":
                    guard let e = s.first else { return "dangling backslash" }
                    s = s.dropFirst()
                    switch e {
                    case "t": value.append("\t")
                    case "b": value.append("\u{8}")
                    case "n": value.append("\n")
                    case "r": value.append("\r")
                    case "f": value.append("\u{C}")
                    case "\"", "'", "\\": value.append(e)
                    case "u", "U":
                        let count = e == "u" ? 4 : 8
                        let hex = s.prefix(count)
                        guard hex.count == count, hex.allSatisfy({ $0.properties.isASCIIHexDigit }),
                              let code = UInt32(String(String.UnicodeScalarView(hex)), radix: 16), let scalar = Unicode.Scalar(code) else {
                            return "bad \\u escape"
                        }
                        value.append(scalar)
                        s = s.dropFirst(count)
                    default: return "bad escape \\\(e)"
                    }
                case "\n", "\r": return "raw line break in a literal"
                default: value.append(c)
                }
            }
            return "unterminated literal"
        }
        if s.first == "_" {
            s = s.drop(while: { $0 != " " })
        } else if let error = iri() { return "subject: \(error)" }
        skipSpace()
        if let error = iri() { return "predicate: \(error)" }
        skipSpace()
        switch s.first {
        case "<": if let error = iri() { return "object: \(error)" }
        case "\"": if let error = literal() { return "object: \(error)" }
        case "_": s = s.drop(while: { $0 != " " })
        default: return "bad object"
        }
        skipSpace()
        guard s.first == "." else { return "no final ." }
        s = s.dropFirst()
        skipSpace()
        return s.isEmpty ? nil : "text after the final ."
    }
}
