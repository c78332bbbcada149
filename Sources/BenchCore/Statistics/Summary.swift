/// Mean and variance of a sample.
public struct Summary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Unbiased sample variance (0 for one value).
    public var variance: Double

    public init(_ values: some Collection<Double>) {
        count = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let mean = self.mean
        variance = values.count < 2 ? 0 : values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    public var standardDeviation: Double { variance.squareRoot() }

    /// The confidence interval of the mean (Student's t), nil for fewer than two values.
    public func meanInterval(confidence: Double = 0.95) -> ClosedRange<Double>? {
        guard count >= 2, confidence > 0, confidence < 1 else { return nil }
        let margin = Self.tQuantile(confidence, degreesOfFreedom: Double(count - 1)) * (variance / Double(count)).squareRoot()
        return (mean - margin)...(mean + margin)
    }

    /// The t with a two-sided tail of 1 − `confidence`, found by bisection on the p-value.
    public static func tQuantile(_ confidence: Double, degreesOfFreedom: Double) -> Double {
        var low = 0.0, high = 1e6
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if SpecialFunctions.studentTwoSidedP(middle, df: degreesOfFreedom) > 1 - confidence { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}

/// Welch's two-sample t-test, two-sided.
public struct WelchTTest: Sendable, Equatable {
    public var t: Double
    public var degreesOfFreedom: Double
    public var p: Double

    /// nil when either side has fewer than two values.
    public init?(_ x: some Collection<Double>, _ y: some Collection<Double>) {
        let a = Summary(x), b = Summary(y)
        guard a.count >= 2, b.count >= 2 else { return nil }
        let va = a.variance / Double(a.count), vb = b.variance / Double(b.count)
        let se = (va + vb).squareRoot()
        if se == 0 {
            t = a.mean == b.mean ? 0 : .infinity
            degreesOfFreedom = Double(a.count + b.count - 2)
            p = a.mean == b.mean ? 1 : 0
            return
        }
        t = (b.mean - a.mean) / se
        let numerator = (va + vb) * (va + vb)
        let denominator = va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1)
        degreesOfFreedom = denominator == 0 ? Double(a.count + b.count - 2) : numerator / denominator
        p = SpecialFunctions.studentTwoSidedP(t, df: degreesOfFreedom)
    }
}
