/// Narrows the series a command acts on; nil fields match anything.
public struct SeriesFilter: Sendable, Hashable {
    public var modelVersion: String?
    public var datasetVersion: String?
    public var promptVersion: String?
    public var environment: String?
    public var branchName: String?

    public init(modelVersion: String? = nil, datasetVersion: String? = nil, promptVersion: String? = nil,
                environment: String? = nil, branchName: String? = nil) {
        self.modelVersion = modelVersion
        self.datasetVersion = datasetVersion
        self.promptVersion = promptVersion
        self.environment = environment
        self.branchName = branchName
    }

    /// Whether the series matches every field the filter sets.
    public func matches(_ series: SeriesKey) -> Bool {
        (modelVersion.map { $0 == series.modelVersion } ?? true)
            && (datasetVersion.map { $0 == series.datasetVersion } ?? true)
            && (promptVersion.map { $0 == series.promptVersion } ?? true)
            && (environment.map { $0 == series.environment } ?? true)
            && (branchName.map { $0 == series.branchName } ?? true)
    }
}

extension SeriesFilter {
    /// A filter matching exactly one series.
    public init(_ series: SeriesKey) {
        self.init(modelVersion: series.modelVersion, datasetVersion: series.datasetVersion,
                  promptVersion: series.promptVersion, environment: series.environment, branchName: series.branchName)
    }
}

extension SeriesKey {
    /// The series without its branch: the same model, dataset, prompt and environment,
    /// measured on any branch. Baselines and branch starts are looked for in a lineage.
    public var lineage: SeriesFilter {
        var filter = SeriesFilter(self)
        filter.branchName = nil
        return filter
    }

    /// Whether both series belong to one lineage (they differ at most in their branch).
    public func isSameLineage(as other: SeriesKey) -> Bool { lineage.matches(other) }
}
