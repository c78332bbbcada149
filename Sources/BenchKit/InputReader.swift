import BenchCore
import Foundation

/// Reads result files (or standard input) with a size limit, and parses them as bench-json.
public enum InputReader {
    /// The largest input accepted: 64 MiB.
    public static let maxBytes = 64 * 1024 * 1024

    /// The bytes of `path`, or of standard input for `-`.
    public static func read(_ path: String) throws(BenchError) -> [UInt8] {
        if path == "-" {
            var bytes: [UInt8] = []
            while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
                bytes += chunk
                if bytes.count > maxBytes { throw tooLarge("standard input") }
            }
            return bytes
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchError(.badInput, "\(path): no such file", hint: "check the path given to --input")
        }
        guard !isDirectory.boolValue else { throw BenchError(.badInput, "\(path): is a directory", hint: "give a result file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size > maxBytes { throw tooLarge(path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError(.badInput, "\(path): cannot be read", hint: "check the file's permissions")
        }
        return Array(data)
    }

    private static func tooLarge(_ what: String) -> BenchError {
        BenchError(.badInput, "\(what) is larger than 64 MiB", hint: "split the results into several files")
    }

    /// Reads and parses one input; errors name the file, line and column.
    public static func results(from path: String) throws(BenchError) -> [BenchResult] {
        let bytes = try read(path)
        do { return try BenchJSONFormat.parse(bytes) } catch { throw BenchError(error.inFile(path == "-" ? "<stdin>" : path)) }
    }
}
