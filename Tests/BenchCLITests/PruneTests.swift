import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// `bench prune`: a dry run by default, and never a row something refers to, on both stores.
@Suite struct PruneTests {
    enum Kind: String, CaseIterable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }

        static var available: [Kind] { PostgresFixture.adminURL == nil ? [.sqlite] : allCases }

        /// The environment that points bench at a fresh store of this kind.
        func environment() throws -> [String: String] {
            guard self == .postgres else { return [:] }
            let url = try PostgresFixture.freshURL()
            let migrated = try BenchBinary.run(["db", "migrate", "--database", url], in: FileManager.default.temporaryDirectory.path)
            #expect(migrated.status == 0, "\(migrated.stderr)")
            return ["BENCH_DATABASE_URL": url]
        }
    }

    /// Eight versions of `clf` on eight commits, with every kind of reference a prune must keep:
    /// v1 the baseline, v3 named by a checkout (pinned, then undone), v4 a run with a note,
    /// v5 at a commit `bench tag` wrote a git note on, v8 the current one.
    static func referencedHistory(_ environment: [String: String]) throws -> Sandbox {
        let box = try Sandbox()
        func bench(_ arguments: [String]) throws {
            let result = try BenchBinary.run(arguments, in: box.path, environment: environment)
            #expect(result.status == 0, "bench \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        for index in 1...8 {
            try box.fixture.commit("c\(index)")
            let file = try box.resultFile(Sandbox.result(f1: 0.8 + Double(index) / 100))
            try bench(["record", "--input", file] + (index == 4 ? ["--notes", "the run we published"] : []))
            if index == 5 { try bench(["tag"]) }
        }
        try bench(["baseline", "set", "clf", "--version", "1"])
        try bench(["checkout", "clf", "--version", "3"])
        try bench(["checkout", "clf", "--latest"])
        return box
    }

    func bench(arguments: [String], in box: Sandbox, environment: [String: String]) throws -> ProcessResult {
        try BenchBinary.run(arguments, in: box.path, environment: environment)
    }

    func bench(_ arguments: String..., in box: Sandbox, environment: [String: String]) throws -> ProcessResult {
        try bench(arguments: arguments, in: box, environment: environment)
    }

    func versions(_ box: Sandbox, _ environment: [String: String]) throws -> [Int] {
        let history = try bench("history", "clf", "--json", in: box, environment: environment)
        return ((try Sandbox.json(history) as? [[String: Any]])?.first?["snapshots"] as? [[String: Any]] ?? []).compactMap { $0["snapshot_version"] as? Int }
    }

    @Test(arguments: Kind.available) func pruneKeepsEveryReferencedRow(kind: Kind) throws {
        let environment = try kind.environment()
        let box = try Self.referencedHistory(environment)
        try box.fixture.write("bench.toml", "[retention]\nkeep-versions = 1\n")

        let dry = try bench("prune", in: box, environment: environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Would remove 3 runs of 1 series"))
        #expect(dry.stdout.contains("v2–v7"))
        #expect(dry.stdout.contains("Nothing was removed: run `bench prune --yes`"))
        #expect(try versions(box, environment) == [8, 7, 6, 5, 4, 3, 2, 1], "a dry run removes nothing")

        let json = try #require(try Sandbox.json(try bench("prune", "--json", in: box, environment: environment)) as? [String: Any])
        #expect(json["removed"] as? Bool == false && json["runs"] as? Int == 3)

        let done = try bench("prune", "--yes", in: box, environment: environment)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("Removed 3 runs of 1 series (VACUUM and ANALYZE done)"))
        #expect(try versions(box, environment) == [8, 5, 4, 3, 1], "v2, v6 and v7 went; the referenced ones stayed")
        let again = try bench("prune", "--yes", in: box, environment: environment)
        #expect(again.stdout.contains("Nothing to prune"))
        // The store still works: the next run is v9 and current.
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        #expect(try bench("record", "--input", file, in: box, environment: environment).status == 0)
        #expect(try versions(box, environment).first == 9)
    }

    /// An alert's evidence stays: the runs at its good and regressing commits.
    @Test(arguments: Kind.available) func pruneKeepsWhatAnAlertRefersTo(kind: Kind) throws {
        let environment = try kind.environment()
        let box = try Sandbox()
        for (index, f1) in [0.9, 0.9, 0.8, 0.8, 0.8, 0.8].enumerated() {
            try box.fixture.commit("c\(index + 1)")
            let file = try box.resultFile(Sandbox.result(f1: f1), name: "r\(index).json")
            let recorded = try bench("record", "--input", file, in: box, environment: environment)
            #expect(recorded.status == 0, "\(recorded.stderr)")
            #expect(recorded.stderr.contains("alert #1 opened") == (index == 2), "\(recorded.stderr)")
        }
        try box.fixture.write("bench.toml", "[retention]\nkeep-versions = 1\n")
        let done = try bench("prune", "--yes", in: box, environment: environment)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try versions(box, environment) == [6, 3, 2], "v2 (good) and v3 (regressed) are the alert's; v6 is current")
    }

    @Test(arguments: Kind.available) func theAgeRuleKeepsRecentRuns(kind: Kind) throws {
        let environment = try kind.environment()
        let box = try Self.referencedHistory(environment)
        try box.fixture.write("bench.toml", "[retention]\nkeep-days = 30\nkeep-versions = 1\n")
        let result = try bench("prune", "--yes", in: box, environment: environment)
        #expect(result.stdout.contains("Nothing to prune"), "every run is newer than 30 days")
        #expect(try versions(box, environment).count == 8)
    }

    @Test(arguments: [("", "bench.toml sets no retention policy"), ("[retention]\nkeep-days = 0\n", "retention.keep-days"),
                      ("[retention]\nkeep = 3\n", "retention.keep"), ("[retention]\nkeep-versions = \"ten\"\n", "retention.keep-versions")])
    func aMissingOrBadPolicyIsRefused(_ toml: String, _ said: String) throws {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.8)
        try box.record(f1: 0.81)
        try box.fixture.write("bench.toml", toml)
        let result = try box.bench("prune", "--yes")
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(said), "\(result.stderr)")
        #expect(try box.counts()?.transactions == 2, "nothing removed")
    }
}
