/// What a snapshot history follows: one series per
/// `(model_version, dataset_version, prompt_version, environment, branch_name)`.
/// Fields absent from the input are empty strings, so the key stays comparable.
public struct SeriesKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var modelVersion: String
    public var datasetVersion: String
    public var promptVersion: String
    public var environment: String
    public var branchName: String

    public init(modelVersion: String, datasetVersion: String = "", promptVersion: String = "",
                environment: String = "local", branchName: String) {
        self.modelVersion = modelVersion
        self.datasetVersion = datasetVersion
        self.promptVersion = promptVersion
        self.environment = environment
        self.branchName = branchName
    }

    /// `model [dataset, prompt] env@branch`, omitting empty parts.
    public var description: String {
        let inner = [datasetVersion, promptVersion].filter { !$0.isEmpty }
        let qualifiers = inner.isEmpty ? "" : " [" + inner.joined(separator: ", ") + "]"
        return "\(modelVersion)\(qualifiers) \(environment)@\(branchName)"
    }

    enum CodingKeys: String, CodingKey {
        case modelVersion = "model_version"
        case datasetVersion = "dataset_version"
        case promptVersion = "prompt_version"
        case environment
        case branchName = "branch_name"
    }
}
