import Foundation

/// GitHub Actions' step summary: a report appended to the file it names.
public enum StepSummary {
    /// Appends `markdown` to `$GITHUB_STEP_SUMMARY` when set; returns whether it did.
    @discardableResult
    public static func append(_ markdown: String, environment: [String: String]) throws(BenchError) -> Bool {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return false }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError(.environment, "cannot write GITHUB_STEP_SUMMARY (\(path))", hint: "check the path and its permissions")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            throw BenchError(.environment, "cannot write GITHUB_STEP_SUMMARY (\(path)): \(error.localizedDescription)", hint: "check the path")
        }
        return true
    }
}
