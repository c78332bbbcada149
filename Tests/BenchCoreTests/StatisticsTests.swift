import BenchCore
import Testing

@Suite struct StatisticsTests {
    // Reference values from scipy.stats.mannwhitneyu(x, y, alternative="two-sided") and ttest_ind(equal_var=False).
    @Test(arguments: [
        ([1.0, 2, 3], [4.0, 5, 6], 0.0, 0.1, true),
        ([1.1, 2.3, 3.5, 4.2, 5.9], [3.3, 6.1, 7.4, 8.8, 9.0, 10.2], 3.0, 0.030303030303030304, true),
        ([19.0, 22, 16, 29, 24], [20.0, 11, 17, 12], 17.0, 0.1111111111111111, true),
        ([1.0, 2, 2, 3, 3, 3, 4], [3.0, 4, 4, 5, 5, 6, 7, 7], 3.5, 0.004793348746185457, false),
    ])
    func mannWhitneyMatchesScipy(x: [Double], y: [Double], u: Double, p: Double, exact: Bool) throws {
        let test = try #require(MannWhitney(x, y))
        #expect(test.u == u)
        #expect(abs(test.p - p) < 1e-9, "p = \(test.p), expected \(p)")
        #expect(test.exact == exact)
    }

    @Test func smallestReachablePValues() {
        #expect(MannWhitney.smallestP(2, 2) == 1.0 / 3)
        #expect(MannWhitney.smallestP(3, 3) == 0.1)
        #expect(MannWhitney.smallestP(4, 4) < 0.05)
    }

    @Test func welchMatchesScipy() throws {
        let test = try #require(WelchTTest([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]))
        #expect(abs(test.t - 2.3763541031440183) < 1e-9)
        #expect(abs(test.p - 0.04928433820673053) < 1e-6)
    }

    @Test func theSeedsF1ExampleIsARegression() {
        let check = MetricCheck.evaluate(metric: "f1", baseline: .init(value: 0.895), candidate: .init(value: 0.835),
                                         direction: .higher, threshold: .default)
        #expect(check.verdict == .regressed)
        #expect(check.method == .threshold)
        #expect(abs(check.percent! + 6.7039) < 0.001)
    }

    @Test(arguments: [
        (0.95, Verdict.unchanged),   // exactly 5% down: not beyond the threshold
        (0.9499, .regressed),
        (1.05, .unchanged),
        (1.0501, .improved),
    ])
    func thresholdBoundary(candidate: Double, verdict: Verdict) {
        let check = MetricCheck.evaluate(metric: "f1", baseline: .init(value: 1.0), candidate: .init(value: candidate),
                                         direction: .higher, threshold: Threshold(fraction: 0.05))
        #expect(check.verdict == verdict)
    }

    @Test func lowerIsBetterFlipsTheVerdict() {
        let slower = MetricCheck.evaluate(metric: "latency_ms", baseline: .init(value: 100), candidate: .init(value: 120),
                                          direction: .lower, threshold: Threshold(fraction: 0.1))
        #expect(slower.verdict == .regressed)
        let faster = MetricCheck.evaluate(metric: "latency_ms", baseline: .init(value: 100), candidate: .init(value: 80),
                                          direction: .lower, threshold: Threshold(fraction: 0.1))
        #expect(faster.verdict == .improved)
    }

