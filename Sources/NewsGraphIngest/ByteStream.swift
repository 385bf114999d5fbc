#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// A forward-only stream of bytes from a plain or gzip-compressed file.
final class ByteStream {
    private var fd: Int32 = -1
    private var gz: gzFile?
    let path: String
    /// Compressed files report problems at the end (a truncated download, a corrupt block).
    private(set) var compressed: Bool

    init(path: String) throws {
        self.path = path
        compressed = path.lowercased().hasSuffix(".gz")
        if compressed {
            guard let handle = gzopen(path, "rb") else {
                throw InputProblem(.unreadable, path: path, message: "cannot open: \(String(cString: strerror(errno)))",
                                   hint: "check the path and the file's permissions")
            }
            gzbuffer(handle, 1 << 17)
            gz = handle
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 {
                throw InputProblem(.unreadable, path: path, message: "cannot open: \(String(cString: strerror(errno)))",
                                   hint: "check the path and the file's permissions")
            }
        }
    }

    deinit {
        if let gz { gzclose(gz) }
        if fd >= 0 { close(fd) }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let gz {
            let n = gzread(gz, buffer.baseAddress, UInt32(buffer.count))
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "unknown error"
                throw InputProblem(.truncated, path: path, message: "the gzip data is corrupt (\(message))",
                                   hint: "the articles read before this point were kept; download or compress the file again")
            }
            if n == 0 {
                var code: Int32 = 0
                _ = gzerror(gz, &code)
                if code != Z_OK && code != Z_STREAM_END {
                    throw InputProblem(.truncated, path: path, message: "the gzip file ends early (truncated download?)",
                                       hint: "the articles read before this point were kept; download or compress the file again")
                }
                // zlib reports a missing trailer only through gzdirect/eof state: check the stream ended cleanly.
                if gzeof(gz) != 0, truncatedTrailer() {
                    throw InputProblem(.truncated, path: path, message: "the gzip file ends early (truncated download?)",
                                       hint: "the articles read before this point were kept; download or compress the file again")
                }
            }
            return Int(n)
        }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputProblem(.unreadable, path: path, message: "cannot read: \(String(cString: strerror(errno)))",
                                   hint: "check the file and the disk")
            }
            return n
        }
    }

    /// zlib's gzread returns 0 without an error when the input stops mid-stream; a clean
    /// stream ends with Z_STREAM_END, which gzerror reports as Z_OK. Distinguish by probing
    /// for the last error message.
    private func truncatedTrailer() -> Bool {
        guard let gz else { return false }
        var code: Int32 = 0
        let message = gzerror(gz, &code).map { String(cString: $0) } ?? ""
        return code == Z_BUF_ERROR || message.contains("unexpected end")
    }

    /// The whole stream, refusing more than `limit` bytes.
    func readAll(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { (buffer) throws -> Int in try read(into: buffer) }
            if n == 0 { return out }
            if out.count + n > limit {
                throw InputProblem(.tooLarge, path: path, message: "larger than \(limit / 1_000_000) MB, too large for one article",
                                   hint: "split it into articles (one JSON Lines record each) or raise --max-article-mb")
            }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Splits a byte stream into lines without holding more than one line (bounded) in memory.
struct LineReader {
    let stream: ByteStream
    let maxLineBytes: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private(set) var lineNumber = 0
    private var atEnd = false

    init(stream: ByteStream, maxLineBytes: Int) {
        self.stream = stream
        self.maxLineBytes = maxLineBytes
    }

    enum Line {
        case text([UInt8])
        /// A line longer than the limit; its bytes were skipped.
        case tooLong(bytes: Int)
    }

    /// The next line (without its newline), or nil at the end.
    mutating func next() throws -> Line? {
        var line: [UInt8] = []
        var skipped = 0
        var overflow = false
        while true {
            if start < end {
                let window = buffer[start..<end]
                if let newline = window.firstIndex(of: 0x0A) {
                    if !overflow {
                        if line.count + (newline - start) > maxLineBytes {
                            overflow = true
                            skipped = line.count + (newline - start)
                            line = []
                        } else {
                            line.append(contentsOf: buffer[start..<newline])
                        }
                    } else {
                        skipped += newline - start
                    }
                    start = newline + 1
                    lineNumber += 1
                    if line.last == 0x0D { line.removeLast() }
                    return overflow ? .tooLong(bytes: skipped) : .text(line)
                }
                if !overflow && line.count + (end - start) > maxLineBytes {
                    overflow = true
                    skipped = line.count
                    line = []
                }
                if overflow { skipped += end - start } else { line.append(contentsOf: buffer[start..<end]) }
                start = end
            }
            if atEnd {
                if line.isEmpty && !overflow { return nil }
                lineNumber += 1
                return overflow ? .tooLong(bytes: skipped) : .text(line)
            }
            let n = try buffer.withUnsafeMutableBytes { (raw) throws -> Int in try stream.read(into: raw) }
            start = 0
            end = n
            if n == 0 { atEnd = true }
        }
    }
}
