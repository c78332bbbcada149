import BenchCore
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// A git repository with the bench binary pointed at it.
struct Sandbox {
    let fixture: GitFixture

    init() throws { fixture = try GitFixture() }

    /// A repository whose first commit has `subject`.
    init(committing subject: String) throws {
        try self.init()
        try fixture.commit(subject)
    }

    var path: String { fixture.path }
    var storePath: String { path + "/.git/bench/bench.sqlite3" }

    /// Runs bench in the repository (or `directory`).
    @discardableResult
    func bench(_ arguments: String..., in directory: String? = nil, input: String? = nil) throws -> ProcessResult {
        try BenchBinary.run(arguments, in: directory ?? path, input: input)
    }

    func bench(arguments: [String], in directory: String? = nil, input: String? = nil) throws -> ProcessResult {
        try BenchBinary.run(arguments, in: directory ?? path, input: input)
    }

    /// Writes a result file outside the work tree's tracked files and returns its path.
    func resultFile(_ text: String, name: String = "results.json") throws -> String {
        let file = fixture.root + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// A seeds-style result with the given f1.
    static func result(model: String = "clf", f1: Double, latency: Double = 400) -> String {
        """
        {"model_version": "\(model)", "dataset_version": "set-v1", "prompt_version": "p1", "model_provider": "openai",
         "metrics": {"precision": 0.9, "recall": 0.8, "f1": \(f1), "latency_ms": \(latency)}}
        """
    }

    /// Records a result and expects success.
    @discardableResult
    func record(f1: Double, model: String = "clf", extra: [String] = []) throws -> ProcessResult {
        let file = try resultFile(Self.result(model: model, f1: f1))
        let result = try bench(arguments: ["record", "--input", file] + extra)
        #expect(result.status == 0, "record failed: \(result.stderr)")
        return result
    }

    /// Row counts of the embedded store, or nil when it does not exist.
    func counts() throws -> StoreCounts? {
        guard FileManager.default.fileExists(atPath: storePath) else { return nil }
        return try SQLiteStore(path: storePath, create: false).counts()
    }

    /// The JSON a command printed.
    static func json(_ result: ProcessResult) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}