    @Test func samplesMustAlsoBeSignificant() {
        let base = MetricValue(value: 100, samples: [99, 100, 101, 100, 99, 101, 100, 100])
        let clearlySlower = MetricValue(value: 120, samples: [119, 120, 121, 120, 119, 121, 120, 122])
        let clear = MetricCheck.evaluate(metric: "time", baseline: base, candidate: clearlySlower, direction: .lower, threshold: Threshold(fraction: 0.05))
        #expect(clear.verdict == .regressed)
        #expect(clear.method == .mannWhitney)
        #expect((clear.p ?? 1) < 0.001)
        #expect(clear.effectSize == 1)

        let noisy = MetricValue(value: 120, samples: [60, 180, 90, 150, 120, 70, 170, 125])
        let unclear = MetricCheck.evaluate(metric: "time", baseline: base, candidate: noisy, direction: .lower, threshold: Threshold(fraction: 0.05))
        #expect(unclear.verdict == .inconclusive)
        #expect((unclear.samplesNeeded ?? 0) > 8)

        let two = MetricCheck.evaluate(metric: "time", baseline: .init(value: 100, samples: [100, 100.5]),
                                       candidate: .init(value: 130, samples: [130, 131]), direction: .lower, threshold: .default)
        #expect(two.verdict == .inconclusive)
        #expect(two.reason?.contains("too few samples") == true)
    }

    @Test func changePointsOnKnownSteps() {
        var generator = SeededGenerator(seed: 7)
        var series: [Double] = []
        for level in [100.0, 100.0, 80.0, 80.0, 95.0] {
            for _ in 0..<15 { series.append(level + Double.random(in: -1...1, using: &generator)) }
        }
        let points = ChangePointDetector().detect(series)
        #expect(points.map(\.index) == [30, 60])
        #expect(abs(points[0].meanBefore - 100) < 1 && abs(points[0].meanAfter - 80) < 1)
        #expect(points.allSatisfy { $0.p < 0.001 })
        let flat = (0..<60).map { _ in 50 + Double.random(in: -1...1, using: &generator) }
        #expect(ChangePointDetector().detect(flat).isEmpty)
    }

    /// After pruning, each change point moves to the best split between its neighbours: this
    /// clear 6σ step at 13 survived pruning as the candidate at 9.
    @Test func changePointsSitOnTheStepNotBesideIt() {
        let series = [0.8953, 0.8887, 0.8842, 0.9204, 0.9063, 0.9153, 0.903, 0.9262, 0.9182, 0.8726, 0.9036, 0.9004, 0.8899,
                      0.7863, 0.7785, 0.8048, 0.8145, 0.7891, 0.8299, 0.8231, 0.8064, 0.8023, 0.8034, 0.7966, 0.8207, 0.814,
                      0.8099, 0.7878, 0.8126]
        let points = ChangePointDetector().detect(series)
        #expect(points.map(\.index) == [13])
        #expect(points.allSatisfy { $0.p < 0.001 })
    }

    @Test func mannWhitneyNeverRoundsAPValueToZero() throws {
        // 60 against 60 wholly apart: 1 − Φ(z) rounds to 0 in doubles. SciPy:
        // mannwhitneyu(arange(60), arange(60) + 100.5, method="asymptotic").pvalue = 3.5565709749847226e-21
        let low = (0..<60).map { Double($0) }, high = (0..<60).map { Double($0) + 100.5 }
        let test = try #require(MannWhitney(low, high))
        #expect(abs(test.p - 3.5565709749847226e-21) < 1e-6 * 3.5565709749847226e-21, "p = \(test.p)")
        #expect(Figures.pValue(test.p) == "< 1e-12")
    }

    @Test func meanIntervalsMatchStudentsT() throws {
        // scipy.stats.t.interval(0.95, 4, loc=3, scale=stats.sem([1, 2, 3, 4, 5])) → (1.0367, 4.9633)
        let interval = try #require(Summary([1, 2, 3, 4, 5]).meanInterval())
        #expect(abs(interval.lowerBound - 1.036757) < 1e-4)
        #expect(abs(interval.upperBound - 4.963243) < 1e-4)
        // t(0.975, 29) = 2.04523
        #expect(abs(Summary.tQuantile(0.95, degreesOfFreedom: 29) - 2.045230) < 1e-4)
        #expect(Summary([1]).meanInterval() == nil)
        #expect(Summary([2, 2, 2]).meanInterval() == 2...2)
    }
}
