import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// `bench changes` on real repositories: where it places a step, how it writes p-values,
/// what its flags keep, and `--all` over every series and metric.
@Suite struct ChangesCommandTests {
    /// One commit per value, each measured once (imported in one go, as CI history would
    /// be): `f1` is the value, `latency_ms` a flat 400 unless given. Returns the shas, oldest first.
    @discardableResult
    func history(_ box: Sandbox, _ values: [Double], model: String = "clf", latency: [Double]? = nil, branch: String = "main",
                 commits given: [String]? = nil) throws -> [String] {
        let shas = try given ?? box.fixture.commits(values.count, prefix: "\(model) commit")
        let rows = values.indices.map { index in
            let time = Timestamp.format(Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 60))
            return """
            {"model_version": "\(model)", "commit_sha": "\(shas[index])", "branch_name": "\(branch)", "created_at": "\(time)",
             "metrics": {"f1": \(values[index]), "latency_ms": \(latency?[index] ?? 400)}}
            """
        }
        let file = try box.resultFile("[" + rows.joined(separator: ",\n") + "]", name: "\(model)-history.json")
        let imported = try box.bench("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        return shas
    }

    /// `count` values around `level` with Gaussian noise of `noise` (relative), fixed seed.
    static func noisy(_ count: Int, level: Double, noise: Double, generator: inout SeededGenerator) -> [Double] {
        (0..<count).map { _ in
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator), u2 = Double.random(in: 0..<1, using: &generator)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return ((level * (1 + noise * z)) * 1_000_000).rounded() / 1_000_000
        }
    }

    func changes(_ box: Sandbox, _ arguments: String...) throws -> [[String: Any]] {
        let result = try box.bench(arguments: ["changes", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return (try? Sandbox.json(result) as? [[String: Any]]) ?? []
    }

    func stepShas(_ entry: [String: Any]?) -> [String] {
        (entry?["changes"] as? [[String: Any]] ?? []).compactMap { $0["commit_sha"] as? String }
    }

    /// A clear 6σ drop at commit 13 (noise 1.5%), which the detector used to place at
    /// commit 9, four commits early: the bisect range it printed then held no culprit.
    static let stepAtThirteen = [0.8953, 0.8887, 0.8842, 0.9204, 0.9063, 0.9153, 0.903, 0.9262, 0.9182, 0.8726, 0.9036, 0.9004, 0.8899,
                                 0.7863, 0.7785, 0.8048, 0.8145, 0.7891, 0.8299, 0.8231, 0.8064, 0.8023, 0.8034, 0.7966, 0.8207, 0.814,
                                 0.8099, 0.7878, 0.8126]

    @Test func aStepIsPlacedOnItsCommitAndTheBisectRangeHoldsIt() throws {
        let box = try Sandbox()
        let shas = try history(box, Self.stepAtThirteen)
        let found = try changes(box, "clf", "--metric", "f1")
        let change = try #require((found.first?["changes"] as? [[String: Any]])?.first)
        #expect((found.first?["changes"] as? [[String: Any]])?.count == 1)
        #expect(change["commit_sha"] as? String == shas[13])
        #expect(change["previous_commit_sha"] as? String == shas[12])
        #expect(change["snapshot_version"] as? Int == 14)
        let text = try box.bench("changes", "clf", "--metric", "f1")
        #expect(text.stdout.contains("clf commit 14"), "the subject of the step's commit")
        #expect(text.stdout.contains("bench bisect --good \(shas[12].prefix(7)) --bad \(shas[13].prefix(7)) --metric f1"), "\(text.stdout)")
    }

    @Test func tinyPValuesReadAsBelowOneInATrillionNeverZero() throws {
        let box = try Sandbox()
        var generator = SeededGenerator(seed: 3)
        let shas = try history(box, Self.noisy(60, level: 0.90, noise: 0.002, generator: &generator)
                                  + Self.noisy(60, level: 0.80, noise: 0.002, generator: &generator))
        let found = try changes(box, "clf", "--metric", "f1")
        let change = try #require((found.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["commit_sha"] as? String == shas[60])
        let p = try #require(change["p_value"] as? Double)
        #expect(p > 0 && p < 1e-12, "p = \(p)")
        let text = try box.bench("changes", "clf", "--metric", "f1")
        let row = text.stdout.split(separator: "\n").first { $0.contains("v61") }
        #expect(row?.contains("< 1e-12") == true, "\(text.stdout)")
    }

    @Test func flagsSetTheLargestPTheSmallestChangeAndTheWindow() throws {
        let box = try Sandbox()
        var generator = SeededGenerator(seed: 11)
        // A 10% drop at commit 20 and a 2% one at commit 40, on 0.2% noise.
        let shas = try history(box, Self.noisy(20, level: 0.90, noise: 0.002, generator: &generator)
                                  + Self.noisy(20, level: 0.81, noise: 0.002, generator: &generator)
                                  + Self.noisy(20, level: 0.7938, noise: 0.002, generator: &generator))
        let before = try box.counts()
        #expect(stepShas(try changes(box, "clf", "--metric", "f1").first) == [shas[20], shas[40]])
        #expect(stepShas(try changes(box, "clf", "--metric", "f1", "--min-change", "5%").first) == [shas[20]], "the 2% step is below 5%")
        let windowed = try changes(box, "clf", "--metric", "f1", "--window", "30").first
        #expect(windowed?["points"] as? Int == 30)
        #expect(stepShas(windowed) == [shas[40]], "the newest 30 versions hold only the second step")
        #expect(stepShas(try changes(box, "clf", "--metric", "f1", "--max-p", "1e-30").first).isEmpty, "no split of 20 points reaches 1e-30")
        #expect(try box.counts() == before, "changes writes nothing")
        let help = try box.bench("changes", "--help")
        for flag in ["--max-p <p>", "--min-change <percent>", "--window <n>", "--all", "default: the whole history"] {
            #expect(help.stdout.contains(flag), "\(flag) in --help")
        }
    }

    @Test func allScansEverySeriesAndMetricAtOnce() throws {
        let box = try Sandbox()
        var generator = SeededGenerator(seed: 5)
        let flat = { (generator: inout SeededGenerator) in Self.noisy(30, level: 400, noise: 0.002, generator: &generator) }
        // clf's f1 steps down at commit 15; ranker's latency steps up at commit 10, measured at the same commits.
        let clf = try history(box, Self.noisy(15, level: 0.90, noise: 0.002, generator: &generator)
                                 + Self.noisy(15, level: 0.85, noise: 0.002, generator: &generator), latency: flat(&generator))
        try history(box, Self.noisy(30, level: 0.70, noise: 0.002, generator: &generator), model: "ranker",
                    latency: Self.noisy(10, level: 400, noise: 0.002, generator: &generator) + Self.noisy(20, level: 440, noise: 0.002, generator: &generator),
                    commits: clf)
        let before = try box.counts()
        let all = try changes(box, "--all")
        let pairs = all.map { "\(($0["series"] as? [String: Any])?["model_version"] as? String ?? "")/\($0["metric"] as? String ?? "")" }
        #expect(pairs == ["clf/f1", "clf/latency_ms", "ranker/f1", "ranker/latency_ms"])
        #expect(all.map { stepShas($0) } == [[clf[15]], [], [], [clf[10]]])
        #expect(all.allSatisfy { $0["points"] as? Int == 30 })
        // One metric is read as its points, every metric as whole snapshots: the same answer.
        for entry in all {
            let model = (entry["series"] as? [String: Any])?["model_version"] as? String ?? ""
            let one = try changes(box, model, "--metric", entry["metric"] as? String ?? "")
            #expect(one.count == 1 && NSDictionary(dictionary: one[0]).isEqual(to: entry), "\(model) \(entry["metric"] ?? "")")
        }

        let text = try box.bench("changes", "--all")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("clf local@main: f1 over 30 versions"))
        #expect(text.stdout.contains("ranker local@main: latency_ms over 30 versions"))
        #expect(!text.stdout.contains("no change points"), "a series-metric without a change point is only counted")
        #expect(text.stdout.contains("2 change points in 2 of 4 series-metric pairs (2 series)"), "\(text.stdout)")

        let quiet = try box.bench("changes", "--all", "--min-change", "50%")
        #expect(quiet.status == 0)
        #expect(quiet.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "no change points in 4 series-metric pairs (2 series)")
        #expect(try changes(box, "--all", "--metric", "latency_ms").map { stepShas($0) } == [[], [clf[10]]])
        #expect(try changes(box, "ranker", "--all").count == 2, "a model narrows --all")
        #expect(try box.counts() == before, "changes writes nothing")
        let unknown = try box.bench("changes", "--all", "nope")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no results for 'nope'"))
    }
}
