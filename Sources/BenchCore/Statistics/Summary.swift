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
