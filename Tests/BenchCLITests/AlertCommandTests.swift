import BenchCore
import BenchStore
import BenchTestSupport
import Foundation
import Testing

/// Alerts through the real binary in real repositories: opened by default-branch results,
/// one per series × metric, resolved by a later result, triaged with notes.
@Suite struct AlertCommandTests {
    /// A repository whose main regressed from 0.895 to 0.835 at c2: alert #1.
    struct Regressed {
        let box: Sandbox
        let c1: String
        let c2: String
        let opened: ProcessResult

        init() throws {
            box = try Sandbox()
            c1 = try box.fixture.commit("c1")
            try box.record(f1: 0.895)
            c2 = try box.fixture.commit("c2: slower tokenizer")
            opened = try box.record(f1: 0.835)
        }

        func alerts(_ arguments: String...) throws -> [[String: Any]] {
            let listed = try box.bench(arguments: ["alerts"] + arguments + ["--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            return try Sandbox.json(listed) as? [[String: Any]] ?? []
        }

        func log() throws -> [AlertLogEntry] { try SQLiteStore(path: box.storePath, create: false).alertLog(id: nil) }
    }

    /// A percentage check's limit is the baseline moved by the threshold: a result most of
    /// the way back (0.88 against 0.895, within 5%) resolves the alert.
    @Test func anAlertResolvesWithinTheThresholdNotOnlyAtTheOldBaseline() throws {
        let main = try Regressed()
        let alert = try #require(try main.alerts().first)
        #expect(abs((alert["limit"] as? Double ?? 0) - 0.895 * 0.95) < 1e-9, "\(alert)")
        try main.box.fixture.commit("c3: most of it back")
        let back = try main.box.record(f1: 0.88)
        #expect(back.stderr.contains("bench: alert #1 resolved"), "\(back.stderr)")
    }

    /// A result from another machine is no evidence that this machine's regression is gone.
    @Test func onlyTheAlertsOwnTestbedResolvesIt() throws {
        let main = try Regressed()
        try main.box.fixture.commit("c3 measured elsewhere")
        let file = try main.box.resultFile(Sandbox.result(f1: 0.9), name: "elsewhere.json")
        let elsewhere = try BenchBinary.run(["record", "--input", file], in: main.box.path, environment: ["BENCH_TESTBED": "another-machine"])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(!elsewhere.stderr.contains("resolved"), "\(elsewhere.stderr)")
        #expect(try main.alerts().count == 1)
        try main.box.fixture.commit("c4 measured here")
        let here = try main.box.record(f1: 0.9)
        #expect(here.stderr.contains("bench: alert #1 resolved"), "\(here.stderr)")
    }

    @Test func aDefaultBranchRegressionOpensOneAlertThatResolvesItself() throws {
        let main = try Regressed()
        #expect(main.opened.stderr.contains(
            "bench: alert #1 opened: clf [set-v1, p1] local@main f1 0.895 → 0.835 (-6.7%) at \(main.c2.prefix(7)) (c2: slower tokenizer) by "),
            "\(main.opened.stderr)")
        #expect(main.opened.stderr.contains("find the cause: bench bisect --good \(main.c1.prefix(7)) --bad \(main.c2.prefix(7)) --metric f1"))
        let open = try main.alerts()
        #expect(open.count == 1)
        let alert = try #require(open.first)
        #expect(alert["id"] as? Int == 1 && alert["status"] as? String == "open" && alert["metric"] as? String == "f1")
        #expect(alert["baseline"] as? Double == 0.895 && alert["value"] as? Double == 0.835)
        #expect(alert["good_sha"] as? String == main.c1 && alert["commit_sha"] as? String == main.c2)
        #expect(alert["commit_subject"] as? String == "c2: slower tokenizer" && alert["branch_name"] as? String == "main")
        #expect(alert["reason"] is NSNull && alert["resolved_at"] is NSNull, "every key is present")
        let table = try main.box.bench("alerts")
        #expect(table.stdout.contains("#1  open"), "\(table.stdout)")
        #expect(table.stdout.contains("clf [set-v1, p1] local@main  f1      0.895   →  0.835  -6.7%"), "\(table.stdout)")

        // Still below the limit, without a new regression of its own: the same alert stays, no second one.
        try main.box.fixture.commit("c3")
        let still = try main.box.record(f1: 0.80)
        #expect(!still.stderr.contains("alert #"), "\(still.stderr)")
        #expect(try main.alerts("--status", "all").count == 1)
        // The good commit measured again now is no sign of recovery.
        let older = try main.box.bench("record", "--input", try main.box.resultFile(Sandbox.result(f1: 0.9), name: "old.json"), "--commit-sha", main.c1)
        #expect(older.status == 0 && !older.stderr.contains("alert #"), "\(older.stderr)")
        #expect(try main.alerts().count == 1)

        // A regression on another branch opens nothing.
        try main.box.fixture.git(["checkout", "-q", "-b", "feature"])
        try main.box.fixture.commit("f1")
        let feature = try main.box.record(f1: 0.5)
        #expect(!feature.stderr.contains("alert #"), "\(feature.stderr)")
        #expect(try main.alerts("--status", "all").count == 1)

