import BenchCore
import Foundation

/// Reads result files (or standard input) with a size limit, and parses them in a result format.
public enum InputReader {
    /// The largest input accepted: 64 MiB.
    public static let maxBytes = 64 * 1024 * 1024

    /// The bytes of `path`, or of standard input for `-`, read in chunks up to the limit
    /// (so pipes and process substitutions work, and nothing huge is ever held).
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
            // A regular file's size says at once what the chunked read would find out late.
            if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue, size > maxBytes {
                throw tooLarge(path)
            }
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw BenchError(.badInput, "\(path): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file's permissions")
            }
        }
        defer { if path != "-" { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw BenchError(.badInput, "\(name): cannot be read (\(String(cString: strerror(errno))))", hint: "check the file, or pipe the results in")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > maxBytes { throw tooLarge(name) }
        }
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
}
