// `make detection-report`: precision and recall of `bench check`'s verdicts and of
// `bench changes`' change points on a generated corpus of noisy series with known steps.
// The seed is fixed so the figures repeat; this is a measurement, not a test.
import BenchCore
import Foundation

var random = SeededGenerator(seed: 20_261_122)

@MainActor func normal() -> Double {
    let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random), u2 = Double.random(in: 0..<1, using: &random)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
}

/// A noisy sample around `level`: Gaussian noise of `noise` (relative), and now and then an outlier.
@MainActor func sample(_ level: Double, noise: Double, outliers: Double = 0.03) -> Double {
    var value = level * (1 + noise * normal())
    if Double.random(in: 0..<1, using: &random) < outliers { value *= Double.random(in: 1.3...1.8, using: &random) }
    return value
}

let noises = [0.01, 0.02, 0.05, 0.10]
let steps = [0.02, 0.05, 0.10, 0.20]
let threshold = Threshold(fraction: 0.02)

// MARK: bench check: baseline and candidate with 10 samples each; a time metric (lower is better).
struct Tally {
    var truePositive = 0, falsePositive = 0, falseNegative = 0, inconclusive = 0, cases = 0
    var precision: Double { truePositive + falsePositive == 0 ? 1 : Double(truePositive) / Double(truePositive + falsePositive) }
    var recall: Double { truePositive + falseNegative == 0 ? 1 : Double(truePositive) / Double(truePositive + falseNegative) }
    /// Series without a step, and those of them in which a change point was found anyway.
    var quiet = 0, alarms = 0

    /// Scores the change points `found` in a series whose true steps are at `truth`: a point
    /// within one of a step not yet matched is a hit, any other a false alarm, and a step left
    /// unmatched a miss. A series without steps counts as quiet, or as an alarm too.
    mutating func score(found: [Int], truth: [Int]) {
        guard !truth.isEmpty else {
            quiet += 1
            if !found.isEmpty { alarms += 1 }
            return
        }
        cases += 1
        var unmatched = truth
        for index in found {
            if let hit = unmatched.firstIndex(where: { abs($0 - index) <= 1 }) {
                unmatched.remove(at: hit)
                truePositive += 1
            } else {
                falsePositive += 1
            }
        }
        falseNegative += unmatched.count
    }
}

var checkTally = Tally()
var checkAlarms = 0, checkQuiet = 0
let casesPerCell = 200
for noise in noises {
    for step in [0.0] + steps + steps.map({ -$0 }) {
        for _ in 0..<casesPerCell {
            let before = (0..<10).map { _ in sample(100, noise: noise) }
            let after = (0..<10).map { _ in sample(100 * (1 + step), noise: noise) }
            let check = MetricCheck.evaluate(metric: "time", baseline: MetricValue(value: before.median!, samples: before),
                                             candidate: MetricValue(value: after.median!, samples: after),
                                             direction: .lower, threshold: threshold)
            let flagged = check.verdict == .regressed || check.verdict == .improved
            if step == 0 {
                checkQuiet += 1
                if flagged { checkAlarms += 1 }
                continue
            }
            guard abs(step) >= 3 * noise else { continue }
            checkTally.cases += 1
            let truth: Verdict = step > 0 ? .regressed : .improved
            if check.verdict == truth { checkTally.truePositive += 1 }
            else if flagged { checkTally.falsePositive += 1 }
            else {
                checkTally.falseNegative += 1
                if check.verdict == .inconclusive { checkTally.inconclusive += 1 }
            }
        }
    }
}

// MARK: bench changes: series of 60 points with 0, 1 or 2 steps at known places.
var changeTally = Tally()
let detector = ChangePointDetector()
for noise in noises {
    for step in [0.0] + steps {
        for trial in 0..<50 {
            guard step == 0 || step >= 3 * noise else { continue }
            let count = step == 0 ? 0 : 1 + trial % 2
            var truth: [Int] = []
            if count >= 1 { truth.append(Int.random(in: 12...25, using: &random)) }
            if count == 2 { truth.append(Int.random(in: 35...48, using: &random)) }
            var level = 100.0
            var series: [Double] = []
            for index in 0..<60 {
                if truth.contains(index) { level *= Bool.random(using: &random) ? 1 + step : 1 - step }
                series.append(sample(level, noise: noise, outliers: 0.02))
            }
            changeTally.score(found: detector.detect(series).map(\.index), truth: truth)
        }
    }
}

// MARK: bench changes on long histories: 2,000 points, none or one step of 3× the noise.
var longTally = Tally()
for noise in [0.01, 0.02, 0.05] {
    for trial in 0..<20 {
        let step = trial < 10 ? 0 : 3 * noise
        let at = Int.random(in: 200...1800, using: &random)
        var series: [Double] = []
        for index in 0..<2000 { series.append(sample(index >= at && step > 0 ? 100 * (1 + step) : 100, noise: noise, outliers: 0.02)) }
        longTally.score(found: detector.detect(series).map(\.index), truth: step > 0 ? [at] : [])
    }
}

// MARK: bench check with one run per commit, against the history models.
let singleRun = singleRunFigures(trials: 1000)
let many = manyBenchmarksFalseAlarms(benchmarks: 200, checks: 50)
let manyMore = manyBenchmarksFalseAlarms(benchmarks: 200, checks: 500)

