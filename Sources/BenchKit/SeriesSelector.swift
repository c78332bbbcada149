import BenchCore
import BenchStore

/// How a command names a series: a model, narrowed by the other series fields when several match.
public struct SeriesSelector: Sendable {
    public var model: String
    public var dataset: String?
    public var prompt: String?
    public var environment: String?
    public var branch: String?

    public init(model: String, dataset: String? = nil, prompt: String? = nil, environment: String? = nil, branch: String? = nil) {
        self.model = model
        self.dataset = dataset
        self.prompt = prompt
        self.environment = environment
        self.branch = branch
    }

    var filter: SeriesFilter {
        SeriesFilter(modelVersion: model, datasetVersion: dataset, promptVersion: prompt, environment: environment, branchName: branch)
    }
}

extension Workspace {
    /// Every series the selector matches. Without `--branch`, series on the current branch
    /// are preferred when there are any. An unknown model is bad input.
    func seriesMatching(_ selector: SeriesSelector, in store: Store) throws(BenchError) -> [SeriesKey] {
        let all: [SeriesKey]
        do { all = try store.series(selector.filter) } catch { throw BenchError(error) }
        guard !all.isEmpty else {
            let known = ((try? store.series(SeriesFilter())) ?? []).map(\.modelVersion)
            let models = Array(Set(known)).sorted()
            let branchNote = selector.branch.map { " on branch '\($0)'" } ?? ""
            var error = BenchError(.badInput, "no results for '\(selector.model)'\(branchNote)",
                                   hint: models.isEmpty ? "record a result first: bench record --input results.json"
                                       : "known models: " + models.prefix(10).joined(separator: ", "))
            error.situation = .notFound
            throw error
        }
        if selector.branch == nil, let branch = try? repository.head().branchName {
            let onBranch = all.filter { $0.branchName == branch }
            if !onBranch.isEmpty { return onBranch }
        }
        return all
    }

    /// The one series the selector names; several matches are bad input, listed with the
    /// flags that tell them apart.
    func oneSeries(_ selector: SeriesSelector, in store: Store) throws(BenchError) -> SeriesKey {
        let matches = try seriesMatching(selector, in: store)
        guard matches.count == 1 else {
            let list = matches.prefix(8).map { "  \($0)" }.joined(separator: "\n")
            throw BenchError(.badInput, "'\(selector.model)' names \(matches.count) series:\n\(list)",
                             hint: "pick one with --branch, --environment, --dataset or --prompt")
        }
        return matches[0]
    }
}
