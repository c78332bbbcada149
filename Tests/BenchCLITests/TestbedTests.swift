import BenchTestSupport
import Foundation
import Testing

/// Testbeds through the binary: every run carries the machine it was measured on, checks and
/// hooks never compare two testbeds unless asked, and history and `bench changes` show a
/// testbed change as an epoch boundary. `BENCH_TESTBED` plays two machines.
@Suite struct TestbedTests {
    /// Records f1 (and `latency_ms`) at a new commit on `testbed`; returns the commit's sha.
    @discardableResult
    func commit(_ box: Sandbox, _ subject: String, f1: Double, on testbed: String?, model: String = "clf") throws -> String {
        let sha = try box.fixture.commit(subject)
        let file = try box.resultFile(Sandbox.result(model: model, f1: f1))
        let result = try BenchBinary.run(["record", "--input", file], in: box.path,
                                         environment: testbed.map { ["BENCH_TESTBED": $0] } ?? [:])
        #expect(result.status == 0, "\(result.stderr)")
        return sha
    }

    func check(_ box: Sandbox, _ arguments: [String] = []) throws -> (ProcessResult, [String: Any]) {
        let result = try box.bench(arguments: ["check", "--json"] + arguments)
        return (result, (try? Sandbox.json(result)) as? [String: Any] ?? [:])
    }

    func series(_ report: [String: Any]) -> [String: Any] { (report["series"] as? [[String: Any]])?.first ?? [:] }

    func baselineSha(_ report: [String: Any]) -> String? { (series(report)["baseline"] as? [String: Any])?["commit_sha"] as? String }

    func metric(_ report: [String: Any], _ name: String) -> [String: Any] {
        (series(report)["metrics"] as? [[String: Any]])?.first { $0["metric"] as? String == name } ?? [:]
    }

    @Test func checkSkipsResultsOfAnotherTestbedUnlessAsked() throws {
        let box = try Sandbox()
        let c1 = try commit(box, "c1", f1: 0.90, on: "alpha")
        let c2 = try commit(box, "c2", f1: 0.70, on: "beta")
        // c2 is the only result on beta: nothing to compare with, rather than a false regression.
        let (alone, _) = try check(box)
        #expect(alone.status == 3, "\(alone.stdout)")
        #expect(alone.stderr.contains("no baseline to compare \(c2.prefix(7)) with on testbed beta"))
        #expect(alone.stderr.contains("--any-testbed"))
        let (mixed, mixedReport) = try check(box, ["--any-testbed"])
        #expect(mixed.status == 1, "\(mixed.stderr)")
        #expect(baselineSha(mixedReport) == c1)

        // Back on alpha: the baseline is c1, two commits down, not beta's c2 just below.
        try commit(box, "c3", f1: 0.89, on: "alpha")
        let (same, sameReport) = try check(box)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(baselineSha(sameReport) == c1)
        #expect((series(sameReport)["candidate"] as? [String: Any])?["testbed"] as? String == "alpha")
        #expect((series(sameReport)["baseline"] as? [String: Any])?["testbed"] as? String == "alpha")
        let (_, anyReport) = try check(box, ["--any-testbed"])
        #expect(baselineSha(anyReport) == c2)

        // An explicit baseline on beta does not judge alpha's results either.
        #expect(try box.bench("baseline", "set", "clf", "--version", "2").status == 0)
        let (_, explicitReport) = try check(box)
        #expect(baselineSha(explicitReport) == c1)
        let (_, forced) = try check(box, ["--against", "baseline"])
        #expect(forced.isEmpty || baselineSha(forced) == nil)
        let (_, anyExplicit) = try check(box, ["--against", "baseline", "--any-testbed"])
        #expect(baselineSha(anyExplicit) == c2)
    }