// MARK: bench changes on single-run histories, steps of 2σ to 8σ, a hit within ±2 commits.
let singleRunChanges = changePointFigures(seriesPerNoise: 400, detector: detector)

func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
print("Detection quality on a generated corpus (seed 20261122)")
print("noise 1–10%, steps 2–20% up and down, 3% outliers; precision/recall over steps ≥ 3× the noise")
print("")
print("bench check (10 samples a side, threshold \(threshold), Mann-Whitney α = \(MetricCheck.alpha)):")
print("  cases with a step: \(checkTally.cases)  precision \(percent(checkTally.precision))  recall \(percent(checkTally.recall))  (missed as inconclusive: \(checkTally.inconclusive))")
print("  cases without a step: \(checkQuiet)  false alarms \(checkAlarms) (\(percent(Double(checkAlarms) / Double(checkQuiet))))")
print("")
print("bench changes (60-point series, 1 or 2 steps, E-divisive + Mann-Whitney p < \(detector.pValue)):")
print("  series with steps: \(changeTally.cases)  precision \(percent(changeTally.precision))  recall \(percent(changeTally.recall))  (a hit is within one point)")
print("  series without a step: \(changeTally.quiet)  with a false alarm \(changeTally.alarms) (\(percent(Double(changeTally.alarms) / Double(changeTally.quiet))))")
print("")
print("bench changes on long histories (2,000 points, noise 1/2/5%, one step of 3× the noise or none; threshold scaled to the length):")
print("  series with a step: \(longTally.cases)  precision \(percent(longTally.precision))  recall \(percent(longTally.recall))  (within one point)")
print("  series without a step: \(longTally.quiet)  with a false alarm \(longTally.alarms) (\(percent(Double(longTally.alarms) / Double(longTally.quiet))))")
print("")
print("bench check, one run per commit (40 results of history; auto: t-test prediction interval at 99%, 1% floor; Gaussian noise):")
for figures in singleRun {
    print("  noise \(percent(figures.noise)): false alarms on unchanged pushes \(figures.falseAlarms)/\(figures.pushes) (\(percent(Double(figures.falseAlarms) / Double(figures.pushes))); false improvements \(figures.falseImprovements))"
          + "  5σ slowdowns caught \(figures.caught)/\(figures.requests) (\(percent(Double(figures.caught) / Double(figures.requests))))"
          + "  3σ caught \(percent(Double(figures.smallerCaught) / Double(figures.smaller)))")
}
for run in [many, manyMore] {
    print("  \(run.checks) checks of 200 flat benchmarks (Benjamini–Hochberg, q = \(FalseDiscovery.defaultRate)): with any false alarm \(run.withAlarm) (\(percent(Double(run.withAlarm) / Double(run.checks)))); with any false finding, improvements included, \(run.withFinding) (\(percent(Double(run.withFinding) / Double(run.checks))))")
}
print("")
let cp = singleRunChanges
print("bench changes on single-run histories (\(ChangePointFigures.length) commits, noise 1/3/6%, 2% outliers, 0–3 steps of 2σ/3σ/5σ/8σ ≥ \(ChangePointFigures.gap) commits apart; a hit is within ±\(ChangePointFigures.tolerance) commits):")
print("  \(cp.series) series, \(cp.steps) steps, \(cp.found) change points found: precision \(percent(cp.precision))  recall \(percent(cp.recall))")
print("  recall by step: " + ChangePointFigures.sizes.map { "\($0)σ \(percent(cp.recall(at: $0))) of \(cp.stepsBySize[$0] ?? 0)" }.joined(separator: "  "))
print("  series without a step: \(cp.flatSeries)  with a false alarm \(cp.flatWithAlarm) (\(percent(Double(cp.flatWithAlarm) / Double(max(cp.flatSeries, 1)))))")
print("  placement of the \(cp.near) points found within 10 commits of a step: exact \(cp.exact), 1–2 off \(cp.withinTwo), 3–10 late \(cp.late), 3–10 early \(cp.early)")
print("")
let singleRunTargets = singleRun.allSatisfy { Double($0.falseAlarms) / Double($0.pushes) <= 0.01 && Double($0.caught) / Double($0.requests) >= 0.95 }
    && Double(many.withAlarm) / Double(many.checks) <= 0.05
print(singleRunTargets ? "history-model targets met: false alarms ≤ 1%, 5σ caught ≥ 95%, ≤ 5% of 200-benchmark checks with a false alarm"
      : "history-model targets NOT met: false alarms ≤ 1%, 5σ caught ≥ 95%, ≤ 5% of 200-benchmark checks with a false alarm")
let targets = checkTally.precision >= 0.95 && checkTally.recall >= 0.95 && changeTally.precision >= 0.95 && changeTally.recall >= 0.95
    && Double(checkAlarms) / Double(checkQuiet) < 0.02 && Double(changeTally.alarms) / Double(changeTally.quiet) < 0.02
let changeTargets = cp.precision >= 0.95 && cp.recall >= 0.95
print(changeTargets ? "change-point targets met: precision and recall within ±2 commits ≥ 95%"
      : "change-point targets NOT met: precision and recall within ±2 commits ≥ 95%")
print(targets ? "targets met: precision and recall ≥ 95%, false alarms < 2%" : "targets NOT met: precision and recall ≥ 95%, false alarms < 2%")
