import BenchTestSupport
import Foundation
import Testing

@Suite struct StoreLocationTests {
    @Test func environmentVariableAndConfigChooseTheStore() throws {
        let box = try Sandbox(committing: "first")
        let file = try box.resultFile(Sandbox.result(f1: 0.8))
        let fromEnvironment = box.fixture.root + "/env.sqlite3"
        let recorded = try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_DATABASE_URL": fromEnvironment])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        #expect(try box.counts() == nil)

        try box.fixture.write("bench.toml", "[store]\nurl = \"results/bench.sqlite3\"\n")
        #expect(try box.bench("record", "--input", file).status == 0)
        #expect(FileManager.default.fileExists(atPath: box.path + "/results/bench.sqlite3"))
        // BENCH_DATABASE_URL wins over bench.toml.
        let history = try BenchBinary.run(["history", "clf", "--json"], in: box.path, environment: ["BENCH_DATABASE_URL": fromEnvironment])
        let series = try #require(try Sandbox.json(history) as? [[String: Any]])
        #expect((series.first?["snapshots"] as? [[String: Any]])?.count == 1)
    }

    @Test func postgresURLsNeverShowThePassword() throws {
        let box = try Sandbox(committing: "first")
        let file = try box.resultFile(Sandbox.result(f1: 0.8))
        // An unknown host is unreachable: the run waits in the outbox, and no message shows the password.
        let result = try BenchBinary.run(["record", "--input", file], in: box.path,
                                         environment: ["BENCH_DATABASE_URL": "postgres://bench_writer:s3cret-pw@db.internal/bench"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("postgres://bench_writer:***@db.internal/bench"))
        #expect(result.stderr.contains("kept 1 run(s) in the outbox"))
        #expect(!result.stderr.contains("s3cret-pw") && !result.stdout.contains("s3cret-pw"))
        let outbox = try Data(contentsOf: URL(fileURLWithPath: box.path + "/.git/bench/outbox.sqlite3"))
        #expect(String(decoding: outbox, as: UTF8.self).contains("s3cret-pw") == false, "the outbox keeps the masked URL only")
        let sync = try BenchBinary.run(["sync"], in: box.path, environment: ["BENCH_DATABASE_URL": "postgres://bench_writer:s3cret-pw@db.internal/bench"])
        #expect(sync.status == 3)
        #expect(!sync.stderr.contains("s3cret-pw"))
    }

    @Test func readsWithoutAStoreShowNothingAndCreateNothing() throws {
        let box = try Sandbox(committing: "first")
        let current = try box.bench("current")
        #expect(current.status == 0)
        #expect(current.stdout.contains("No results recorded yet"))
        let log = try box.bench("log")
        #expect(log.status == 0)
        #expect(log.stdout.contains("(not measured)"))
        #expect(try box.bench("current", "--json").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        #expect(try box.counts() == nil)
    }

    @Test func relativeDatabasePathsStartFromTheCurrentDirectory() throws {
        let box = try Sandbox()
        try box.fixture.commit("first", file: "sub/file.txt")
        let file = try box.resultFile(Sandbox.result(f1: 0.8))
        let result = try box.bench("record", "--input", file, "--database", "local.sqlite3", in: box.path + "/sub")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path + "/sub/local.sqlite3"))
    }
}
