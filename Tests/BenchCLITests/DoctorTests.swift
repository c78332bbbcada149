import BenchTestSupport
import Foundation
import Testing

/// `bench doctor`: one line per check, the fix beside each problem, exit 1 on any.
@Suite struct DoctorTests {
    static func lines(_ result: ProcessResult) -> [String: String] {
        var found: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") where ["✓", "✗", "–"].contains(String(line.prefix(1))) {
            let name = line.dropFirst(2).split(separator: " ").first.map(String.init) ?? ""
            found[name] = String(line.prefix(1))
        }
        return found
    }

    @Test func aFreshRepositoryIsToldWhatToSetUp() throws {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        let result = try box.bench("doctor")
        #expect(result.status == 1, "\(result.stdout)")
        let marks = Self.lines(result)
        #expect(marks["bench.toml"] == "–" && marks["store"] == "–" && marks["hooks"] == "✗" && marks["default"] == "✓", "\(result.stdout)")
        #expect(result.stdout.contains("fix: `bench hooks install`"))
        #expect(result.stdout.contains("1 problem(s) found."))
        #expect(try box.counts() == nil, "doctor creates nothing")
    }

    @Test func aRepositorySetUpByInitPassesEveryCheck() throws {
        let box = try Sandbox()
        let remote = try GitFixture(bare: true)
        try box.fixture.git(["remote", "add", "origin", remote.path])
        try box.fixture.git(["config", "--add", "remote.origin.fetch", "+refs/notes/bench:refs/notes/bench"])
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.9}}'\n")
        try box.fixture.commit("c1")
        #expect(try box.bench("init", "--yes").status == 0)
        let result = try box.bench("doctor")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("All good."))
        let marks = Self.lines(result)
        for name in ["bench.toml", "store", "hooks", "benchmark", "default", "git"] { #expect(marks[name] == "✓", "\(name): \(result.stdout)") }
        #expect(result.stdout.contains("calling \(BenchBinary.path)"))

        let json = try #require(try Sandbox.json(try box.bench("doctor", "--json")) as? [String: Any])
        #expect(json["ok"] as? Bool == true)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["name"] as? String == "benchmark eval" && $0["state"] as? String == "ok" })
    }

    @Test func eachProblemIsNamedWithItsFix() throws {
        let box = try Sandbox()
        let remote = try GitFixture(bare: true)
        try box.fixture.git(["remote", "add", "origin", remote.path])
        try box.fixture.write("bench.toml", "[[benchmark]]\nname = \"gone\"\ncommand = \"./no-such-tool --fast\"\n")
        try box.fixture.commit("c1")
        #expect(try box.bench("hooks", "install").status == 0)
        // Hooks that call a bench no longer there, then shadowed by a core.hooksPath elsewhere.
        let hook = box.path + "/.git/hooks/pre-push"
        let script = try String(contentsOfFile: hook, encoding: .utf8).replacingOccurrences(of: BenchBinary.path, with: "/opt/old/bench")
        try Data(script.utf8).write(to: URL(fileURLWithPath: hook))
        var result = try box.bench("doctor")
        #expect(result.status == 1)
        #expect(result.stdout.contains("pre-push calls /opt/old/bench (no longer there), not this bench"), "\(result.stdout)")
        #expect(result.stdout.contains("✗ benchmark gone"))
        #expect(result.stdout.contains("`./no-such-tool`"))
        #expect(result.stdout.contains("does not fetch refs/notes/bench"))
        #expect(result.stdout.contains("git config --add remote.origin.fetch '+refs/notes/bench:refs/notes/bench'"))

        try box.fixture.git(["config", "core.hooksPath", ".githooks"])
        result = try box.bench("doctor")
        #expect(result.stdout.contains("core.hooksPath is \(box.path)/.githooks: git never runs bench's"), "\(result.stdout)")

        // A broken bench.toml is one finding; the other checks still run.
        try box.fixture.write("bench.toml", "[hooks\n")
        result = try box.bench("doctor")
        #expect(result.status == 1)
        #expect(Self.lines(result)["bench.toml"] == "✗", "\(result.stdout)")
        #expect(result.stdout.contains("bench.toml:1"), "the parse error says where: \(result.stdout)")
        #expect(Self.lines(result)["default"] == "✓")
    }

    @Test func anOutdatedHookPathIsFixedByInstallingAgain() throws {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        #expect(try box.bench("hooks", "install").status == 0)
        #expect(Self.lines(try box.bench("doctor"))["hooks"] == "✓")
    }
}

/// The shared store: reachable, its roles there, the outbox empty.
@Suite(.enabled(if: PostgresFixture.adminURL != nil, "needs the PostgreSQL server `make test` starts"))
struct DoctorPostgresTests {
    @Test func theSharedStoreItsRolesAndTheOutbox() throws {
        let url = try PostgresFixture.freshURL()
        let box = try Sandbox()
        try box.fixture.commit("c1")
        let environment = ["BENCH_DATABASE_URL": url]
        var result = try BenchBinary.run(["doctor"], in: box.path, environment: environment)
        #expect(result.stdout.contains("✗ store"), "an empty database has no schema yet: \(result.stdout)")
        #expect(result.stdout.contains("bench db migrate"))
        #expect(!result.stdout.contains(URLComponents(string: url)!.password!))

        #expect(try BenchBinary.run(["db", "migrate"], in: box.path, environment: environment).status == 0)
        result = try BenchBinary.run(["doctor"], in: box.path, environment: environment)
        let marks = DoctorTests.lines(result)
        #expect(marks["store"] == "✓" && marks["roles"] == "✓" && marks["outbox"] == "✓", "\(result.stdout)")
        #expect(!result.stdout.contains(URLComponents(string: url)!.password!))

        // Unreachable: the run waits in the outbox, and doctor says so with the fix.
        let unreachable = ["BENCH_DATABASE_URL": "postgresql://postgres:secret-pw@127.0.0.1:1/none"]
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        _ = try BenchBinary.run(["record", "--input", file], in: box.path, environment: unreachable)
        result = try BenchBinary.run(["doctor"], in: box.path, environment: unreachable)
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ store"), "\(result.stdout)")
        #expect(result.stdout.contains("1 run(s) wait for postgres"))
        #expect(result.stdout.contains("`bench sync` delivers them"))
        #expect(!result.stdout.contains("secret-pw"))
    }
}
