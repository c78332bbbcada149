import Foundation
import Synchronization

/// Inverse distribution functions and sample quantiles the verdict models need.
public enum Quantiles {
    /// Φ⁻¹(p): the standard normal quantile, by bisection on the CDF (exact to ~1e-12).
    public static func normal(_ p: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        var low = -40.0, high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if SpecialFunctions.normalCDF(middle) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(T ≤ t) for Student's t with `df` degrees of freedom.
    public static func studentCDF(_ t: Double, df: Double) -> Double {
        let tail = SpecialFunctions.studentTwoSidedP(abs(t), df: df) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The t with P(T ≤ t) = p (one-sided), by bisection on the CDF. A check asks the same
    /// few (p, df) again for every metric of every series, so each answer is kept.
    public static func student(_ p: Double, df: Double) -> Double {
        guard p > 0 else { return -.infinity }
        guard p < 1 else { return .infinity }
        let key = StudentKey(p: p, df: df)
        if let known = studentQuantiles.withLock({ $0[key] }) { return known }
        var low = -1e6, high = 1e6
        var result = (low + high) / 2
        for _ in 0..<300 {
            let middle = (low + high) / 2
            // Once the middle is an end, no later step moves either end: the answer is found
            // (the same one 300 steps give, after about 75).
            if middle == low || middle == high { break }
            if studentCDF(middle, df: df) < p { low = middle } else { high = middle }
            result = (low + high) / 2
        }
        studentQuantiles.withLock { $0[key] = result }
        return result
    }

    private struct StudentKey: Hashable {
        var p: Double
        var df: Double
    }

    /// The quantiles found so far: a pure function's answers, shared by every thread.
    private static let studentQuantiles = Mutex<[StudentKey: Double]>([:])

    /// The sample quantile at `q` (0…1) with linear interpolation between order statistics:
    /// NumPy's and SciPy's default ("linear", R's type 7).
    public static func sample(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = Int(position.rounded(.up))
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}
