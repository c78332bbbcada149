import BenchCore
import BenchGit
import Foundation

/// What `bench run` was asked.
public struct RunOptions: Sendable, Configurable {
    /// Benchmarks to run, by name; all of `bench.toml` when empty.
    public var names: [String] = []
    /// Overrides every benchmark's `samples`.
    public var samples: Int?
    /// A revision to run at, in a temporary tree; HEAD's work tree when nil.
    public var at: String?
    /// Record the results (else measure and report only).
    public var record = true
    /// Where and as whom to record.
    public var recording = RecordOptions()
    /// When every benchmark must be done by (a hook's time limit); each benchmark's own
    /// timeout is cut short to it.
    public var deadline: Date?

    public init() {}
}

/// Progress of a run, for a terminal to show.
public enum RunProgress: Sendable {
    case preparing(commit: String, temporary: Bool)
    case sample(benchmark: String, index: Int, of: Int, warmUp: Bool)
    case finished(benchmark: String, seconds: Double)
}

/// What a run measured, and what it recorded.
public struct RunOutcome: Sendable {
    public var commit: CommitSummary
    public var results: [BenchResult]
    /// Empty with `record` off.
    public var snapshots: [Snapshot]
    public var warnings: [String]
    /// The alerts the recorded results opened or resolved.
    public var alerts: [AlertEvent] = []
}

/// Runs the `[[benchmark]]` commands of `bench.toml` at a commit, parses what they write,
/// and records the results (every sample kept, the median as the value).
public struct Runner {
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// The benchmarks `names` picks (all when empty); unknown names are bad input.
    public func benchmarks(named names: [String]) throws(BenchError) -> [BenchmarkSpec] {
        let all = workspace.config.benchmarks
        guard !all.isEmpty else {
            throw BenchError(.badInput, "\(workspace.configPath) has no [[benchmark]] entries",
                             hint: "add one: [[benchmark]] name = \"classifier\" command = \"python3 eval.py --out {output}\"")
        }
        guard !names.isEmpty else { return all }
        return try names.map { name throws(BenchError) in
            guard let spec = all.first(where: { $0.name == name }) else {
                throw BenchError(.badInput, "no benchmark named '\(name)' in bench.toml",
                                 hint: "known: " + all.map(\.name).joined(separator: ", "))
            }
            return spec
        }
    }

    /// Measures every chosen benchmark at the commit, then records them all in one
    /// transaction. Any failure records nothing.
    public func run(_ options: RunOptions, progress: (RunProgress) -> Void = { _ in }) throws(BenchError) -> RunOutcome {
        if let samples = options.samples, samples < 1 { throw BenchError(.badInput, "--samples must be 1 or more", hint: "e.g. --samples 5") }
        let specs = try benchmarks(named: options.names)
        let commit = try workspace.commit(at: options.at)
        let oid = commit.oid

        // --at runs in a throwaway copy of the commit's tree; else in the work tree as it is.
        var tree: TemporaryTree?
        let root: String
        if options.at != nil {
            progress(.preparing(commit: commit.oid.short, temporary: true))
            tree = try TemporaryTree(workspace.repository, commit: oid)
            root = tree!.path
        } else {
            guard let workdir = workspace.repository.workdir else {
                throw BenchError(.badInput, "a bare repository has no work tree to run in", hint: "pass --at REV")
            }
            root = workdir
        }
        defer { withExtendedLifetime(tree) {} }

        var results: [BenchResult] = []
        for spec in specs {
            let started = Date()
            var limited = spec
            if let deadline = options.deadline {
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else {
                    throw BenchError(.environment, "out of time before benchmark '\(spec.name)'",
                                     hint: "raise [hooks] timeout in bench.toml, or make the benchmarks faster")
                }
                limited.timeout = min(spec.timeout, remaining)
            }
            results += try measure(limited, samples: options.samples ?? spec.samples, root: root, progress: progress)
            progress(.finished(benchmark: spec.name, seconds: Date().timeIntervalSince(started)))
        }
        guard options.record else { return RunOutcome(commit: CommitSummary(commit), results: results, snapshots: [], warnings: []) }
        var recording = options.recording
        recording.commitRevision = oid.hex
        recording.fromWorkTree = options.at == nil
        let outcome = try Recorder(session).record(results, recording)
        return RunOutcome(commit: CommitSummary(commit), results: results, snapshots: outcome.snapshots, warnings: outcome.warnings,
                          alerts: outcome.alerts)
    }

