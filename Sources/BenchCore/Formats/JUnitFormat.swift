/// JUnit XML (`pytest --junitxml=FILE`, Maven surefire, Gradle, …): one result per test
/// case, `time` its duration in seconds. Skipped tests are left out; a failed test fails the
/// report. Tests are named by their name, or `classname.name` when two share a name.
enum JUnitFormat {
    static func parse(_ root: XMLElementNode) throws(FormatError) -> [BenchResult] {
        guard root.name == "testsuites" || root.name == "testsuite" else {
            throw FormatError(line: root.line, message: "the root element is <\(root.name)>, not <testsuites> or <testsuite>",
                              hint: "give the JUnit XML report as the test runner wrote it")
        }
        var cases: [(name: String, long: String, time: Double)] = []
        for testCase in root.descendants(named: "testcase") {
            guard let name = testCase["name"] else { throw FormatError(line: testCase.line, field: "testcase.name", message: "is missing") }
            let long = testCase["classname"].map { $0.isEmpty ? name : "\($0).\(name)" } ?? name
            if let failure = testCase.child("failure") ?? testCase.child("error") {
                throw FormatError(line: failure.line, field: long, message: "the test failed", hint: "fix the failing test first")
            }
            if testCase.child("skipped") != nil { continue }
            cases.append((name, long, try AdapterSupport.number(testCase["time"], field: "\(long): time", line: testCase.line)))
        }
        guard !cases.isEmpty else {
            throw FormatError(line: root.line, message: "holds no test case that ran", hint: "check the tests ran and the report is complete")
        }
        let names = AdapterSupport.distinct(short: cases.map(\.name), long: cases.map(\.long))
        var accumulator = MetricAccumulator()
        for (name, testCase) in zip(names, cases) {
            accumulator.add(BenchResult(modelVersion: name, metrics: [NamedMetric(name: "time", metric: MetricValue(value: testCase.time, unit: "s"))]))
        }
        return accumulator.results
    }
}
