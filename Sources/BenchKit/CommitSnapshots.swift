import BenchCore
import BenchGit
import BenchStore

/// The snapshots measured at commits, read once per commit for every series a use case
/// judges: `bench check` walks the same first-parent commits for each series' baseline and
/// window, and asking the store per series re-read each commit's snapshots (every series'
/// rows of a commit, by the commit index) once per series.
///
/// Holds what the store said at first asking; the use case that makes it writes nothing
/// while it lives (a check, a review of alerts before it writes).
final class CommitSnapshots {
    private let store: any Store
    /// The fields every candidate's lineage shares: what each commit is read for.
    private let filter: SeriesFilter
    /// The commits read so far, and their snapshots by lineage, then by commit.
    private var read = Set<String>()
    private var known: [SeriesFilter: [String: [Snapshot]]] = [:]
    /// The baselines of every lineage, by lineage, once read.
    private var baselines: [SeriesFilter: [Snapshot]]?
    /// The default branch, once asked (each series of a check asks three times).
    private var defaultBranch: String??
    /// The first-parent lines walked so far, by the commit they start at.
    private var lines: [OID: FirstParentLine] = [:]

    /// For the lineages of these series: each commit is read for the fields they all share
    /// (one lineage's rows for one series, every series' for a check of every model).
    init(_ store: any Store, for series: [SeriesKey]) {
        self.store = store
        let lineages = series.map(\.lineage)
        func shared(_ field: KeyPath<SeriesFilter, String?>) -> String? {
            let values = Set(lineages.map { $0[keyPath: field] })
            return values.count == 1 ? values.first! : nil
        }
        filter = SeriesFilter(modelVersion: shared(\.modelVersion), datasetVersion: shared(\.datasetVersion),
                              promptVersion: shared(\.promptVersion), environment: shared(\.environment))
    }

    /// The snapshots of `series`' lineage measured at these commits, oldest first: what
    /// `Store.snapshots(atCommits:matching: series.lineage)` answers.
    func at(_ shas: [String], lineageOf series: SeriesKey) throws(StoreError) -> [Snapshot] {
        let lineage = series.lineage
        // A series outside the candidates' shared fields is asked of the store itself.
        guard filter.matches(series) else { return try store.snapshots(atCommits: shas, matching: lineage) }
        let missing = Array(Set(shas).subtracting(read))
        if !missing.isEmpty {
            read.formUnion(missing)
            for snapshot in try store.snapshots(atCommits: missing, matching: filter) {
                known[snapshot.series.lineage, default: [:]][snapshot.commitSha, default: []].append(snapshot)
            }
        }
        guard let measured = known[lineage] else { return [] }
        return Set(shas).flatMap { measured[$0] ?? [] }.sorted { $0.id < $1.id }
    }

    /// The baseline snapshots of `series`' lineage, as `Store.baselines(series.lineage)`
    /// answers: read once for every lineage the candidates share fields with.
    func baselines(lineageOf series: SeriesKey) throws(StoreError) -> [Snapshot] {
        let lineage = series.lineage
        guard filter.matches(series) else { return try store.baselines(lineage) }
        if baselines == nil { baselines = Dictionary(grouping: try store.baselines(filter), by: \.series.lineage) }
        return baselines?[lineage] ?? []
    }

    /// The first-parent line down from `start`, shared by every series that walks it.
    func line(from start: OID, in repository: Repository) throws(GitError) -> FirstParentLine {
        if let known = lines[start] { return known }
        let line = try FirstParentLine(repository, from: start)
        lines[start] = line
        return line
    }

    /// The workspace's default branch, asked of it once.
    func defaultBranch(_ ask: () throws(BenchError) -> String?) throws(BenchError) -> String? {
        if let defaultBranch { return defaultBranch }
        let found = try ask()
        defaultBranch = .some(found)
        return found
    }
}
