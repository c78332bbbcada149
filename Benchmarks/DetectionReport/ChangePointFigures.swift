// Change points on single-run histories (one result per commit, the common case in CI):
// series of 120 commits with Gaussian noise of 1%, 3% or 6% and 2% outliers, holding none to
// three steps of 2σ, 3σ, 5σ or 8σ up or down, at least 12 commits apart and from either end.
// A change point is found when `bench changes` places one within ±2 commits of a true step,
// each step matched once; any other is a false one.
import BenchCore

/// Precision, recall (overall and by step size) and how far off the found points sit.
struct ChangePointFigures {
    var series = 0, steps = 0, found = 0, matched = 0
    var flatSeries = 0, flatWithAlarm = 0
    /// Steps and steps found, by size in σ.
    var stepsBySize: [Int: Int] = [:], matchedBySize: [Int: Int] = [:]
    /// Found points near a true step (within 10 commits): how many exactly on it, within ±2, further.
    var near = 0, exact = 0, withinTwo = 0, late = 0, early = 0

    var precision: Double { found == 0 ? 1 : Double(matched) / Double(found) }
    var recall: Double { steps == 0 ? 1 : Double(matched) / Double(steps) }
    func recall(at size: Int) -> Double { Double(matchedBySize[size] ?? 0) / Double(max(stepsBySize[size] ?? 0, 1)) }

    static let sizes = [2, 3, 5, 8]
    static let length = 120, gap = 12, tolerance = 2
}

/// Where `count` steps fall in a series of `length`: at least `gap` apart and from either end.
@MainActor func stepPositions(_ count: Int, length: Int, gap: Int) -> [Int] {
    while true {
        let positions = (0..<count).map { _ in Int.random(in: gap...(length - gap), using: &random) }.sorted()
        if zip(positions, positions.dropFirst()).allSatisfy({ $1 - $0 >= gap }) { return positions }
    }
}

@MainActor func changePointFigures(seriesPerNoise: Int, detector: ChangePointDetector) -> ChangePointFigures {
    var figures = ChangePointFigures()
    for noise in [0.01, 0.03, 0.06] {
        for trial in 0..<seriesPerNoise {
            let truth = stepPositions(trial % 4, length: ChangePointFigures.length, gap: ChangePointFigures.gap)
            let sizes = truth.map { _ in ChangePointFigures.sizes.randomElement(using: &random)! }
            var level = 100.0
            var values: [Double] = []
            for index in 0..<ChangePointFigures.length {
                if let step = truth.firstIndex(of: index) {
                    level *= 1 + (Bool.random(using: &random) ? 1 : -1) * Double(sizes[step]) * noise
                }
                values.append(sample(level, noise: noise, outliers: 0.02))
            }
            let found = detector.detect(values).map(\.index)
            figures.series += 1
            figures.found += found.count
            figures.steps += truth.count
            if truth.isEmpty {
                figures.flatSeries += 1
                if !found.isEmpty { figures.flatWithAlarm += 1 }
            }
            for size in sizes { figures.stepsBySize[size, default: 0] += 1 }
            // Each found point takes the nearest true step still unmatched within the tolerance.
            var unmatched = Array(truth.indices)
            for index in found {
                if let nearest = truth.indices.min(by: { abs(truth[$0] - index) < abs(truth[$1] - index) }),
                   abs(truth[nearest] - index) <= 10 {
                    let offset = index - truth[nearest]
                    figures.near += 1
                    if offset == 0 { figures.exact += 1 } else if abs(offset) <= ChangePointFigures.tolerance { figures.withinTwo += 1 }
                    else if offset > 0 { figures.late += 1 } else { figures.early += 1 }
                }
                let candidates = unmatched.filter { abs(truth[$0] - index) <= ChangePointFigures.tolerance }
                guard let hit = candidates.min(by: { abs(truth[$0] - index) < abs(truth[$1] - index) }) else { continue }
                unmatched.removeAll { $0 == hit }
                figures.matched += 1
                figures.matchedBySize[sizes[hit], default: 0] += 1
            }
        }
    }
    return figures
}
