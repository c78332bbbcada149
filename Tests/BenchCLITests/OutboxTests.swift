import BenchTestSupport
import Foundation
import Testing

/// The shared store goes away and comes back: runs wait in the outbox and arrive once.
@Suite(.enabled(if: PostgresFixture.adminURL != nil, "needs PostgreSQL's server binaries, as `make test` has"))
struct OutboxTests {
    @Test func runsWaitWhileTheServerIsDownAndArriveExactlyOnce() throws {
        let cluster = try PrivateCluster()
        defer { cluster.shutDown() }
        let box = try Sandbox()
        let environment = ["BENCH_DATABASE_URL": cluster.url]
        #expect(try BenchBinary.run(["db", "migrate"], in: box.path, environment: environment).status == 0)
        func bench(_ arguments: String...) throws -> ProcessResult {
            try BenchBinary.run(arguments, in: box.path, environment: environment)
        }
        func versions() throws -> [Int] {
            let history = try bench("history", "clf", "--json")
            return ((try Sandbox.json(history) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]])?
                .compactMap { $0["snapshot_version"] as? Int } ?? []
        }
        try box.fixture.commit("c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        #expect(try bench("record", "--input", file).status == 0)

        try cluster.control("stop")
        for _ in 0..<2 {
            let queued = try bench("record", "--input", file)
            #expect(queued.status == 0, "\(queued.stderr)")
            #expect(queued.stderr.contains("cannot reach PostgreSQL"))
            #expect(queued.stderr.contains("kept 1 run(s) in the outbox"))
            #expect(!queued.stderr.contains(URLComponents(string: cluster.url)!.password!))
        }
        let down = try bench("sync")
        #expect(down.status == 3)

        try cluster.control("start")
        let synced = try bench("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stdout.contains("delivered 2 run(s)"))
        #expect(try bench("sync").stdout.contains("outbox empty"))
        #expect(try versions() == [3, 2, 1])

        // A read never writes: `bench current` leaves the outbox as it is.
        try cluster.control("stop")
        #expect(try bench("record", "--input", file).status == 0)
        try cluster.control("start")
        let read = try bench("current")
        #expect(read.status == 0)
        #expect(!read.stderr.contains("delivered"))
        #expect(try versions() == [3, 2, 1])

        // The next command that writes delivers first, then records its own run.
        let next = try bench("record", "--input", file)
        #expect(next.status == 0)
        #expect(next.stderr.contains("delivered 1 run(s) from the outbox"))
        #expect(try versions() == [5, 4, 3, 2, 1])
        #expect(try bench("sync").stdout.contains("outbox empty"))
    }

    /// A regression recorded while the shared store was down opens its alert when it arrives.
    @Test func aRegressionThatWaitedInTheOutboxOpensItsAlertWhenDelivered() throws {
        let cluster = try PrivateCluster()
        defer { cluster.shutDown() }
        let box = try Sandbox()
        let environment = ["BENCH_DATABASE_URL": cluster.url]
        func bench(_ arguments: String...) throws -> ProcessResult {
            try BenchBinary.run(arguments, in: box.path, environment: environment)
        }
        #expect(try bench("db", "migrate").status == 0)
        try box.fixture.commit("c1")
        #expect(try bench("record", "--input", try box.resultFile(Sandbox.result(f1: 0.895), name: "good.json")).status == 0)

        try cluster.control("stop")
        let c2 = try box.fixture.commit("c2: slower tokenizer")
        let queued = try bench("record", "--input", try box.resultFile(Sandbox.result(f1: 0.835), name: "bad.json"))
        #expect(queued.status == 0 && queued.stderr.contains("kept 1 run(s) in the outbox"), "\(queued.stderr)")
        try cluster.control("start")
        #expect((try Sandbox.json(try bench("alerts", "--json")) as? [Any])?.isEmpty == true, "nothing opened while the run waited")

        let synced = try bench("sync")
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(synced.stderr.contains("alert #1 opened"), "\(synced.stderr)")
        let alerts = try Sandbox.json(try bench("alerts", "--json")) as? [[String: Any]] ?? []
        #expect(alerts.count == 1)
        #expect(alerts.first?["commit_sha"] as? String == c2 && alerts.first?["value"] as? Double == 0.835)
    }

    /// Where the outbox would hide a failure it is not used: `--verify` promises the rows are
    /// written, and a CI runner's files go away with the job. Both exit 3 and queue nothing.
    @Test func verifyAndCIRunnersRefuseTheOutbox() throws {
        let cluster = try PrivateCluster()
        defer { cluster.shutDown() }
        let box = try Sandbox(committing: "c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        #expect(try BenchBinary.run(["db", "migrate"], in: box.path, environment: ["BENCH_DATABASE_URL": cluster.url]).status == 0)
        try cluster.control("stop")
        let outbox = box.fixture.path + "/.git/bench/outbox.sqlite3"
        for (environment, arguments, hint) in [
            (["BENCH_DATABASE_URL": cluster.url], ["record", "--input", file, "--verify"], "--verify needs the store itself"),
            (["BENCH_DATABASE_URL": cluster.url, "CI": "true"], ["record", "--input", file], "on a CI runner the outbox would be lost"),
            (["BENCH_DATABASE_URL": cluster.url, "GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "7"], ["record", "--input", file, "--ci"], "on a CI runner"),
        ] {
            let refused = try BenchBinary.run(arguments, in: box.path, environment: environment)
            #expect(refused.status == 3, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains("cannot reach PostgreSQL"))
            #expect(refused.stderr.contains(hint))
            #expect(!refused.stderr.contains("outbox;"), "nothing was queued")
            #expect(!refused.stderr.contains(URLComponents(string: cluster.url)!.password!))
        }
        #expect(!FileManager.default.fileExists(atPath: outbox), "no outbox was made")
        let queued = try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_DATABASE_URL": cluster.url])
        #expect(queued.status == 0, "a laptop's record still waits in the outbox")
        #expect(FileManager.default.fileExists(atPath: outbox))
    }

    /// A pre-push hook while the shared store is down: the check cannot run, so `on-error`
    /// decides. "block" stops the push and says how to push anyway; "allow" lets it through.
    /// Neither waits for a timeout nor shows the password.
    @Test func prePushWithTheStoreDownFollowsOnError() throws {
        let cluster = try PrivateCluster()
        defer { cluster.shutDown() }
        let setup = try HookTests.Setup(config: "\n[hooks]\non-error = \"block\"\n")
        let environment = ["BENCH_DATABASE_URL": cluster.url]
        #expect(try BenchBinary.run(["db", "migrate"], in: setup.box.path, environment: environment).status == 0)
        let first = try setup.push(environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let pushed = try setup.box.fixture.sha("HEAD")

        try cluster.control("stop")
        _ = try setup.commitScore("0.80", "c2: while the store is down")
        let started = Date()
        let blocked = try setup.push(environment: environment)
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("cannot reach PostgreSQL"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("on-error = \"block\""))
        #expect(blocked.stderr.contains("BENCH_SKIP=1 git push"))
        #expect(!blocked.stderr.contains(URLComponents(string: cluster.url)!.password!))
        #expect(setup.remoteMain() == pushed, "the remote ref is unchanged")
        #expect(Date().timeIntervalSince(started) < 10, "a refused connection does not wait for a timeout")

        try setup.box.fixture.write("bench.toml", "[[benchmark]]\nname = \"clf\"\ncommand = \"sh eval.sh\"\n\n[hooks]\non-error = \"allow\"\n")
        let allowed = try setup.push(environment: environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("pushing anyway"))
        #expect(setup.remoteMain() == (try setup.box.fixture.sha("HEAD")))
    }
}
