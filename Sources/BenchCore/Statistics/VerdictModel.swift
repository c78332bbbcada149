/// How a metric's verdict is reached: which threshold model, over which history. Set per
/// metric in `[metrics]` of bench.toml and per series in `[series."MODEL".metrics]`.
public struct VerdictModel: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Mann-Whitney U when both sides have samples; else a t-test prediction interval over
        /// the history when it has `minRuns` results; else the percentage threshold.
        case auto
        /// Absolute limits (`lower`, `upper`).
        case `static`
        /// A change of more than the threshold against the baseline.
        case percentage
        /// The history's mean ± z·σ, z the normal quantile of `confidence`.
        case zScore = "z-score"
        /// A prediction interval for the next value: mean ± t·s·√(1 + 1/n).
        case tTest = "t-test"
        /// The z-score model on the logarithms (for skewed, positive metrics such as times).
        case logNormal = "log-normal"
        /// Tukey's fences: Q1 − k·IQR and Q3 + k·IQR of the history.
        case iqr
        /// The fences of the relative changes between consecutive results, around the median.
        case deltaIQR = "delta-iqr"
    }

    public var kind: Kind = .auto
    /// The newest results of the history the model looks at.
    public var window = 30
    /// Fewer results than this and a history model does not decide (auto falls back).
    public var minRuns = 10
    /// One-sided confidence of the limits (t-test, z-score, log-normal).
    public var confidence = 0.99
    /// The practical floor: a change smaller than this fraction of the history's centre is
    /// never a regression, however significant.
    public var minChange = 0.01
    /// Results older than this many seconds leave the window.
    public var maxAge: Double?
    /// k of the IQR models.
    public var multiplier = 1.5
    /// The static model's limits.
    public var lower: Double?
    public var upper: Double?

    public init() {}

    /// Later settings over earlier ones: what `[series]` says wins over `[metrics]`.
    public func overridden(by partial: VerdictModel.Settings) -> VerdictModel {
        var result = self
        if let kind = partial.kind { result.kind = kind }
        if let window = partial.window { result.window = window }
        if let minRuns = partial.minRuns { result.minRuns = minRuns }
        if let confidence = partial.confidence { result.confidence = confidence }
        if let minChange = partial.minChange { result.minChange = minChange }
        if let maxAge = partial.maxAge { result.maxAge = maxAge }
        if let multiplier = partial.multiplier { result.multiplier = multiplier }
        if let lower = partial.lower { result.lower = lower }
        if let upper = partial.upper { result.upper = upper }
        return result
    }

    /// What one table of bench.toml sets; nil fields leave the default.
    public struct Settings: Sendable, Equatable {
        public var kind: Kind?
        public var window: Int?
        public var minRuns: Int?
        public var confidence: Double?
        public var minChange: Double?
        public var maxAge: Double?
        public var multiplier: Double?
        public var lower: Double?
        public var upper: Double?

        public init() {}

        public var isEmpty: Bool { self == Settings() }
    }
}
