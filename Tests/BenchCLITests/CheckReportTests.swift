import BenchTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What `bench check` hands to CI: the markdown of the step summary and the pull-request
/// comment, and JUnit XML.
@Suite struct CheckReportTests {
    /// Two series: clf lost 6.7% of f1 (its other three metrics unchanged); ranker is unchanged.
    static func regressedPullRequest() throws -> Sandbox {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        try box.record(f1: 0.895)
        try box.record(f1: 0.7, model: "ranker")
        try box.fixture.commit("c2")
        try box.record(f1: 0.835)
        try box.record(f1: 0.7, model: "ranker")
        return box
    }

    @Test func theMarkdownPutsRegressionsFirstAndFoldsTheUnchanged() throws {
        let box = try Self.regressedPullRequest()
        let result = try box.bench("check", "--markdown", "--report-url", "https://ci.test/runs/7/report")
        #expect(result.status == 1, "\(result.stderr)")
        let bisect = "bench bisect --good \(try box.fixture.sha("HEAD~1").prefix(7)) --bad \(try box.fixture.sha("HEAD").prefix(7)) --metric f1"
        let base = try box.fixture.sha("HEAD~1").prefix(7)
        let clf = "clf [set-v1, p1] local@main", ranker = "ranker [set-v1, p1] local@main"
        let header = "| series | metric | baseline | candidate | change | verdict | model | limit |\n|---|---|---:|---:|---:|---|---|---:|"
        let expected = """
            ### ❌ bench check: regressed at `\(try box.fixture.sha("HEAD").prefix(7))` (c2)

            8 series × metric: 1 regressed, 7 unchanged.

            \(header)
            | \(clf) | f1 | 0.895 | 0.835 | -6.7% | **regressed** | percentage | ≥ 0.85025 |

            Find the commit that caused each regression:

            - \(clf): `\(bisect)`

            <details><summary>7 unchanged</summary>

            \(header)
            | \(clf) | precision | 0.9 | 0.9 | +0.0% | unchanged | percentage | ≥ 0.855 |
            | \(clf) | recall | 0.8 | 0.8 | +0.0% | unchanged | percentage | ≥ 0.76 |
            | \(clf) | latency_ms | 400 | 400 | +0.0% | unchanged | percentage | ≤ 420 |
            | \(ranker) | precision | 0.9 | 0.9 | +0.0% | unchanged | percentage | ≥ 0.855 |
            | \(ranker) | recall | 0.8 | 0.8 | +0.0% | unchanged | percentage | ≥ 0.76 |
            | \(ranker) | f1 | 0.7 | 0.7 | +0.0% | unchanged | percentage | ≥ 0.665 |
            | \(ranker) | latency_ms | 400 | 400 | +0.0% | unchanged | percentage | ≤ 420 |

            </details>

            Baselines: \(clf) v2 against nearest measured ancestor (\(base)): v1 of main; \
            \(ranker) v2 against nearest measured ancestor (\(base)): v1 of main.

            - alert #1 is open on main for clf f1 since \(try box.fixture.sha("HEAD").prefix(7)): see `bench alerts`

            [The run's report](https://ci.test/runs/7/report): every series, chart and history, as one HTML file.

            """
        #expect(result.stdout == expected)
    }

    @Test func junitHasACasePerSeriesAndMetric() throws {
        let box = try Self.regressedPullRequest()
        let file = box.fixture.root + "/junit.xml"
        let result = try box.bench("check", "--junit", file)
        #expect(result.status == 1)
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: file))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "8")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        #expect(root.attribute(forName: "skipped")?.stringValue == "0")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["clf [set-v1, p1] local@main", "ranker [set-v1, p1] local@main"])
        let failures = try root.nodes(forXPath: "//testcase[failure]").compactMap { $0 as? XMLElement }
        #expect(failures.map { $0.attribute(forName: "name")?.stringValue } == ["f1"])
        let failure = try #require(failures.first?.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "f1 regressed: 0.895 → 0.835 (-6.7%)")
        #expect(failure.stringValue?.contains("find the commit that caused it: bench bisect --good") == true)
    }

    @Test func junitSkipsTheInconclusive() throws {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        // Medians 110 → 120 (+9%, past the 5% threshold), but the samples overlap: Mann-Whitney cannot tell.
        let samples = { (median: Double, values: [Double]) in
            try box.resultFile(#"{"model_version": "svc", "metrics": {"latency_ms": {"value": \#(median), "samples": \#(values)}}}"#)
        }
        #expect(try box.bench("record", "--input", try samples(110, [100, 140, 90, 130, 110])).status == 0)
        try box.fixture.commit("c2")
        #expect(try box.bench("record", "--input", try samples(120, [120, 95, 150, 125, 105])).status == 0)
        let file = box.fixture.root + "/junit.xml"
        let result = try box.bench("check", "--junit", file)
        #expect(result.status == 4, "\(result.stdout)\(result.stderr)")
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: file))
        let skipped = try document.nodes(forXPath: "//testcase/skipped").compactMap { $0 as? XMLElement }
        #expect(skipped.count == 1)
        #expect(skipped.first?.attribute(forName: "message")?.stringValue?.hasPrefix("inconclusive: ") == true)
        #expect(document.rootElement()?.attribute(forName: "skipped")?.stringValue == "1")
    }
}
