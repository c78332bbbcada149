import BenchCore
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// The other ways a default-branch result arrives, each opening alerts: the hooks, the
/// nightly workflow's step, and the shared store, where a reader may not triage.
@Suite struct AlertWritePathTests {
    @Test func aPushOfARegressingMainOpensTheAlertAndTheHookSaysSo() throws {
        let setup = try HookTests.Setup()
        #expect(try setup.push().status == 0)
        let worse = try setup.commitScore("0.80", "c2: tokenizer change")
        let refused = try setup.push()
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bench: alert #1 opened: clf local@main f1 0.9 → 0.8 (-11.1%) at \(worse.prefix(7)) (c2: tokenizer change)"),
                "\(refused.stderr)")
        #expect(refused.stderr.contains("alert #1 is open on main for clf f1 since \(worse.prefix(7))"), "the check's report mentions it")

        // A branch started from there passes its check, and the hook still mentions the alert.
        try setup.box.fixture.git(["checkout", "-q", "-b", "feature"])
        try setup.box.fixture.commit("feature: docs")
        let pushed = try setup.box.fixture.gitResult(["push", "-q", "origin", "feature"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(!pushed.stderr.contains("REGRESSED"))
        #expect(pushed.stderr.contains("alert #1 is open on main for clf f1 since \(worse.prefix(7))"), "\(pushed.stderr)")
    }

    @Test func aMergeIntoMainThatRegressesOpensTheAlert() throws {
        let setup = try HookTests.Setup()
        #expect(try setup.push().status == 0)
        try setup.box.fixture.git(["checkout", "-q", "-b", "feature"])
        _ = try setup.commitScore("0.70", "feature: worse")
        try setup.box.fixture.git(["checkout", "-q", "main"])
        let merged = try setup.box.fixture.gitResult(["merge", "--no-ff", "-m", "merge feature", "feature"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("bench: alert #1 opened: clf local@main f1 0.9 → 0.7 (-22.2%)"), "\(merged.stderr)")
    }

    /// The nightly workflow measures the default branch with the action's `measure` step
    /// (`bench run --ci`): a drift since the last measured commit opens an alert, and the
    /// workflow's summary step lists it.
    @Test func theNightlyRunOpensAnAlertOnDrift() throws {
        let setup = try HookTests.Setup(install: false)
        let c1 = try setup.box.fixture.sha("HEAD")
        var environment = ProcessInfo.processInfo.environment
        for key in ["BENCH_DATABASE_URL", "GIT_DIR", "GIT_WORK_TREE"] + BenchBinary.ciVariables { environment[key] = nil }
        let bench = URL(fileURLWithPath: BenchBinary.path).deletingLastPathComponent().path
        environment["PATH"] = "\(bench):" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_EVENT_NAME"] = "schedule"
        environment["GITHUB_REF_NAME"] = "main"
        environment["GITHUB_RUN_ID"] = "77"
        environment["GITHUB_STEP_SUMMARY"] = setup.box.fixture.root + "/summary.md"
        func nightly(at sha: String) throws -> ProcessResult {
            environment["GITHUB_SHA"] = sha
            return try ProcessRunner.run("/bin/bash", [ActionScriptTests.script, "measure"], in: setup.box.path, environment: environment)
        }
        #expect(try nightly(at: c1).status == 0)
        let drifted = try setup.commitScore("0.81", "c2: a dependency update")
        let night = try nightly(at: drifted)
        #expect(night.status == 0, "\(night.stderr)")
        #expect(night.stderr.contains("bench: alert #1 opened: clf github-actions@main f1 0.9 → 0.81 (-10.0%)"), "\(night.stderr)")
        let summary = try ProcessRunner.run("/bin/bash", [ActionScriptTests.script, "alerts"], in: setup.box.path, environment: environment)
        #expect(summary.status == 0, "\(summary.stderr)")
        let written = try String(contentsOfFile: environment["GITHUB_STEP_SUMMARY"]!, encoding: .utf8)
        #expect(written.contains("### bench alerts"))
        #expect(written.contains("#1  open"), "\(written)")
    }

    @Test(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
    func onTheSharedStoreAReaderListsAlertsAndCannotTriage() throws {
        let url = try PostgresFixture.freshURL()
        #expect(try BenchBinary.run(["db", "migrate", "--database", url], in: FileManager.default.temporaryDirectory.path).status == 0)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        try PostgresFixture.run("CREATE ROLE alert_reader_\(suffix) LOGIN PASSWORD 'reader-pw' IN ROLE bench_reader")
        let readerURL = PostgresFixture.url(url, database: URL(string: url)!.lastPathComponent, user: "alert_reader_\(suffix)", password: "reader-pw")
        let box = try Sandbox(committing: "c1")
        let writer = ["BENCH_DATABASE_URL": url], reader = ["BENCH_DATABASE_URL": readerURL]
        #expect(try BenchBinary.run(["record", "--input", try box.resultFile(Sandbox.result(f1: 0.895))], in: box.path, environment: writer).status == 0)
        try box.fixture.commit("c2")
        let opened = try BenchBinary.run(["record", "--input", try box.resultFile(Sandbox.result(f1: 0.835))], in: box.path, environment: writer)
        #expect(opened.stderr.contains("bench: alert #1 opened: clf [set-v1, p1] local@main f1"), "\(opened.stderr)")

        let listed = try BenchBinary.run(["alerts", "--json"], in: box.path, environment: reader)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect((try Sandbox.json(listed) as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
        let refused = try BenchBinary.run(["alerts", "ack", "1", "--note", "mine"], in: box.path, environment: reader)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("permission denied"), "\(refused.stderr)")
        let store = try PostgresStore(url: url, maskedURL: "owner")
        #expect(try store.alert(id: 1)?.status == .open)
        #expect(try store.alertLog(id: 1).map(\.event) == [.opened])

        let acknowledged = try BenchBinary.run(["alerts", "ack", "1", "--note", "on it"], in: box.path, environment: writer)
        #expect(acknowledged.status == 0, "\(acknowledged.stderr)")
        #expect(try store.alertLog(id: 1).map(\.note) == [nil, "on it"])
    }
}