        // Back within the limit on main: resolved by itself.
        try main.box.fixture.git(["checkout", "-q", "main"])
        let c4 = try main.box.fixture.commit("c4: faster tokenizer")
        let back = try main.box.record(f1: 0.90)
        #expect(back.stderr.contains("bench: alert #1 resolved: clf [set-v1, p1] local@main f1 is back within its limit at \(c4.prefix(7))"), "\(back.stderr)")
        #expect(try main.box.bench("alerts").stdout == "No open alerts.\n")
        let resolved = try #require(try main.alerts("--status", "resolved").first)
        #expect(resolved["resolved_sha"] as? String == c4 && resolved["resolved_value"] as? Double == 0.9)
        #expect(try main.log().map(\.event) == [.opened, .resolved])

        // A new regression after it resolved opens a new alert.
        try main.box.fixture.commit("c5")
        #expect(try main.box.record(f1: 0.80).stderr.contains("bench: alert #2 opened"))
        #expect(try main.alerts().map { $0["id"] as? Int } == [2])
    }

    @Test func peopleAcknowledgeDismissAndReopenWithANote() throws {
        let main = try Regressed()
        let ack = try main.box.bench("alerts", "ack", "1", "--note", "Ann is on it")
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout.hasPrefix("alert #1 acknowledged: clf [set-v1, p1] local@main f1 0.895 → 0.835 (-6.7%)"))
        #expect(try main.alerts().first?["status"] as? String == "acknowledged", "acknowledged alerts are listed by default")
        let dismiss = try main.box.bench("alerts", "dismiss", "#1", "--reason", "expected", "--note", "the tokenizer is worth it")
        #expect(dismiss.status == 0, "\(dismiss.stderr)")
        #expect(dismiss.stdout.hasPrefix("alert #1 dismissed (expected):"))
        #expect(try main.alerts().isEmpty)
        let dismissed = try #require(try main.alerts("--status", "dismissed").first)
        #expect(dismissed["reason"] as? String == "expected" && dismissed["note"] as? String == "the tokenizer is worth it")
        #expect(try main.box.bench("alerts", "reopen", "1", "--note", "it got worse").status == 0)
        #expect(try main.alerts().first?["status"] as? String == "open")

        let log = try main.log()
        #expect(log.map(\.event) == [.opened, .acknowledged, .dismissed, .reopened])
        #expect(log.map(\.note) == [nil, "Ann is on it", "the tokenizer is worth it", "it got worse"])
        #expect(log[2].reason == .expected)
        #expect(log.allSatisfy { !$0.actor.isEmpty && abs($0.at.timeIntervalSinceNow) < 120 })
    }

    @Test func aBadActionSaysWhatAndWritesNothing() throws {
        let main = try Regressed()
        let before = try main.log()
        let cases: [([String], String)] = [
            (["alerts", "ack", "99"], "error: no alert #99"),
            (["alerts", "ack", "abc"], "error: 'abc' is not an alert id"),
            (["alerts", "reopen", "1"], "error: alert #1 is open: only an alert that is acknowledged or dismissed or resolved can be reopened"),
            (["alerts", "dismiss", "1"], "error: Missing expected argument '--reason <reason>'"),
            (["alerts", "dismiss", "1", "--reason", "bored"], "error: The value 'bored' is invalid for '--reason <reason>'"),
            (["alerts", "ack", "1", "--note", " "], "error: --note is empty"),
            (["alerts", "--status", "closed"], "error: The value 'closed' is invalid for '--status <status>'"),
        ]
        for (arguments, message) in cases {
            let result = try main.box.bench(arguments: arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("hint: "), "\(arguments): \(result.stderr)")
        }
        #expect(try main.log() == before)
        #expect(try main.alerts().first?["status"] as? String == "open")
    }

    @Test func checkMentionsTheOpenAlertOfItsSeries() throws {
        let main = try Regressed()
        try main.box.fixture.git(["checkout", "-q", "-b", "feature"])
        try main.box.fixture.commit("f1")
        try main.box.record(f1: 0.833)
        let check = try main.box.bench("check")
        #expect(check.status == 0, "0.833 against the merge-base's 0.835 is unchanged: \(check.stdout)")
        let mentions = check.stdout.split(separator: "\n").filter { $0.hasPrefix("alert #") }
        #expect(mentions == ["alert #1 is open on main for clf f1 since \(main.c2.prefix(7)) (0s ago): see `bench alerts`"]
                || mentions.count == 1 && mentions[0].contains("alert #1 is open on main for clf f1 since \(main.c2.prefix(7))"), "\(check.stdout)")
        let json = try Sandbox.json(try main.box.bench("check", "--json")) as? [String: Any]
        #expect((json?["alerts"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
        // Once dismissed it is no longer mentioned.
        #expect(try main.box.bench("alerts", "dismiss", "1", "--reason", "false-alarm").status == 0)
        #expect(!(try main.box.bench("check").stdout.contains("alert #")))
    }

    @Test func importReviewsTheNewestResultOfEachSeries() throws {
        let box = try Sandbox()
        let c1 = try box.fixture.commit("c1")
        let c2 = try box.fixture.commit("c2")
        let file = try box.resultFile("""
            [{"model_version": "clf", "commit_sha": "\(c1)", "created_at": "2026-11-01T10:00:00Z", "metrics": {"f1": 0.9}},
             {"model_version": "clf", "commit_sha": "\(c2)", "created_at": "2026-11-02T10:00:00Z", "metrics": {"f1": 0.7}}]
            """, name: "history.json")
        let imported = try box.bench("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("bench: alert #1 opened: clf local@main f1 0.9 → 0.7 (-22.2%) at \(c2.prefix(7))"), "\(imported.stderr)")
    }
}
