import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What `bench bisect` was asked.
public struct BisectOptions: Sendable, Configurable {
    /// A commit without the regression, and one with it.
    public var good = ""
    public var bad = ""
    /// The metric to follow (not with `run`).
    public var metric: String?
    /// Only this `[[benchmark]]` is run to measure a commit (all when nil).
    public var benchmark: String?
    /// The series' model, when the benchmarks record several.
    public var model: String?
    /// Samples per measurement (the benchmark's own setting when nil).
    public var samples: Int?
    /// When a verdict is inconclusive, measure again up to this many samples in all.
    public var maxSamples = 30
    /// Overrides the metric's threshold.
    public var threshold: Threshold?
    /// Walk the whole DAG instead of the first-parent line.
    public var allParents = false
    /// Reuse stored results of any testbed (by default only this machine's, and runs of
    /// unknown testbed: a result measured elsewhere is not comparable with one measured here).
    public var anyTestbed = false
    /// `git bisect run`'s protocol instead of a metric: exit 0 good, 1–127 bad (125 skip).
    public var run: String?
    /// Say what would be done, measure nothing.
    public var dryRun = false

    public init() {}
}

/// One step of a bisection, as it is reported while it runs.
public struct BisectStep: Sendable {
    public var commit: CommitSummary
    /// Measured now, or read from the store.
    public var reused: Bool
    public var value: Double?
    public var mark: BisectMark
    /// Commits still in question after this step.
    public var left: Int
    public var note: String?
}

/// The answer of a bisection.
public struct BisectResult: Sendable {
    public var good: CommitSummary
    public var bad: CommitSummary
    /// The first bad commit when it could be narrowed to one; else every candidate.
    public var culprits: [CommitSummary]
    public var found: Bool { culprits.count == 1 }
    /// The metric on the culprit's parent (the last good commit) and on the culprit.
    public var before: Double?
    public var after: Double?
    public var metric: String?
    public var unit: String?
    public var runs: Int
    public var reused: Int
    public var steps: [BisectStep]
    public var rangeSize: Int
}

/// The plan of a dry run.
public struct BisectPlan: Sendable {
    public var rangeSize: Int
    public var measured: Int
    public var maxRuns: Int
}

/// Finds the commit that introduced a regression: binary search over the first-parent line
/// from good to bad, reusing stored results, measuring missing commits in throwaway trees
/// (and recording them, so the next bisect runs nothing).
public struct Bisector {
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// The commits from good to bad, oldest first, good first. Good must be an ancestor of bad.
    func range(_ options: BisectOptions) throws(BenchError) -> [OID] {
        let repository = workspace.repository
        let good = try workspace.resolve(options.good), bad = try workspace.resolve(options.bad)
        var isAncestor = false
        if good != bad {
            do { isAncestor = try repository.isAncestor(good, of: bad) } catch { throw BenchError(error) }
        }
        guard isAncestor else {
            throw BenchError(.badInput, "\(options.good) (\(good.short)) is not an ancestor of \(options.bad) (\(bad.short))",
                             hint: "give an older good commit: --good must come before --bad in history")
        }
        do {
            let walk = try RevWalk(repository, firstParent: !options.allParents)
            try walk.push(bad)
            try walk.hide(good)
            return [good] + (try walk.collect()).reversed()
        } catch { throw BenchError(error) }
    }

    public func plan(_ options: BisectOptions) throws(BenchError) -> BisectPlan {
        let commits = try range(options)
        var measured = Set<Int>()
        if options.run == nil {
            for (index, oid) in commits.enumerated() where try stored(oid, options) != nil { measured.insert(index) }
        }
        // Stored commits cost nothing: the ends if missing, then about log2 of the open middle.
        let ends = [0, commits.count - 1].filter { !measured.contains($0) }.count
        let open = (1..<(commits.count - 1)).filter { !measured.contains($0) }.count
        return BisectPlan(rangeSize: commits.count, measured: measured.count, maxRuns: ends + BisectSearch.runs(open: open))
    }

    /// The stored value of the metric at a commit, in the series followed, if any.
    private func stored(_ oid: OID, _ options: BisectOptions) throws(BenchError) -> MetricValue? {
        guard let metric = options.metric else { return nil }
        let store = try session.readStore()
        let snapshots: [Snapshot]
        do { snapshots = try store.snapshots(atCommits: [oid.hex], matching: SeriesFilter(modelVersion: options.model)) } catch { throw BenchError(error) }
        let here = options.anyTestbed ? nil : try session.testbed().name
        return snapshots.last { $0.metrics[metric] != nil && Testbed.compatible($0.testbed, here) }?.metrics[metric]
    }

