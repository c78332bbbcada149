import BenchCore
import Foundation
import Testing

/// The verdict models' math against reference values computed once with SciPy
/// (Fixtures/scipy/verdict_models.py wrote Fixtures/scipy/verdict-models.json).
@Suite struct VerdictModelTests {
    struct Reference: Decodable {
        struct Point: Decodable { var p: Double?; var x: Double?; var df: Double?; var q: Double?; var values: [Double]? }
        struct Adjusted: Decodable { var p: [Double]; var adjusted: [Double] }
        struct Bounds: Decodable { var lower: Double; var upper: Double; var p: Double? }
        struct Case: Decodable {
            var window: String
            var values: [Double]
            var candidate: Double
            var confidence: Double
            var t_test: Bounds
            var z_score: Bounds
            var log_normal: Bounds
            var iqr: Bounds
            var delta_iqr: Bounds
        }
        var normal_ppf: [Point]
        var t_ppf: [Point]
        var t_cdf: [Point]
        var quantiles: [Point]
        var bh: [Adjusted]
        var limits: [Case]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scipy/verdict-models.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-7) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func distributionQuantilesAndCDFs() {
        for point in Self.reference.normal_ppf { #expect(close(Quantiles.normal(point.p!), point.x!), "norm.ppf(\(point.p!))") }
        for point in Self.reference.t_ppf { #expect(close(Quantiles.student(point.p!, df: point.df!), point.x!, 1e-6), "t.ppf(\(point.p!), \(point.df!))") }
        for point in Self.reference.t_cdf { #expect(close(Quantiles.studentCDF(point.x!, df: point.df!), point.p!), "t.cdf(\(point.x!), \(point.df!))") }
        for point in Self.reference.quantiles { #expect(close(Quantiles.sample(point.values!, point.q!), point.x!, 1e-12)) }
    }

    @Test func benjaminiHochberg() {
        for case_ in Self.reference.bh {
            let adjusted = FalseDiscovery.adjusted(case_.p)
            #expect(zip(adjusted, case_.adjusted).allSatisfy { close($0, $1, 1e-12) }, "\(case_.p) → \(adjusted), scipy \(case_.adjusted)")
        }
    }

    @Test(arguments: [VerdictModel.Kind.tTest, .zScore, .logNormal, .iqr, .deltaIQR])
    func limitsMatchSciPy(kind: VerdictModel.Kind) throws {
        for case_ in Self.reference.limits {
            var model = VerdictModel()
            model.confidence = case_.confidence
            let bounds = switch kind {
            case .tTest: case_.t_test
            case .zScore: case_.z_score
            case .logNormal: case_.log_normal
            case .iqr: case_.iqr
            default: case_.delta_iqr
            }
            for direction in [Direction.lower, .higher] {
                let limit = try #require(Limit.draw(kind, window: case_.values, candidate: case_.candidate, direction: direction, model: model))
                let label = "\(kind.rawValue) on \(case_.window) at \(case_.confidence)"
                #expect(close(limit.lower, bounds.lower, 1e-6), "\(label): lower \(limit.lower ?? .nan) vs \(bounds.lower)")
                #expect(close(limit.upper, bounds.upper, 1e-6), "\(label): upper \(limit.upper ?? .nan) vs \(bounds.upper)")
                if let expected = bounds.p {
                    #expect(close(limit.p, expected, 1e-6), "\(label): p \(limit.p ?? .nan) vs \(expected)")
                }
            }
        }
    }

    @Test func theVerdictFollowsTheLimitTheDirectionAndTheFloor() {
        let window = (0..<30).map { 100 + Double($0 % 5) - 2 }       // 98…102, sd ≈ 1.4
        var model = VerdictModel()
        let slow = MetricCheck.evaluate(metric: "latency_ms", baseline: MetricValue(value: 100), candidate: MetricValue(value: 110, unit: "ms"),
                                        direction: .lower, threshold: .default, model: model, window: window)
        #expect(slow.verdict == .regressed)
        #expect(slow.model == "t-test" && slow.method == .history && slow.windowSize == 30)
        #expect(slow.explanation.hasPrefix("latency_ms 110ms > upper limit 10"))
        #expect(slow.explanation.contains("(t-test over 30 runs, 99%, p="))

        let within = MetricCheck.evaluate(metric: "latency_ms", baseline: MetricValue(value: 100), candidate: MetricValue(value: 101),
                                          direction: .lower, threshold: .default, model: model, window: window)
        #expect(within.verdict == .unchanged)

        // Past the limit of a very quiet history, but by less than the 1% floor: not a regression.
        let quiet = (0..<30).map { 100 + Double($0 % 2) * 0.01 }
        let tiny = MetricCheck.evaluate(metric: "latency_ms", baseline: MetricValue(value: 100), candidate: MetricValue(value: 100.5),
                                        direction: .lower, threshold: .default, model: model, window: quiet)
        #expect(tiny.verdict == .unchanged)
        #expect(tiny.reason?.contains("practical floor") == true)

        // Too little history: the percentage threshold decides, and says so.
        let short = MetricCheck.evaluate(metric: "f1", baseline: MetricValue(value: 0.9), candidate: MetricValue(value: 0.8),
                                         direction: .higher, threshold: .default, model: model, window: [0.9, 0.91, 0.9])
        #expect(short.verdict == .regressed && short.method == .threshold)
        #expect(short.reason == "3 result(s) of history, t-test needs 10: percentage threshold")
        #expect(short.explanation == "f1 0.8 < lower limit 0.855 (5% below the baseline 0.9; 3 result(s) of history, t-test needs 10: percentage threshold)")
        // An improvement names the limit on the better side: for a time, below the baseline.
        let faster = MetricCheck.evaluate(metric: "latency_ms", baseline: MetricValue(value: 121, unit: "ms"), candidate: MetricValue(value: 98, unit: "ms"),
                                          direction: .lower, threshold: .default, model: model, window: [121, 120, 118])
        #expect(faster.verdict == .improved)
        #expect(faster.explanation.hasPrefix("latency_ms 98ms < lower limit 114.95ms (5% below the baseline 121ms"), "\(faster.explanation)")

        model.kind = .static
        model.upper = 105
        let capped = MetricCheck.evaluate(metric: "latency_ms", baseline: MetricValue(value: 100), candidate: MetricValue(value: 106),
                                          direction: .lower, threshold: .default, model: model, window: [])
        #expect(capped.verdict == .regressed && capped.model == "static" && capped.upperLimit == 105)
    }

    @Test func falseDiscoveryControlCallsOffWeakFindingsAmongMany() {
        func check(_ p: Double) -> MetricCheck {
            var check = MetricCheck.evaluate(metric: "m", baseline: MetricValue(value: 1), candidate: MetricValue(value: 2),
                                             direction: .lower, threshold: .default)
            check.p = p
            return check
        }
        let controlled = FalseDiscovery.control([[check(0.008), check(0.5)], (0..<18).map { _ in check(0.9) }])
        #expect(controlled[0][0].verdict == .unchanged, "p=0.008 among 20 tests adjusts to 0.16")
        #expect(controlled[0][0].adjustedP.map { abs($0 - 0.16) < 1e-12 } == true)
        #expect(controlled[0][0].reason?.contains("false-discovery control") == true)
        let strong = FalseDiscovery.control([[check(0.0001), check(0.5)]])
        #expect(strong[0][0].verdict == .regressed)
    }

    @Test func configReadsModelsPerMetricAndPerSeries() throws {
        let config = try BenchConfig.parse("""
        [metrics]
        latency_ms = { direction = "lower", model = "t-test", window = 20, min-runs = 8, confidence = "95%", min-change = "2%", max-age = "90d" }

        [series."BM_Sort/1024".metrics]
        latency_ms = { model = "static", upper = 120 }
        """)
        let general = config.verdictModel(of: "latency_ms", series: "other")
        #expect(general.kind == .tTest && general.window == 20 && general.minRuns == 8)
        #expect(general.confidence == 0.95 && abs(general.minChange - 0.02) < 1e-12 && general.maxAge == 90 * 86_400)
        let sort = config.verdictModel(of: "latency_ms", series: "BM_Sort/1024")
        #expect(sort.kind == .static && sort.upper == 120 && sort.window == 20)
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { model = \"magic\" }\n") }
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { model = \"static\" }\n") }
        #expect(throws: FormatError.self) { try BenchConfig.parse("[metrics]\nf1 = { confidence = 1.5 }\n") }
    }

    /// The band a trends chart shades: at each result, the limits drawn from the results
    /// before it. scipy.stats.t.ppf(0.995, n - 1) and numpy, computed once:
    /// window of 10 → 93.77703871345939 … 106.22296128654061; of 11 (with the 150) →
    /// 54.31407118802207 … 154.77683790288702; of the last 5 → -5.3112801184205125 … 224.11128011842052.
    @Test func limitBandsDrawFromTheResultsBeforeEachPoint() throws {
        let values = [100.0, 102, 98, 101, 99, 103, 97, 100, 101, 99, 150, 100]
        let band = Limit.band(values, model: VerdictModel(), direction: .lower)
        #expect(band.prefix(10).allSatisfy { $0 == nil }, "fewer than min-runs (10) results before them")
        let tenth = try #require(band[10]), eleventh = try #require(band[11])
        #expect(tenth.kind == .tTest && tenth.windowSize == 10)
        #expect(close(tenth.lower, 93.77703871345939) && close(tenth.upper, 106.22296128654061))
        #expect(close(eleventh.lower, 54.31407118802207) && close(eleventh.upper, 154.77683790288702))

        var short = VerdictModel()
        (short.window, short.minRuns) = (5, 3)
        let last = try #require(Limit.band(values, model: short, direction: .lower)[11])
        #expect(last.windowSize == 5 && close(last.lower, -5.3112801184205125) && close(last.upper, 224.11128011842052))
        // Only results within max-age of a point count.
        short.maxAge = 3.5
        let aged = Limit.band(values, times: values.indices.map(Double.init), model: short, direction: .lower)
        #expect(aged[11]?.windowSize == 3)

        // A steady history: the practical floor (1%) widens the limits, as the verdict does.
        let steady = Limit.band([100, 100.01, 99.99, 100, 100.01, 99.99, 100, 100.01, 99.99, 100, 100], model: VerdictModel(), direction: .higher)
        #expect(close(steady[10]?.lower, 99, 1e-9) && close(steady[10]?.upper, 101, 1e-9))

        var percentage = VerdictModel()
        percentage.kind = .percentage
        #expect(Limit.band(values, model: percentage, direction: .lower).allSatisfy { $0 == nil }, "no history model, no band")
    }

    /// A band over a long history computes each window size's quantile once and reuses it:
    /// the limits are those of each point drawn alone (a quantile found afresh), for windows
    /// of every size (max-age cuts them) and every distribution model.
    @Test(arguments: [VerdictModel.Kind.auto, .tTest, .zScore, .logNormal])
    func aBandReusesItsQuantilesWithoutChangingALimit(kind: VerdictModel.Kind) {
        var generator = SeededGenerator(seed: 7)
        let values = (0..<400).map { index in 100 + Double(index % 50) / 10 + Double.random(in: -3...3, using: &generator) }
        let times = values.indices.map { Double($0) + Double($0 % 7) * 0.9 }
        var model = VerdictModel()
        (model.kind, model.window, model.minRuns, model.maxAge) = (kind, 25, 4, 18)
        let band = Limit.band(values, times: times, model: model, direction: .lower)
        let alone = values.indices.map { Limit.band(values, times: times, model: model, direction: .lower, at: [$0])[0] }
        #expect(band == alone)
        #expect(Set(band.compactMap { $0?.windowSize }).count > 5, "windows of many sizes")
        #expect(band.compactMap { $0 }.count > 350)
    }
}