    /// Runs one benchmark `samples` times (plus a warm-up for `time`) and gathers its results.
    func measure(_ spec: BenchmarkSpec, samples: Int, root: String, progress: (RunProgress) -> Void) throws(BenchError) -> [BenchResult] {
        let directory = spec.workdir.map { (root as NSString).appendingPathComponent($0) } ?? root
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BenchError(.badInput, "benchmark '\(spec.name)': workdir \(spec.workdir ?? "") does not exist at this commit",
                             hint: "check [[benchmark]] workdir in bench.toml")
        }
        var environment = workspace.environment
        for (key, value) in spec.env { environment[key] = value }
        var accumulator = MetricAccumulator()
        let warmUps = spec.format == .time ? 1 : 0
        for index in 0..<(warmUps + samples) {
            let warmUp = index < warmUps
            progress(.sample(benchmark: spec.name, index: index - warmUps + 1, of: samples, warmUp: warmUp))
            let sample = try runOnce(spec, in: directory, environment: environment)
            if !warmUp { accumulator.add(sample) }
        }
        return accumulator.results
    }

    private func runOnce(_ spec: BenchmarkSpec, in directory: String, environment: [String: String]) throws(BenchError) -> [BenchResult] {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let command = spec.command.replacingOccurrences(of: "{output}", with: ChildProcess.shellQuoted(outputPath))
        let outcome = try ChildProcess.run(command, in: directory, environment: environment, timeout: spec.timeout)
        let tail = outcome.stderrTail()
        let detail = tail.isEmpty ? "" : "; its last lines of stderr:\n" + tail
        switch outcome.ending {
        case .exited(0): break
        case .exited(let code):
            throw BenchError(.environment, "benchmark '\(spec.name)' failed: exit status \(code)\(detail)",
                             hint: "run `\(spec.command)` by hand to see what went wrong; nothing was recorded")
        case .signalled(let signal):
            throw BenchError(.environment, "benchmark '\(spec.name)' was killed by signal \(signal)\(detail)",
                             hint: "run `\(spec.command)` by hand; nothing was recorded")
        case .timedOut:
            throw BenchError(.environment, "benchmark '\(spec.name)' timed out after \(TimeoutParser.describe(spec.timeout))\(detail)",
                             hint: "raise timeout in its [[benchmark]] entry, or make it faster; nothing was recorded")
        }
        if spec.format == .time {
            return [BenchResult(modelVersion: spec.name, metrics: [
                NamedMetric(name: "wall_time", metric: MetricValue(value: outcome.wallSeconds, unit: "s")),
                NamedMetric(name: "peak_memory", metric: MetricValue(value: outcome.peakMemoryBytes, unit: "B")),
            ])]
        }
        let bytes: [UInt8]
        let source: String
        if spec.writesOutputFile {
            bytes = (try? InputReader.read(outputPath)) ?? []
            source = "the file it wrote to {output}"
        } else {
            bytes = outcome.stdout
            source = "its standard output"
        }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw BenchError(.environment, "benchmark '\(spec.name)' printed nothing usable: \(source) is empty\(detail)",
                             hint: spec.writesOutputFile ? "make the command write its results to the {output} path"
                                 : "make the command print its results, or write them to {output}")
        }
        guard bytes.count <= InputReader.maxBytes else {
            throw BenchError(.environment, "benchmark '\(spec.name)' wrote more than 64 MiB of results", hint: "write less output")
        }
        do {
            return try spec.format.parse(bytes, name: spec.name)
        } catch {
            var located = error
            located.file = "benchmark '\(spec.name)' (\(source))"
            throw BenchError(.environment, located.description,
                             hint: located.hint ?? "check the command's output and the format in bench.toml (see `bench formats`)")
        }
    }
}
