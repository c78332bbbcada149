import BenchCore
import BenchGit
import BenchStore

extension Session {
    /// Every series the filter matches. Without a branch, series on the current branch are
    /// preferred when there are any. No match is bad input naming the known models.
    func series(matching filter: SeriesFilter) throws(BenchError) -> [SeriesKey] {
        let store = try readStore()
        let all: [SeriesKey]
        do { all = try store.series(filter) } catch { throw BenchError(error) }
        let model = filter.modelVersion ?? "any model"
        guard !all.isEmpty else {
            let known = ((try? store.series(SeriesFilter())) ?? []).map(\.modelVersion)
            let models = Array(Set(known)).sorted()
            let branchNote = filter.branchName.map { " on branch '\($0)'" } ?? ""
            var error = BenchError(.badInput, "no results for '\(model)'\(branchNote)",
                                   hint: models.isEmpty ? "record a result first: bench record --input results.json"
                                       : "known models: " + models.prefix(10).joined(separator: ", "))
            error.situation = .notFound
            throw error
        }
        guard filter.branchName == nil else { return all }
        return all.preferring([try? workspace.head().branchName], branch: \.branchName)
    }

    /// The one series the filter names; several matches are bad input, listed with the flags
    /// that tell them apart.
    func oneSeries(_ filter: SeriesFilter) throws(BenchError) -> SeriesKey {
        let matches = try series(matching: filter)
        guard matches.count == 1 else {
            let list = matches.prefix(8).map { "  \($0)" }.joined(separator: "\n")
            throw BenchError(.badInput, "'\(filter.modelVersion ?? "")' names \(matches.count) series:\n\(list)",
                             hint: "pick one with --branch, --environment, --dataset or --prompt")
        }
        return matches[0]
    }
}