    public func bisect(_ options: BisectOptions, progress: (BisectStep) -> Void,
                       runProgress: @escaping (RunProgress) -> Void = { _ in }) throws(BenchError) -> BisectResult {
        let commits = try range(options)
        var search = BisectSearch(count: commits.count)
        var runs = 0, reused = 0
        var steps: [BisectStep] = []
        var values: [Int: MetricValue] = [:]
        func info(_ index: Int) throws(BenchError) -> CommitSummary { CommitSummary(try workspace.commit(commits[index])) }

        // Measures (or reads) the metric at a commit, with at least `samples` samples.
        func measure(_ index: Int, samples: Int?) throws(BenchError) -> (MetricValue, Bool) {
            if samples == nil, let value = try stored(commits[index], options) { reused += 1; return (value, true) }
            let names = options.benchmark.map { [$0] } ?? []
            let branch = try branchName(options)
            let outcome = try Runner(session).run(
                RunOptions {
                    ($0.names, $0.samples, $0.at) = (names, samples ?? options.samples, commits[index].hex)
                    ($0.recording.environment, $0.recording.branchName) = ("local", branch)
                },
                progress: runProgress)
            runs += 1
            let metric = options.metric!
            guard let result = outcome.results.first(where: { (options.model == nil || $0.modelVersion == options.model) && $0.metrics[metric] != nil }),
                  let value = result.metrics[metric] else {
                throw BenchError(.badInput, "the benchmarks measured no metric '\(metric)' at \(commits[index].short)",
                                 hint: "check --metric and --benchmark against bench.toml and `bench history`")
            }
            return (value, false)
        }

        // The verdict of a commit against the good end, sampling more while inconclusive.
        func judge(_ index: Int) throws(BenchError) -> (BisectMark, MetricValue?, Bool, String?) {
            if let command = options.run {
                runs += 1
                return try runCommand(command, at: commits[index])
            }
            let metric = options.metric!
            var value: MetricValue
            var wasReused: Bool
            do {
                (value, wasReused) = try measure(index, samples: nil)
            } catch where error.kind == .environment && index != 0 && index != commits.count - 1 {
                // A commit that cannot be measured (it does not build, the benchmark fails) is
                // skipped, as git bisect skip does.
                return (.skip, nil, false, "could not be measured: \(error.message.split(separator: "\n").first ?? "")")
            }
            let direction = workspace.config.direction(of: metric)
            let threshold = options.threshold ?? workspace.config.threshold(of: metric)
            var check = MetricCheck.evaluate(metric: metric, baseline: values[0]!, candidate: value, direction: direction, threshold: threshold)
            var gathered = value.samples ?? []
            while check.verdict == .inconclusive && gathered.count < options.maxSamples {
                let more = min(options.maxSamples - gathered.count, max(gathered.count, 2))
                let (extra, _) = try measure(index, samples: more)
                gathered += extra.samples ?? [extra.value]
                value = MetricValue(value: gathered.median ?? extra.value, unit: extra.unit, samples: gathered)
                wasReused = false
                check = MetricCheck.evaluate(metric: metric, baseline: values[0]!, candidate: value, direction: direction, threshold: threshold)
            }
            values[index] = value
            switch check.verdict {
            case .regressed: return (.bad, value, wasReused, nil)
            case .improved, .unchanged: return (.good, value, wasReused, nil)
            case .inconclusive:
                return (.skip, value, wasReused, "still inconclusive after \(gathered.count) samples (\(check.reason ?? "noise")); skipped")
            }
        }

        func record(_ index: Int, _ mark: BisectMark, _ value: MetricValue?, _ wasReused: Bool, _ note: String?) throws(BenchError) {
            search.mark(index, mark)
            let step = BisectStep(commit: try info(index), reused: wasReused, value: value?.value, mark: mark,
                                  left: search.candidates.count, note: note)
            steps.append(step)
            progress(step)
        }

        // The ends: good must measure better than bad, else there is nothing to find.
        if options.run == nil {
            guard options.metric != nil else { throw BenchError(.badInput, "give --metric, or --run CMD", hint: "e.g. --metric f1") }
            let (goodValue, goodReused) = try measure(0, samples: nil)
            values[0] = goodValue
            try record(0, .good, goodValue, goodReused, nil)
            let (badMark, badValue, badReused, _) = try judge(commits.count - 1)
            guard badMark == .bad else {
                throw BenchError(.badInput, "\(options.good) is not better than \(options.bad) on \(options.metric!) " +
                                 "(\(Figures.number(goodValue.value)) → \(Figures.number(badValue?.value ?? 0)))",
                                 hint: "check the metric's direction and threshold in bench.toml, or choose other ends")
            }
            try record(commits.count - 1, .bad, badValue, badReused, nil)
        }
        while let next = search.next {
            let (mark, value, wasReused, note) = try judge(next)
            try record(next, mark, value, wasReused, note)
        }
        let culprits = try search.culprits.map { index throws(BenchError) in try info(index) }
        let first = search.culprits.first
        return BisectResult(
            good: try info(0), bad: try info(commits.count - 1), culprits: culprits,
            before: values[search.window.good]?.value, after: first.flatMap { values[$0]?.value }, metric: options.metric,
            unit: values[0]?.unit, runs: runs, reused: reused, steps: steps, rangeSize: commits.count)
    }

    /// The branch measurements are recorded on: `--bad` when it names a branch, else the current one.
    private func branchName(_ options: BisectOptions) throws(BenchError) -> String {
        if (try? workspace.repository.branchTip(options.bad)) != nil { return options.bad }
        return try workspace.head().branchName
    }

    /// `git bisect run`'s protocol in a throwaway tree of the commit.
    private func runCommand(_ command: String, at oid: OID) throws(BenchError) -> (BisectMark, MetricValue?, Bool, String?) {
        let tree = try TemporaryTree(workspace.repository, commit: oid)
        let outcome = try ChildProcess.run(command, in: tree.path, environment: workspace.environment, timeout: 3600)
        switch outcome.ending {
        case .exited(0): return (.good, nil, false, nil)
        case .exited(125): return (.skip, nil, false, "exit 125: skipped")
        case .exited(let code) where code < 128: return (.bad, nil, false, nil)
        case .exited(let code):
            throw BenchError(.environment, "`\(command)` exited with \(code) at \(oid.short): bisect aborted (as git bisect run does for 128 and above)",
                             hint: "exit 0 for good, 1–127 for bad, 125 to skip")
        case .signalled(let signal):
            throw BenchError(.environment, "`\(command)` was killed by signal \(signal) at \(oid.short): bisect aborted", hint: "run it by hand")
        case .timedOut:
            throw BenchError(.environment, "`\(command)` ran for an hour at \(oid.short): bisect aborted", hint: "make it faster")
        }
    }
}
