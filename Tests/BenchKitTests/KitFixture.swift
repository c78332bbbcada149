import Testing
import BenchCore
import BenchKit
import BenchTestSupport
import Foundation

/// A real repository with an embedded store, driven in-process through a BenchKit session.
final class KitFixture {
    let git: GitFixture

    init() throws {
        git = try GitFixture()
    }

    /// A new session over the repository, as one command would make it.
    func session() throws -> Session {
        var environment = ProcessInfo.processInfo.environment
        environment["BENCH_DATABASE_URL"] = nil
        environment["USER"] = "tester"
        for key in BenchBinary.ciVariables { environment[key] = nil }
        return try Session(path: git.path, environment: environment)
    }

    /// Records `latency_ms` (lower is better) at a commit on main, in its own session.
    @discardableResult
    func record(latency: Double, at sha: String) throws -> Snapshot {
        let result = BenchResult(modelVersion: "api", metrics: [NamedMetric(name: "latency_ms", metric: MetricValue(value: latency, unit: "ms"))])
        let outcome = try Recorder(session()).record([result], RecordOptions { ($0.commitRevision, $0.branchName) = (sha, "main") })
        return try #require(outcome.snapshots.first)
    }

    /// Records `f1` for `model` at a commit, on a branch, in its own session.
    @discardableResult
    func record(f1: Double, at sha: String, branch: String = "main", model: String = "classifier") throws -> Snapshot {
        let result = BenchResult(modelVersion: model, metrics: [NamedMetric(name: "f1", metric: MetricValue(value: f1))])
        let outcome = try Recorder(session()).record([result], RecordOptions { ($0.commitRevision, $0.branchName) = (sha, branch) })
        return try #require(outcome.snapshots.first)
    }
}


