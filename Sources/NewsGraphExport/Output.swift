#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An error while writing an export, with the file and what to do about it.
public struct ExportError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var format: GraphFormat?
    public var message: String

    public init(path: String, format: GraphFormat? = nil, message: String) {
        self.path = path
        self.format = format
        self.message = message
    }

    public var description: String {
        let what = format.map { "\($0.name) export" } ?? "export"
        return "\(path): \(what) failed: \(message)"
    }
}

/// Where writers put their bytes. Buffered; `flush()` pushes everything out.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func flush() throws
}

extension ByteSink {
    public func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

/// Collects output in memory (tests, small graphs).
public final class MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ buffer: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: buffer) }
    public func flush() throws {}
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes a file atomically: everything goes to a temporary file in the same folder, which
/// replaces the target only when complete and synced. An interrupted or failed export leaves
/// the previous file untouched and no partial file behind.
public final class AtomicFileSink: ByteSink {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16
    private var committed = false

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ExportError(path: path, message: "the folder \(directory) does not exist; create it or choose another --out")
        }
        guard isDirectory.boolValue else {
            throw ExportError(path: path, message: "\(directory) is a file, not a folder; choose another --out")
        }
        temporaryPath = directory + "/" + AtomicFileSink.temporaryPrefix(url.lastPathComponent) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            throw ExportError(path: path, message: "cannot create a file in \(directory): \(String(cString: strerror(errno))); check that the folder is writable or choose another --out")
        }
        buffer.reserveCapacity(capacity)
    }

    deinit {
        if !committed { abandon() }
    }

    /// Temporary files are `.<name>.tmp-<pid>-<random>`.
    static func temporaryPrefix(_ name: String) -> String { "." + name + ".tmp-" }

    /// Removes the temporary files that exports killed before they finished (their process is
    /// gone) left in `directory` for the file `name`.
    public static func removeStaleTemporaries(in directory: String, for name: String) {
        let prefix = temporaryPrefix(name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + entry)
            }
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > capacity { try drain() }
        if bytes.count >= capacity {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func flush() throws { try drain() }

    /// Syncs the temporary file and renames it over the target.
    public func commit() throws {
        try finish()
        try publish()
    }

    /// Writes out what is buffered, syncs and closes the temporary file; the target is not
    /// touched yet (`publish()` does that), so several files can be finished first and then
    /// published together.
    public func finish() throws {
        guard fd >= 0 else { return }
        try drain()
        if fsync(fd) != 0 { throw failure("cannot sync the file") }
        let result = close(fd)
        fd = -1
        if result != 0 { throw failure("cannot close the file") }
    }

    /// Renames the finished temporary file over the target.
    public func publish() throws {
        if fd >= 0 { try finish() }
        if rename(temporaryPath, path) != 0 { throw failure("cannot move the finished file into place") }
        committed = true
    }

    /// Drops the temporary file; the target is untouched.
    public func abandon() {
        guard !committed else { return }
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
        committed = true
    }

    private func drain() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write")
            }
            offset += n
        }
    }

    private func failure(_ what: String) -> ExportError {
        let code = errno
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case ENOSPC, EDQUOT: hint = "; free some disk space and run the export again (the previous export is intact)"
        case EFBIG: hint = "; the file is larger than this disk or your limits allow (the previous export is intact)"
        case EROFS: hint = "; the disk is read-only, choose another --out"
        default: hint = "; the previous export is intact"
        }
        return ExportError(path: path, message: "\(what): \(reason)\(hint)")
    }
}

@inline(__always) private func posixWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, pointer, count)
    #else
    return Darwin.write(fd, pointer, count)
    #endif
}
