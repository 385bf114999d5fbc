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
    /// Bytes handed out so far (uncompressed).
    private(set) var offset = 0

    init(path: String) throws {
        self.path = path
        compressed = path.lowercased().hasSuffix(".gz")
        // Only regular files: opening a FIFO blocks until a writer comes, a device never ends.
        // O_NONBLOCK keeps the open itself from blocking; fstat then decides.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if descriptor < 0 {
            let code = errno
            throw InputProblem(code == ENOENT ? .missing : .unreadable, path: path,
                               message: "cannot open: \(String(cString: strerror(code)))",
                               hint: code == EACCES || code == EPERM
                                   ? "check the file's permissions (chmod a+r) or run as a user who can read it"
                                   : "check the path and the file's permissions")
        }
        var info = stat()
        if fstat(descriptor, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG {
            close(descriptor)
            throw InputProblem(.unsupported, path: path, message: "not a regular file (a device, FIFO or socket)",
                               hint: "give NewsGraph ordinary text, HTML or JSON Lines files")
        }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        if compressed {
            // gzdopen owns the descriptor from here on (gzclose closes it).
            guard let handle = gzdopen(descriptor, "rb") else {
                close(descriptor)
                throw InputProblem(.unreadable, path: path, message: "cannot open the gzip stream (out of memory?)",
                                   hint: "try again, or decompress the file first")
            }
            gzbuffer(handle, 1 << 17)
            gz = handle
        } else {
            fd = descriptor
        }
    }

    deinit {
        if let gz { gzclose(gz) }
        if fd >= 0 { close(fd) }
    }

    private func truncated(_ detail: String) -> InputProblem {
        InputProblem(.truncated, path: path, byteOffset: offset,
                     message: "the gzip data \(detail) after \(offset) uncompressed bytes",
                     hint: "the articles read before this point were kept; download or compress the file again")
    }

    /// zlib's message without the `<fd:N>: ` it puts before it for a stream opened by descriptor.
    private static func zlibMessage(_ message: String) -> String {
        guard message.hasPrefix("<fd:"), let end = message.range(of: ">: ") else { return message }
        return String(message[end.upperBound...])
    }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let gz {
            let n = gzread(gz, buffer.baseAddress, UInt32(min(buffer.count, Int(Int32.max))))
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "unknown error"
                if code == Z_ERRNO {
                    throw InputProblem(.unreadable, path: path, byteOffset: offset,
                                       message: "cannot read: \(String(cString: strerror(errno)))", hint: "check the file and the disk")
                }
                throw truncated("is corrupt (\(ByteStream.zlibMessage(message)))")
            }
            if n == 0 {
                // zlib's gzread returns the bytes it could decompress and then 0, keeping the
                // reason in gzerror: Z_BUF_ERROR ("unexpected end of file") for a stream that
                // stops before its end-of-stream marker and trailer, that is a truncated file.
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? ""
                if code == Z_BUF_ERROR || message.contains("unexpected end") {
                    throw truncated("ends early (truncated download?)")
                }
                if code != Z_OK && code != Z_STREAM_END {
                    throw truncated("is corrupt (\(ByteStream.zlibMessage(message)))")
                }
            }
            offset += Int(n)
            return Int(n)
        }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputProblem(.unreadable, path: path, byteOffset: offset,
                                   message: "cannot read: \(String(cString: strerror(errno)))", hint: "check the file and the disk")
            }
            offset += n
            return n
        }
    }

    /// The whole stream, refusing more than `limit` bytes (it stops reading at the limit, so
    /// a huge or endless input costs at most `limit` bytes of memory).
    func readAll(limit: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { (buffer) throws -> Int in try read(into: buffer) }
            if n == 0 { return out }
            if out.count + n > limit {
                throw InputProblem(.tooLarge, path: path,
                                   message: "more than \(IngestLimits.megabytes(limit)) MB\(compressed ? " once decompressed" : ""), too large for one article",
                                   hint: "split it into articles (one JSON Lines record each) or raise --max-article-mb")
            }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}

/// Splits a byte stream into lines without holding more than one line (bounded) in memory.
/// A line over the limit is skipped as it streams by: its bytes are counted, never kept.
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

    /// The position of the next newline in `buffer[start..<end]`, if any (memchr: a line of
    /// a gigabyte is scanned at memory speed).
    private func newline() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
    }

    /// The next line (without its newline or a CR before it), or nil at the end.
    mutating func next() throws -> Line? {
        var line: [UInt8] = []
        var skipped = 0
        var overflow = false
        while true {
            if start < end {
                let stop = newline()
                let piece = (stop ?? end) - start
                if !overflow && line.count + piece > maxLineBytes {
                    overflow = true
                    skipped = line.count
                    line = []
                }
                if overflow {
                    skipped += piece
                } else {
                    line.append(contentsOf: buffer[start..<(start + piece)])
                }
                if let stop {
                    start = stop + 1
                    lineNumber += 1
                    if line.last == 0x0D { line.removeLast() }
                    return overflow ? .tooLong(bytes: skipped) : .text(line)
                }
                start = end
            }
            if atEnd {
                if line.isEmpty && !overflow { return nil }
                lineNumber += 1
                if line.last == 0x0D { line.removeLast() }
                return overflow ? .tooLong(bytes: skipped) : .text(line)
            }
            let n = try buffer.withUnsafeMutableBytes { (raw) throws -> Int in try stream.read(into: raw) }
            start = 0
            end = n
            if n == 0 { atEnd = true }
        }
    }
}
