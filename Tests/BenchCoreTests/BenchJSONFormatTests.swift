import BenchCore
import Testing

@Suite struct BenchJSONFormatTests {
    static let seedsExample = """
    {
      "model_version": "medgemma-v1.2",
      "dataset_version": "benchmark-set-v3",
      "prompt_version": "analysis-v4",
      "model_provider": "google",
      "metrics": {
        "precision": 0.91,
        "recall": 0.88,
        "f1": 0.895,
        "latency_ms": 412,
        "analysis_cost": 0.0042
      }
    }
    """

    func parse(_ text: String) throws(FormatError) -> [BenchResult] { try BenchJSONFormat.parse(Array(text.utf8)) }

    @Test func readsTheSeedsFormatAsIs() throws {
        let results = try parse(Self.seedsExample)
        #expect(results.count == 1)
        let result = results[0]
        #expect(result.modelVersion == "medgemma-v1.2")
        #expect(result.datasetVersion == "benchmark-set-v3")
        #expect(result.promptVersion == "analysis-v4")
        #expect(result.modelProvider == "google")
        #expect(result.metrics.names == ["precision", "recall", "f1", "latency_ms", "analysis_cost"])
        #expect(result.metrics["f1"]?.value == 0.895)
        #expect(result.metrics["latency_ms"]?.value == 412)
    }

    @Test func readsAnArrayOfResults() throws {
        let results = try parse("[\(Self.seedsExample), {\"model_version\": \"b\", \"metrics\": {\"f1\": 1}}]")
        #expect(results.map(\.modelVersion) == ["medgemma-v1.2", "b"])
    }

