import Foundation

/// The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, two-sided.
/// Exact p-values for small samples without ties; the normal approximation with tie and
/// continuity corrections otherwise.
public struct MannWhitney: Sendable, Equatable {
    /// U of the first sample: how many (x, y) pairs have x > y, ties counting one half.
    public var u: Double
    /// Two-sided p-value.
    public var p: Double
    /// Rank-biserial correlation in [-1, 1]: positive when the second sample tends higher.
    public var effectSize: Double
    /// Whether `p` comes from the exact distribution.
    public var exact: Bool

    /// Tests `x` against `y`; nil when either has fewer than one value.
    public init?(_ x: [Double], _ y: [Double]) {
        self.init(sortedX: x.sorted(), sortedY: y.sorted())
    }

    /// Tests `x` against `y`, each in ascending order (the change-point search keeps its
    /// segments sorted): the pooled sample is their merge, not a sort.
    init?(sortedX x: [Double], sortedY y: [Double]) {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return nil }
        // Ranks of the pooled sample, ties sharing their average rank; of equal values the
        // x's come first, as a stable sort of x then y would put them.
        var pooled: [(Double, Int)] = []
        pooled.reserveCapacity(n1 + n2)
        var i = 0, j = 0
        while i < n1 || j < n2 {
            if j == n2 || (i < n1 && x[i] <= y[j]) {
                pooled.append((x[i], 0))
                i += 1
            } else {
                pooled.append((y[j], 1))
                j += 1
            }
        }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            let rank = Double(start + end + 2) / 2
            for index in start...end { ranks[index] = rank }
            let t = Double(end - start + 1)
            tieTerm += t * t * t - t
            start = end + 1
        }
        let rankSumX = zip(pooled, ranks).filter { $0.0.1 == 0 }.reduce(0) { $0 + $1.1 }
        let u1 = rankSumX - Double(n1 * (n1 + 1)) / 2
        let product = Double(n1 * n2)
        u = u1
        effectSize = 1 - 2 * u1 / product
        let hasTies = tieTerm > 0
        if !hasTies && n1 + n2 <= 40 && product <= 2500 {
            p = Self.exactTwoSided(u1, n1, n2)
            exact = true
        } else {
            let n = Double(n1 + n2)
            let mean = product / 2
            let variance = product / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
            guard variance > 0 else {
                p = 1
                exact = false
                return
            }
            let z = (abs(u1 - mean) - 0.5) / variance.squareRoot()
            // The upper tail straight from erfc: 1 − Φ(z) rounds to 0 past z ≈ 8.3, and a
            // p-value of 0 claims a certainty no test has (the floor keeps it above 0 beyond z ≈ 38).
            p = min(1, max(erfc(max(0, z) / 2.squareRoot()), .leastNormalMagnitude))
            exact = false
        }
    }

    /// The smallest two-sided p-value any arrangement of samples this size can reach.
    public static func smallestP(_ n1: Int, _ n2: Int) -> Double {
        exactTwoSided(0, n1, n2)
    }

    /// P(U ≤ u or U ≥ n1·n2 − u) from the exact distribution of U (no ties).
    static func exactTwoSided(_ u: Double, _ n1: Int, _ n2: Int) -> Double {
        let total = n1 * n2
        // f(i, j, u): orderings of i x's and j y's with U = u. The largest value is an x (it
        // beats all j y's) or a y: f(i, j, u) = f(i-1, j, u-j) + f(i, j-1, u).
        var table = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: n2 + 1)
        // f(0, j, 0) = 1 for every j.
        for j in 0...n2 { table[j][0] = 1 }
        for i in 1...n1 {
            var next = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: n2 + 1)
            next[0][0] = 1
            for j in 1...n2 {
                for value in 0...(i * j) {
                    next[j][value] = (value >= j ? table[j][value - j] : 0) + next[j - 1][value]
                }
            }
            table = next
        }
        let distribution = table[n2]
        let all = distribution.reduce(0, +)
        let low = min(u, Double(total) - u)
        var tail = 0.0
        for value in 0...total where Double(value) <= low { tail += distribution[value] }
        return min(1, 2 * tail / all)
    }
}