    @Test func historyWindowsHoldOneTestbed() throws {
        let box = try Sandbox()
        try box.fixture.write("bench.toml", "[metrics]\nf1 = { direction = \"higher\", model = \"t-test\", min-runs = 3 }\n")
        for (index, f1) in [0.900, 0.901, 0.899, 0.900, 0.902, 0.898].enumerated() {
            try commit(box, "alpha \(index)", f1: f1, on: "alpha")
        }
        for (index, f1) in [0.800, 0.801].enumerated() {
            try commit(box, "beta \(index)", f1: f1, on: "beta")
        }
        // On beta, the window holds beta's one earlier run: too few for the t-test.
        let (own, ownReport) = try check(box)
        #expect(own.status == 0, "\(own.stderr)")
        #expect((metric(ownReport, "f1")["reason"] as? String)?.hasPrefix("1 result(s) of history, t-test needs 3") == true,
                "\(metric(ownReport, "f1"))")
        #expect(metric(ownReport, "f1")["method"] as? String == "threshold")
        // Asked to mix, the window takes alpha's six runs as well.
        let (_, mixedReport) = try check(box, ["--any-testbed"])
        #expect(metric(mixedReport, "f1")["window_size"] as? Int == 7, "\(metric(mixedReport, "f1"))")
        #expect(metric(mixedReport, "f1")["method"] as? String == "history")
    }

    @Test func historyAndChangesShowTheTestbedChangeAsAnEpoch() throws {
        let box = try Sandbox()
        // The same step on two series: on one testbed it is a change point; where the testbed
        // changed with it, it is the boundary of an epoch.
        for index in 0..<16 {
            let f1 = index < 8 ? 0.90 + Double(index % 3) * 0.001 : 0.80 + Double(index % 3) * 0.001
            try commit(box, "c\(index)", f1: f1, on: index < 8 ? "alpha" : "beta")
            let file = try box.resultFile(Sandbox.result(model: "control", f1: f1), name: "control.json")
            #expect(try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_TESTBED": "alpha"]).status == 0)
        }
        let changes = try box.bench("changes", "clf", "--metric", "f1", "--json")
        #expect(changes.status == 0, "\(changes.stderr)")
        let found = (try Sandbox.json(changes) as? [[String: Any]])?.first ?? [:]
        #expect((found["changes"] as? [Any])?.isEmpty == true, "\(found)")
        let epochs = found["testbed_epochs"] as? [[String: Any]] ?? []
        #expect(epochs.map { $0["testbed"] as? String } == ["alpha", "beta"])
        #expect(epochs.map { $0["first_version"] as? Int } == [1, 9])
        #expect(epochs.map { $0["last_version"] as? Int } == [8, 16])
        let control = try box.bench("changes", "control", "--metric", "f1", "--json")
        let controlChanges = ((try Sandbox.json(control) as? [[String: Any]])?.first?["changes"] as? [[String: Any]]) ?? []
        #expect(controlChanges.map { $0["snapshot_version"] as? Int } == [9], "the same step on one testbed is a change point")

        let text = try box.bench("changes", "clf", "--metric", "f1")
        #expect(text.stdout.contains("testbed changed at v9: alpha → beta (a known split, not a change point)"))
        let history = try box.bench("history", "clf")
        let lines = history.stdout.split(separator: "\n").map(String.init)
        let beta = try #require(lines.firstIndex(of: "── testbed beta · v9–v16 ──"))
        let alpha = try #require(lines.firstIndex(of: "── testbed alpha · v1–v8 ──"))
        #expect(lines[beta + 1].hasPrefix("v16 "))
        #expect(lines[alpha + 1].hasPrefix("v8 "))
        #expect(beta < alpha)
        let json = (try Sandbox.json(try box.bench("history", "clf", "--json")) as? [[String: Any]])?.first ?? [:]
        #expect((json["testbed_epochs"] as? [[String: Any]])?.map { $0["testbed"] as? String } == ["alpha", "beta"])
        #expect((json["snapshots"] as? [[String: Any]])?.first?["testbed"] as? String == "beta")
    }

    @Test func testbedsAreNamedFromTheMachineOrFromBenchToml() throws {
        let box = try Sandbox()
        try commit(box, "c1", f1: 0.9, on: nil)
        let listed = try box.bench("testbeds", "--json")
        #expect(listed.status == 0, "\(listed.stderr)")
        let report = try Sandbox.json(listed) as? [String: Any] ?? [:]
        let here = try #require(report["this_machine"] as? String)
        #expect(here.range(of: #"^[a-z0-9_]+-[0-9]+c-[0-9]+g-[a-z0-9.]+-[0-9a-f]{6}$"#, options: .regularExpression) != nil, "\(here)")
        let fingerprint = report["fingerprint"] as? [String: Any] ?? [:]
        #expect((fingerprint["cores"] as? Int ?? 0) >= 1)
        #expect((fingerprint["memory_bytes"] as? Int ?? 0) > 0)
        #expect(here.hasPrefix("\(fingerprint["architecture"] as? String ?? "?")-\(fingerprint["cores"] as? Int ?? 0)c-"))
        let testbeds = report["testbeds"] as? [[String: Any]] ?? []
        #expect(testbeds.map { $0["name"] as? String } == [here])
        #expect(testbeds.first?["runs"] as? Int == 1)
        #expect(testbeds.first?["this_machine"] as? Bool == true)
        #expect((testbeds.first?["fingerprint"] as? [String: Any])?["kernel"] as? String == fingerprint["kernel"] as? String)

        // The name is stable, a toolchain makes another testbed, and [testbed] name wins.
        #expect((try Sandbox.json(try box.bench("testbeds", "--json")) as? [String: Any])?["this_machine"] as? String == here)
        try box.fixture.write("bench.toml", "[testbed]\ntoolchain = \"swift 6.0.3\"\n")
        let withToolchain = (try Sandbox.json(try box.bench("testbeds", "--json")) as? [String: Any])?["this_machine"] as? String
        #expect(withToolchain != here && withToolchain?.dropLast(7) == here.dropLast(7))
        try box.fixture.write("bench.toml", "[testbed]\nname = \"ci-large\"\ntoolchain = \"swift 6.0.3\"\n")
        try commit(box, "c2", f1: 0.91, on: nil)
        let text = try box.bench("testbeds")
        #expect(text.stdout.contains("This machine: ci-large"))
        #expect(text.stdout.contains("swift 6.0.3"))
        let rows = text.stdout.split(separator: "\n").filter { $0.hasPrefix("ci-large") || $0.hasPrefix(here) }
        #expect(rows.count == 2)
        #expect(rows.first?.hasPrefix("ci-large *") == true, "newest first, this machine starred")
        // BENCH_TESTBED wins over bench.toml.
        let overridden = try BenchBinary.run(["testbeds", "--json"], in: box.path, environment: ["BENCH_TESTBED": "laptop"])
        #expect((try Sandbox.json(overridden) as? [String: Any])?["this_machine"] as? String == "laptop")
    }

    @Test func runsOfUnknownTestbedMatchEveryTestbed() throws {
        let box = try Sandbox()
        let c1 = try box.fixture.commit("c1")
        // Imported history without a testbed: recorded before testbeds, or elsewhere.
        let old = try box.resultFile("[" + Sandbox.result(f1: 0.90).dropLast() + ", \"commit_sha\": \"\(c1)\"}]", name: "old.json")
        #expect(try box.bench("import", old).status == 0)
        try commit(box, "c2", f1: 0.70, on: "alpha")
        let (result, report) = try check(box)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(baselineSha(report) == c1)
        #expect((series(report)["baseline"] as? [String: Any]).map { $0["testbed"] is NSNull } == true)
        let listed = try Sandbox.json(try box.bench("testbeds", "--json")) as? [String: Any] ?? [:]
        let testbeds = listed["testbeds"] as? [[String: Any]] ?? []
        #expect(testbeds.map { $0["name"] as? String } == ["alpha", nil])
        #expect(testbeds.last?["fingerprint"] is NSNull)
        #expect(try box.bench("testbeds").stdout.contains("(unknown)"))
        // One history with runs of an unknown testbed has no epoch boundary.
        let json = (try Sandbox.json(try box.bench("history", "clf", "--json")) as? [[String: Any]])?.first ?? [:]
        #expect((json["testbed_epochs"] as? [[String: Any]])?.count == 1)
        // Exported and imported again, each run keeps its testbed.
        let exported = try box.bench("export", "--format", "json")
        #expect(exported.stdout.contains("\"testbed\": \"alpha\""))
    }

    @Test func aBadTestbedNameIsRefusedAndNothingIsWritten() throws {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        let file = try box.resultFile(Sandbox.result(f1: 0.9))
        let refused = try BenchBinary.run(["record", "--input", file], in: box.path, environment: ["BENCH_TESTBED": "bad\u{1B}name"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("BENCH_TESTBED"))
        #expect(refused.stderr.contains("hint:"))
        #expect(try box.counts() == nil)
        try box.fixture.write("bench.toml", "[testbed]\nnmae = \"x\"\n")
        let config = try box.bench("record", "--input", file)
        #expect(config.status == 2)
        #expect(config.stderr.contains("testbed.nmae"))
        try box.fixture.write("bench.toml", "[hooks]\nany-testbed = \"yes\"\n")
        let hooks = try box.bench("record", "--input", file)
        #expect(hooks.status == 2)
        #expect(hooks.stderr.contains("hooks.any-testbed"))
        #expect(try box.counts() == nil)
    }

    /// The pre-push hook: a push measured on a new machine has nothing to compare with, and
    /// is let through, unless `[hooks] any-testbed = true` says results of any machine compare.
    @Test(arguments: [false, true]) func thePrePushHookComparesOneTestbed(anyTestbed: Bool) throws {
        let setup = try HookTests.Setup(config: anyTestbed ? "\n[hooks]\nany-testbed = true\n" : "")
        let first = try setup.push(environment: ["BENCH_TESTBED": "alpha"])
        #expect(first.status == 0, "\(first.stderr)")
        let worse = try setup.commitScore("0.70", "c2: worse, pushed from another machine")
        let pushed = try setup.push(environment: ["BENCH_TESTBED": "beta"])
        if anyTestbed {
            #expect(pushed.status != 0, "\(pushed.stderr)")
            #expect(pushed.stderr.contains("push stopped"))
        } else {
            #expect(pushed.status == 0, "\(pushed.stderr)")
            #expect(pushed.stderr.contains("nothing to compare with yet"))
            #expect(setup.remoteMain() == worse)
        }
        let listed = try Sandbox.json(try setup.box.bench("testbeds", "--json")) as? [String: Any] ?? [:]
        #expect(Set(((listed["testbeds"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }) == ["alpha", "beta"])
    }
}
