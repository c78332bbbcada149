import BenchCore
import Foundation

/// Reads result files (or standard input) with a size limit, and parses them in a result format.
public enum InputReader {
    /// The largest input accepted: 64 MiB.
    public static let maxBytes = 64 * 1024 * 1024

    /// Whether `path` names a regular file (which can be read twice), not standard input, a
    /// pipe, a FIFO or a device.
    public static func isRegularFile(_ path: String) -> Bool {
        guard path != "-" else { return false }
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The bytes of `path`, or of standard input for `-`, read up to the limit (so pipes and
    /// process substitutions work, and nothing huge is ever held).
    public static func read(_ path: String) throws(BenchError) -> [UInt8] {
        let name = path == "-" ? "standard input" : path
        let descriptor: Int32
        if path == "-" {
            guard !StandardInput.wasClosed else {
                throw BenchError(.badInput, "standard input is closed", hint: "pipe the results in (tool | bench record --input -) or give a file")
            }
            descriptor = STDIN_FILENO
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw BenchError(.badInput, "\(path): no such file", hint: "check the path of the result file")
            }
            guard !isDirectory.boolValue else { throw BenchError(.badInput, "\(path): is a directory", hint: "give a result file") }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw BenchError(.badInput, "\(path): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file's permissions")
            }
        }
        defer { if path != "-" { close(descriptor) } }
        // A regular file's size says at once what the chunked read would find out late, and
        // sizes the one chunk it needs (a result of a few hundred bytes is read without
        // zeroing a megabyte first: a tenth of `bench record`).
        var status = stat()
        let size: Int? = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
        if let size, size > maxBytes { throw tooLarge(name) }
        // Read into the array itself, doubled when full (a pipe's length is known at its end).
        var bytes = [UInt8](repeating: 0, count: size.map { $0 + 1 } ?? 1 << 16)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, maxBytes + 1 - filled)) }
            let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BenchError(.badInput, "\(name): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file, or pipe the results in")
            }
            if count == 0 { break }
            filled += count
            if filled > maxBytes { throw tooLarge(name) }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func tooLarge(_ what: String) -> BenchError {
        BenchError(.badInput, "\(what) is larger than 64 MiB", hint: "split the results into several files")
    }

    /// Reads and parses one input in `format`; errors name the file, line and column.
    public static func results(from path: String, format: ResultFormat = .auto) throws(BenchError) -> [BenchResult] {
        let bytes = try read(path)
        let name = (path as NSString).lastPathComponent
        do { return try format.parse(bytes, name: name) } catch { throw BenchError(error.inFile(path == "-" ? "<stdin>" : path)) }
    }

    /// `results`, each handed to `body` as it is read (`ResultFormat.forEachResult`, whose
    /// `rewind` this passes on): a bulk file is never held as results.
    public static func forEachResult(from path: String, format: ResultFormat = .auto, rewind: () -> Void,
                                     _ body: (BenchResult) -> Void) throws(BenchError) {
        let bytes = try read(path)
        let name = (path as NSString).lastPathComponent
        do { try format.forEachResult(bytes, name: name, rewind: rewind, body) } catch {
            throw BenchError(error.inFile(path == "-" ? "<stdin>" : path))
        }
    }
}