    /// A bulk file, an array of results, is read element by element (never one tree), with
    /// the same results as the tree; anything else, and any problem, is left to the tree, so
    /// an error reads as it always has.
    /// `forEachResult` (`bench import`) hands each result over as it is read; a problem part
    /// way rewinds what it handed over, and the error is the one `parse` throws.
    @Test func eachResultIsHandedOverOnceAfterTheLastRewind() throws {
        var seen: [String] = [], rewinds = 0
        let good = Array("[{\"model_version\": \"a\", \"metrics\": {\"f1\": 1}}, {\"model_version\": \"b\", \"metrics\": {\"f1\": 2}}]".utf8)
        try ResultFormat.auto.forEachResult(good, rewind: { rewinds += 1 }) { seen.append($0.modelVersion) }
        #expect(seen == ["a", "b"] && rewinds == 0)
        // A single object is no array: read whole, no rewind needed for what was never handed over.
        seen = []
        try ResultFormat.auto.forEachResult(Array(Self.seedsExample.utf8), rewind: { seen = []; rewinds += 1 }) { seen.append($0.modelVersion) }
        #expect(seen == ["medgemma-v1.2"] && rewinds == 1)
        // A problem in the second element: the first was handed over, then taken back.
        let bad = Array("[{\"model_version\": \"a\", \"metrics\": {\"f1\": 1}},\n {\"model_version\": \"b\"}]".utf8)
        seen = []
        var handed = 0
        let error = #expect(throws: FormatError.self) {
            try ResultFormat.auto.forEachResult(bad, rewind: { seen = []; rewinds += 1 }) { seen.append($0.modelVersion); handed += 1 }
        }
        #expect(handed == 1 && seen.isEmpty && rewinds == 2)
        #expect(error == #expect(throws: FormatError.self) { try ResultFormat.auto.parse(bad) })
    }

    @Test func anArrayIsReadElementByElementAsTheTreeReadsIt() throws {
        let array = "\u{FEFF} [\(Self.seedsExample),\n {\"model_version\": \"b\", \"metrics\": {\"f1\": {\"value\": 1, \"unit\": \"ms\"}}}] \n"
        let bytes = Array(array.utf8)
        let streamed = try #require(BenchJSONFormat.streamed(bytes, detecting: true))
        #expect(streamed == (try BenchJSONFormat.parse(bytes)))
        #expect(streamed.map(\.modelVersion) == ["medgemma-v1.2", "b"])
        #expect(try ResultFormat.auto.parse(bytes) == streamed)
        for declined in [Self.seedsExample, "[]", "[{\"benchmark\": \"x\", \"primaryMetric\": {}}]",
                         "[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}, {\"model_version\": \"m\"}]",
                         "[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}] x", "[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}},"] {
            #expect(BenchJSONFormat.streamed(Array(declined.utf8), detecting: true) == nil, "\(declined)")
        }
        // Without detection (--format bench-json), the first element need not look like one.
        #expect(BenchJSONFormat.streamed(Array("[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}]".utf8), detecting: false)?.count == 1)
        // The tree still reports a problem in the middle of a bulk file, with its place.
        let error = #expect(throws: FormatError.self) {
            try ResultFormat.auto.parse(Array("[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}},\n {\"model_version\": \"m\"}]".utf8))
        }
        #expect(error?.field == "[1].metrics")
        #expect(error?.line == 2)
    }

    @Test func readsValueUnitAndSamples() throws {
        let results = try parse("""
        {"model_version": "api", "metrics": {
          "latency": {"value": 412, "unit": "ms", "samples": [410, 415, 411]},
          "p50": {"samples": [3, 1, 2, 10]}
        }}
        """)
        let latency = try #require(results.first?.metrics["latency"])
        #expect(latency == MetricValue(value: 412, unit: "ms", samples: [410, 415, 411]))
        #expect(results.first?.metrics["p50"]?.value == 2.5)
    }

    @Test func malformedJSONNamesLineAndColumn() {
        let error = #expect(throws: FormatError.self) { try parse("{\n  \"model_version\": \"a\",\n  \"metrics\": {\"f1\": 0.9,}\n}") }
        #expect(error?.line == 3)
        #expect(error?.column == 25)
        #expect(error?.description.contains("malformed JSON") == true)
    }

    @Test(arguments: [
        ("{\"metrics\": {\"f1\": 1}}", "model_version", "is missing"),
        ("{\"model_version\": \"m\"}", "metrics", "is missing"),
        ("{\"model_version\": \"m\", \"metrics\": {}}", "metrics", "holds no metrics"),
        ("{\"model_version\": \"m\", \"metrics\": {\"f1\": 1e999}}", "metrics.f1", "not a finite number"),
        ("{\"model_version\": \"m\", \"metrics\": {\"f1\": \"0.9\"}}", "metrics.f1", "expected a number"),
        ("{\"model_version\": \"m\", \"metrics\": {\"f1\": null}}", "metrics.f1", "expected a number"),
        ("{\"model_version\": 3, \"metrics\": {\"f1\": 1}}", "model_version", "expected a string"),
        ("{\"model_version\": \"a\\u0007b\", \"metrics\": {\"f1\": 1}}", "model_version", "control character"),
        ("{\"model_version\": \"m\", \"metrics\": {\"f\\n1\": 1}}", "metrics.f\n1", "control character"),
        ("{\"model_version\": \"\(String(repeating: "x", count: 201))\", \"metrics\": {\"f1\": 1}}", "model_version", "limit is 200"),
        ("[{\"model_version\": \"m\", \"metrics\": {\"f1\": 1}}, {\"model_version\": \"m\"}]", "[1].metrics", "is missing"),
    ])
    func refusesBadResults(text: String, field: String, message: String) {
        let error = #expect(throws: FormatError.self) { try parse(text) }
        #expect(error?.field == field)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.line != nil)
    }

    @Test func nameOfExactly200CharactersIsAccepted() throws {
        let name = String(repeating: "é", count: 200)
        #expect(try parse("{\"model_version\": \"\(name)\", \"metrics\": {\"f1\": 1}}").first?.modelVersion == name)
    }

    @Test func refusesEmptyInputAndTrailingGarbage() {
        #expect(throws: FormatError.self) { try parse("") }
        #expect(throws: FormatError.self) { try parse("{} x") }
        #expect(throws: FormatError.self) { try parse("[]") }
        #expect(throws: FormatError.self) { try parse("{\"model_version\": \"a\", \"model_version\": \"b\", \"metrics\": {\"f1\": 1}}") }
    }
}
