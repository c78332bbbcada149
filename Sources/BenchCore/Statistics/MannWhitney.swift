import Foundation
import Synchronization

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
        // Ranks of the pooled sample (their merge), ties sharing their average rank: the
        // rank sum of x and the tie term, run of equal values by run.
        var rankSumX = 0.0, tieTerm = 0.0
        var i = 0, j = 0, position = 0
        while i < n1 || j < n2 {
            // The run's first value (of equal ones, an x), then every value equal to it.
            var inX = 0, inY = 0
            let value: Double
            if j == n2 || (i < n1 && x[i] <= y[j]) {
                value = x[i]
                i += 1
                inX = 1
            } else {
                value = y[j]
                j += 1
                inY = 1
            }
            while i < n1 && x[i] == value { i += 1; inX += 1 }
            while j < n2 && y[j] == value { j += 1; inY += 1 }
            let run = inX + inY
            rankSumX += Double(inX) * (Double(2 * position + run + 1) / 2)
            let t = Double(run)
            tieTerm += t * t * t - t
            position += run
        }
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
    /// Only the two orderings with every x below every y, or above, reach it: 2 of the
    /// C(n1+n2, n1) orderings (a product of integers, exact while below 2^53; past that the
    /// p-value is far below any α).
    public static func smallestP(_ n1: Int, _ n2: Int) -> Double {
        var orderings = 1.0
        for i in stride(from: 1, through: min(n1, n2), by: 1) { orderings = orderings * Double(max(n1, n2) + i) / Double(i) }
        return min(1, max(2 / orderings, .leastNormalMagnitude))
    }

    /// P(U ≤ u or U ≥ n1·n2 − u) from the exact distribution of U (no ties).
    static func exactTwoSided(_ u: Double, _ n1: Int, _ n2: Int) -> Double {
        let cumulative = ExactU.cumulative(n1, n2)
        let low = min(u, Double(n1 * n2) - u)
        guard low >= 0 else { return 0 }
        return min(1, 2 * cumulative[Int(low)] / cumulative[n1 * n2])
    }
}

/// The exact distribution of U for samples of n1 and n2 values without ties, cumulative:
/// `cumulative(n1, n2)[u]` counts the orderings with U ≤ u. Those counts are the
/// coefficients of the Gaussian binomial [n1+n2 choose n1] in q, the product over
/// i = 1…n1 of (1 − q^(n2+i)) / (1 − q^i): n1 multiplications and divisions by two-term
/// polynomials, all in integers below 2^53 (n1 + n2 ≤ 40 here). A change-point search tests
/// thousands of short segments of a few sizes, so each size's is kept once made.
enum ExactU {
    private static let made = Mutex<[Int: [Double]]>([:])

    static func cumulative(_ n1: Int, _ n2: Int) -> [Double] {
        let key = n1 << 32 | n2
        if let known = made.withLock({ $0[key] }) { return known }
        let total = n1 * n2
        var counts = [Double](repeating: 0, count: total + 1)
        counts[0] = 1
        // Degree so far: the product of i factors is [n2+i choose i], of degree i·n2.
        for i in stride(from: 1, through: n1, by: 1) {
            let degree = i * n2, factor = n2 + i
            // × (1 − q^(n2+i)): highest coefficient first, so each reads the one before.
            for k in stride(from: degree + i, through: factor, by: -1) where k <= total { counts[k] -= counts[k - factor] }
            // ÷ (1 − q^i): the series Σ q^(i·j), lowest coefficient first; the division is exact,
            // so the coefficients past the new degree come out 0.
            for k in stride(from: i, through: min(degree + i, total), by: 1) { counts[k] += counts[k - i] }
        }
        for k in stride(from: 1, through: total, by: 1) { counts[k] += counts[k - 1] }
        made.withLock { $0[key] = counts }
        return counts
    }
}
