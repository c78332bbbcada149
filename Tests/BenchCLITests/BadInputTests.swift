import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// Every bad input: one clear error, exit 2, and the store exactly as it was.
@Suite struct BadInputTests {
    /// A sandbox with one recorded run, so "unchanged" is checked against a real store.
    func sandboxWithARun() throws -> Sandbox {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.9)
        return box
    }

    func expectRefused(_ result: ProcessResult, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(expected), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("\nhint: "), "no hint: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
    }

    @Test func badInputOnAFreshRepositoryCreatesNoStore() throws {
        let box = try Sandbox(committing: "first")
        let file = try box.resultFile("{\"model_version\": \"m\"}")
        expectRefused(try box.bench("record", "--input", file), "metrics: is missing")
        #expect(try box.counts() == nil)
    }

    @Test func missingFileAndHugeFile() throws {
        let box = try sandboxWithARun()
        let before = try box.counts()
        expectRefused(try box.bench("record", "--input", box.fixture.root + "/nope.json"), "no such file")
        let huge = box.fixture.root + "/huge.json"
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 64 * 1024 * 1024 + 1)
        try handle.close()
        expectRefused(try box.bench("record", "--input", huge), "larger than 64 MiB")
        #expect(try box.counts() == before)
    }

    @Test func unknownRevisionIsRefused() throws {
        let box = try sandboxWithARun()
        let before = try box.counts()
        let file = try box.resultFile(Sandbox.result(f1: 0.5))
        expectRefused(try box.bench("record", "--input", file, "--commit-sha", "no-such-rev"), "unknown revision 'no-such-rev'")
        expectRefused(try box.bench("log", "no-such-rev"), "unknown revision")
        #expect(try box.counts() == before)
    }

    @Test func badFlagsAreRefused() throws {
        let box = try sandboxWithARun()
        let before = try box.counts()
        let file = try box.resultFile(Sandbox.result(f1: 0.5))
        expectRefused(try box.bench("record", "--input", file, "--dataset-size=-4"), "--dataset-size")
        expectRefused(try box.bench("record", "--input", file, "--environment", "a\tb"), "control character")
        expectRefused(try box.bench("record", "--input", file, "--no-such-flag"), "Unknown option '--no-such-flag'")
        expectRefused(try box.bench("export", "--since", "last tuesday"), "is not a date")
        expectRefused(try box.bench("checkout", "clf"), "exactly one of --version N and --latest")
        #expect(try box.counts() == before)
    }

    /// Found by trying bench as a new user would: each said nothing useful, or succeeded.
    @Test func smallerDefectsSayWhatAndWhere() throws {
        let box = try sandboxWithARun()
        let before = try box.counts()
        expectRefused(try box.bench("log", "--metric", "nope"), "no metric 'nope' is recorded in this range")
        #expect(try box.bench("log", "--metric", "nope").stderr.contains("recorded metrics: precision, recall, f1, latency_ms"))
        expectRefused(try box.bench("checkout", "clf", "--version", "-1"), "--version must be 1 or more")
        expectRefused(try box.bench("run", "--samples", "-2"), "--samples must be 1 or more")
        expectRefused(try box.bench("log", "-n", "-1"), "-n/--max-count must be 1 or more")
        let closed = try ProcessRunner.run("/bin/sh", ["-c", "\"$0\" record --input - <&-", BenchBinary.path], in: box.path,
                                           environment: ["PATH": "/usr/bin:/bin", "USER": "tester"])
        expectRefused(closed, "standard input is closed")
        #expect(!closed.stderr.contains("NSCocoaErrorDomain"))
        #expect(try box.counts() == before)
    }

    @Test func missingVersionsAndSeriesAreRefused() throws {
        let box = try sandboxWithARun()
        let before = try box.counts()
        expectRefused(try box.bench("checkout", "clf", "--version", "5"), "has no version 5")
        expectRefused(try box.bench("baseline", "set", "clf", "--version", "9"), "has no version 9")
        expectRefused(try box.bench("compare", "clf", "1", "4"), "has no version 4")
        expectRefused(try box.bench("history", "nope"), "no results for 'nope'")
        #expect(try box.counts() == before)
    }

    @Test func ambiguousSeriesAskForAFlag() throws {
        let box = try sandboxWithARun()
        try box.record(f1: 0.9, extra: ["--environment", "production"])
        let before = try box.counts()
        let result = try box.bench("checkout", "clf", "--version", "1")
        expectRefused(result, "names 2 series")
        #expect(result.stderr.contains("--environment"))
        #expect(try box.bench("checkout", "clf", "--version", "1", "--environment", "production").status == 0)
        #expect(try box.counts()!.transactions == before!.transactions + 1)
    }

    @Test func outsideARepositoryIsAnEnvironmentError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try BenchBinary.run(["current"], in: directory)
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: not a git repository"))
        #expect(result.stderr.contains("hint: run bench inside a git repository"))
    }

    @Test func malformedConfigNamesTheLine() throws {
        let box = try sandboxWithARun()
        try box.fixture.write("bench.toml", "[metrics]\nf1 = { direction = \"sideways\" }\n")
        let result = try box.bench("current")
        expectRefused(result, "metrics.f1.direction")
    }

    @Test func helpAndVersionSucceed() throws {
        let box = try Sandbox()
        let help = try box.bench("--help")
        #expect(help.status == 0)
        for command in ["record", "run", "check", "bisect", "hooks", "tag", "align"] {
            #expect(help.stdout.contains("  \(command) "), "bench --help lists \(command)")
        }
        #expect(!help.stdout.contains("  hook "), "the hooks' entry point stays hidden")
        #expect(try box.bench("record", "--help").stdout.contains("--commit-sha"))
    }
}
