// The verdicts of `bench check` with one run per commit (the common case in CI): the
// candidate against the history models (auto: a t-test prediction interval at 99% with a
// 1% floor over the last 30 results), on Gaussian noise of 1%, 3% and 6%.
import BenchCore

/// False alarms on unchanged pushes and catches of 5σ (and 3σ) slowdowns, per noise level.
struct SingleRunFigures {
    var noise: Double
    var pushes = 0, falseAlarms = 0, falseImprovements = 0
    var requests = 0, caught = 0
    var smaller = 0, smallerCaught = 0
}

@MainActor func history(_ count: Int, noise: Double) -> [Double] {
    (0..<count).map { _ in sample(100, noise: noise, outliers: 0) }
}

@MainActor func judge(_ candidate: Double, after window: [Double]) -> MetricCheck {
    MetricCheck.evaluate(metric: "time", baseline: MetricValue(value: window.last!), candidate: MetricValue(value: candidate),
                         direction: .lower, threshold: .default, model: VerdictModel(), window: window)
}

@MainActor func singleRunFigures(trials: Int) -> [SingleRunFigures] {
    [0.01, 0.03, 0.06].map { noise in
        var figures = SingleRunFigures(noise: noise)
        for _ in 0..<trials {
            let window = history(40, noise: noise)
            figures.pushes += 1
            switch judge(sample(100, noise: noise, outliers: 0), after: window).verdict {
            case .regressed, .inconclusive: figures.falseAlarms += 1
            case .improved: figures.falseImprovements += 1
            case .unchanged: break
            }
            figures.requests += 1
            if judge(sample(100 * (1 + 5 * noise), noise: noise, outliers: 0), after: window).verdict == .regressed { figures.caught += 1 }
            figures.smaller += 1
            if judge(sample(100 * (1 + 3 * noise), noise: noise, outliers: 0), after: window).verdict == .regressed { figures.smallerCaught += 1 }
        }
        return figures
    }
}

/// Checks of `benchmarks` flat benchmarks at once (noise 1/3/6% in turn), with
/// Benjamini–Hochberg across them: how many checks raise any false alarm (a regression,
/// which would block), and how many any false finding at all (improvements too).
@MainActor func manyBenchmarksFalseAlarms(benchmarks: Int, checks: Int) -> (checks: Int, withAlarm: Int, withFinding: Int) {
    var withAlarm = 0, withFinding = 0
    for _ in 0..<checks {
        let results = (0..<benchmarks).map { index -> [MetricCheck] in
            let noise = [0.01, 0.03, 0.06][index % 3]
            return [judge(sample(100, noise: noise, outliers: 0), after: history(40, noise: noise))]
        }
        let verdicts = FalseDiscovery.control(results).joined().map(\.verdict)
        if verdicts.contains(.regressed) { withAlarm += 1 }
        if verdicts.contains(where: { $0 != .unchanged }) { withFinding += 1 }
    }
    return (checks, withAlarm, withFinding)
}
