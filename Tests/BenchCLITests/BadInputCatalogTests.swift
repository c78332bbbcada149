import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// Every bad input and bad argument a user can give, in one catalog: each exits 2 with an
/// `error:` line that says what and where, a `hint:` line that says what to do, no stack
/// trace, and the store exactly as it was.
@Suite struct BadInputCatalogTests {
    /// A bad invocation: `{file}` in the arguments stands for a file holding `file`.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var file: String?
        var expected: String
        var testDescription: String { name }
    }

    static func input(_ name: String, _ content: String, _ expected: String) -> Case {
        Case(name: name, arguments: ["record", "--input", "{file}"], file: content, expected: expected)
    }

    static func arguments(_ name: String, _ arguments: [String], _ expected: String) -> Case {
        Case(name: name, arguments: arguments, file: nil, expected: expected)
    }

    static let metric = "{\"model_version\": \"m\", \"metrics\": "

    static let cases: [Case] = [
        input("malformed JSON", "{\n  \"model_version\": \"m\",\n  \"metrics\": {\"f1\": 0.9,}\n}", "results.json:3:25: bench-json: malformed JSON"),
        input("no model", "{\"metrics\": {\"f1\": 0.9}}", "model_version: is missing"),
        input("no metrics", "{\"model_version\": \"m\"}", "metrics: is missing"),
        input("empty metrics", metric + "{}}", "metrics: holds no metrics"),
        input("infinite value", metric + "{\"f1\": -1e400}}", "metrics.f1: is not a finite number"),
        input("text value", metric + "{\"f1\": \"high\"}}", "metrics.f1: expected a number"),
        input("long name", "{\"model_version\": \"\(String(repeating: "m", count: 201))\", \"metrics\": {\"f1\": 1}}", "the limit is 200"),
        input("control character", "{\"model_version\": \"m\\u001b[31m\", \"metrics\": {\"f1\": 1}}", "contains a control character"),
        input("second of two", "[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}, {\"model_version\": \"m\", \"metrics\": []}]", "[1].metrics: expected an object"),
        input("blank name", "{\"model_version\": \"   \", \"metrics\": {\"f1\": 1}}", "model_version: is only white space"),
        input("bidi override", "{\"model_version\": \"gpt\\u202e4o\", \"metrics\": {\"f1\": 1}}", "model_version: contains a bidirectional control character (U+202E)"),
        input("bidi in a metric name", metric + "{\"f1\\u2066\": 1}}", "contains a bidirectional control character (U+2066)"),
        input("negative latency", metric + "{\"latency_ms\": -3}}", "metrics.latency_ms: is negative (-3)"),
        input("negative cost", metric + "{\"analysis_cost\": {\"value\": -0.01}}}", "metrics.analysis_cost.value: is negative"),
        input("negative sample", metric + "{\"wall_time\": {\"samples\": [1, -2]}}}", "metrics.wall_time.samples: is negative"),
        input("negative duration", "{\"model_version\": \"m\", \"duration_seconds\": -5, \"metrics\": {\"f1\": 1}}", "duration_seconds: expected a number of seconds, 0 or more"),
        input("empty samples", metric + "{\"f1\": {\"samples\": []}}}", "metrics.f1.samples: expected a non-empty array of numbers"),
        input("text sample", metric + "{\"f1\": {\"samples\": [1, \"x\"]}}}", "metrics.f1.samples: expected a number"),
        input("unit not text", metric + "{\"f1\": {\"value\": 1, \"unit\": 5}}}", "metrics.f1.unit: expected a string"),
        input("tags not a list", "{\"model_version\": \"m\", \"tags\": \"nightly\", \"metrics\": {\"f1\": 1}}", "tags: expected an array of strings"),
        input("negative dataset size", "{\"model_version\": \"m\", \"dataset_size\": -1, \"metrics\": {\"f1\": 1}}", "dataset_size: expected a whole number of 0 or more"),
        input("bad created_at", "{\"model_version\": \"m\", \"created_at\": \"yesterday\", \"metrics\": {\"f1\": 1}}", "created_at: expected an ISO 8601 time"),
        input("a bare number", "42", "results.json"),
        input("an empty file", "", "results.json"),
        input("is_dirty not a flag", "{\"model_version\": \"m\", \"is_dirty\": \"yes\", \"metrics\": {\"f1\": 1}}", "is_dirty: expected true or false"),
        arguments("missing file", ["record", "--input", "/nonexistent/results.json"], "/nonexistent/results.json: no such file"),
        arguments("a directory as input", ["record", "--input", "/tmp"], "/tmp: is a directory"),
        arguments("negative dataset size flag", ["record", "--input", "{file}", "--dataset-size=-4"], "--dataset-size"),
        arguments("negative duration flag", ["record", "--input", "{file}", "--duration-seconds", "-1"], "--duration-seconds"),
        arguments("tab in an environment", ["record", "--input", "{file}", "--environment", "a\tb"], "control character"),
        arguments("unknown flag", ["record", "--input", "{file}", "--no-such-flag"], "Unknown option '--no-such-flag'"),
        arguments("unknown revision to record at", ["record", "--input", "{file}", "--commit-sha", "no-such-rev"], "unknown revision 'no-such-rev'"),
        arguments("time is not a file format", ["record", "--input", "{file}", "--format", "time"], "--format time measures a command"),
        arguments("unknown format", ["record", "--input", "{file}", "--format", "nope"], "nope"),
        arguments("since that is no date", ["export", "--since", "last tuesday"], "is not a date"),
        arguments("checkout without a version", ["checkout", "clf"], "exactly one of --version N and --latest"),
        arguments("checkout of version -1", ["checkout", "clf", "--version", "-1"], "--version must be 1 or more"),
        arguments("checkout of a missing version", ["checkout", "clf", "--version", "5"], "has no version 5"),
        arguments("baseline on a missing version", ["baseline", "set", "clf", "--version", "9"], "has no version 9"),
        arguments("compare with a missing version", ["compare", "clf", "1", "4"], "has no version 4"),
        arguments("history of an unknown model", ["history", "nope"], "no results for 'nope'"),
        arguments("negative samples", ["run", "--samples", "-2"], "--samples must be 1 or more"),
        arguments("negative count", ["log", "-n", "-1"], "-n/--max-count must be 1 or more"),
        arguments("log of an unknown revision", ["log", "no-such-rev"], "unknown revision"),
        arguments("log of an unrecorded metric", ["log", "--metric", "nope"], "no metric 'nope' is recorded in this range"),
        arguments("threshold that is no percentage", ["check", "--threshold", "five"], "is not a percentage"),
        arguments("markdown and json at once", ["check", "--markdown", "--json"], "choose one of --markdown and --json"),
        arguments("report URL that is no address", ["check", "--markdown", "--report-url", "report.html"], "--report-url 'report.html' is not an http(s) URL"),
        arguments("report URL without markdown", ["check", "--report-url", "https://ci.test/run/1"], "--report-url links the markdown report"),
        arguments("JUnit into a missing directory", ["check", "--junit", "/no/such/dir/junit.xml"], "--junit '/no/such/dir/junit.xml': no directory"),
        arguments("check against an unknown revision", ["check", "--against", "no-such-rev"], "unknown revision 'no-such-rev'"),
        arguments("check of an unrecorded metric", ["check", "--metric", "nope"], "unknown metric 'nope'"),
        arguments("changes of no model", ["changes", "--metric", "f1"], "give a MODEL, or --all to scan every series"),
        arguments("changes with a p-value of 0", ["changes", "clf", "--max-p", "0"], "--max-p must be above 0 and at most 1"),
        arguments("changes with a minimum change that is no percentage", ["changes", "clf", "--min-change", "five"], "--min-change 'five' is not a percentage"),
        arguments("changes over too short a window", ["changes", "clf", "--window", "3"], "--window must be 6 or more"),
        arguments("changes of an unknown model across every series", ["changes", "--all", "nope"], "no results for 'nope'"),
        arguments("unknown hook", ["hooks", "template", "nope"], "The value 'nope' is invalid for '<name>'"),
        arguments("port 0", ["serve", "--port", "0"], "--port must be from 1 to 65535"),
        arguments("bisect the wrong way round", ["bisect", "--good", "HEAD", "--bad", "HEAD~1", "--metric", "f1"], "is not an ancestor of"),
        arguments("unknown command", ["recrod"], "recrod"),
        arguments("import of nothing", ["import"], "import"),
        arguments("tag of an unknown revision", ["tag", "no-such-rev"], "unknown revision 'no-such-rev'"),
        arguments("malformed store URL", ["current", "--database", "postgres://u:secret@[::1"], "malformed PostgreSQL URL"),
    ]

    @Test(arguments: cases)
    func refusedWithWhatWhereAndWhatToDo(_ bad: Case) throws {
        let box = try Sandbox(committing: "first")
        try box.record(f1: 0.9)
        try box.fixture.commit("second")
        try box.record(f1: 0.91)
        let before = try box.counts()
        let file = try box.resultFile(bad.file ?? Sandbox.result(f1: 0.5))
        let result = try box.bench(arguments: bad.arguments.map { $0 == "{file}" ? file : $0 })
        #expect(result.status == 2, "exit \(result.status): \(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.first?.hasPrefix("error: ") == true, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("hint: ") }, "no hint: \(result.stderr)")
        #expect(lines.count == 2, "one error line and one hint line: \(result.stderr)")
        #expect(result.stderr.contains(bad.expected), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump") && !result.stderr.contains("NSCocoaErrorDomain"))
        #expect(!result.stderr.contains("secret"), "no password in any message")
        #expect(try box.counts() == before, "nothing written")
    }

    @Test func theCatalogHoldsAtLeastForty() {
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }
}
