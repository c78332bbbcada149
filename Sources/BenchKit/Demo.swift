import BenchCore
import Foundation

/// One step of `bench demo`: the command a user would type, and what it printed.
public struct DemoStep: Sendable {
    /// The command line, as a user would type it.
    public var command: String
    /// A line saying why this step, before its output.
    public var comment: String?
    /// Its standard error (progress) then its standard output.
    public var output: String
    public var exitStatus: Int32
}

/// What `bench demo` leaves behind.
public struct DemoStory: Sendable {
    /// The demo's repository (a clone of `remote`, with bench's hooks installed).
    public var repository: String
    /// The bare repository pushed to.
    public var remote: String
    /// The commit that made f1 drop, and its subject.
    public var culprit: (sha: String, subject: String)
}

/// `bench demo`: the gate's story in a throwaway repository. A small classifier whose
/// evaluation script prints bench-json; bench.toml runs it; bench's git hooks are
/// installed and `origin` is a bare repository beside it. Seven good commits are measured
/// and pushed; five more follow, the first of which makes f1 drop, and their push is
/// refused; `bench check` and `bench bisect` then name the culprit from stored results.
/// Every step runs the real `bench` and `git`, as a user would type them.
public struct Demo {
    /// The commits: subject, then the precision, recall, f1 and latency the evaluation
    /// prints at that commit.
    static let table = """
    Add baseline keyword classifier       | 0.80 | 0.76 | 0.780 | 140
    Lowercase input before matching       | 0.82 | 0.78 | 0.800 | 141
    Add negation handling                 | 0.84 | 0.80 | 0.820 | 146
    Weight title words twice              | 0.85 | 0.82 | 0.835 | 147
    Cache compiled patterns               | 0.85 | 0.82 | 0.835 | 118
    Add emoji sentiment lexicon           | 0.87 | 0.84 | 0.855 | 120
    Tune decision threshold to 0.42       | 0.89 | 0.86 | 0.875 | 121
    Switch tokenizer to whitespace split  | 0.82 | 0.78 | 0.800 | 96
    Document the scoring rules            | 0.82 | 0.78 | 0.800 | 97
    Add CLI flag for batch size           | 0.82 | 0.78 | 0.800 | 95
    Log misclassified examples            | 0.83 | 0.78 | 0.805 | 99
    Bump lexicon to v2                    | 0.83 | 0.79 | 0.810 | 98
    """

    static let steps: [(subject: String, precision: Double, recall: Double, f1: Double, latency: Int)] =
        table.split(separator: "\n").map { line in
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return (fields[0], Double(fields[1])!, Double(fields[2])!, Double(fields[3])!, Int(fields[4])!)
        }

    /// How many commits the demo makes.
    public static var commitCount: Int { steps.count }

    /// The 1-based position of the commit that makes f1 drop.
    public static let regressingStep = 8

    static let evalScript = """
    #!/bin/sh
    # The demo's evaluation: scores the classifier on the review set and prints bench-json.
    . ./classifier.conf
    cat <<JSON
    {
      "model_version": "classifier",
      "dataset_version": "reviews-v1",
      "prompt_version": "rules-v1",
      "model_provider": "local",
      "metrics": {
        "precision": $PRECISION,
        "recall": $RECALL,
        "f1": $F1,
        "latency_ms": {"value": $LATENCY, "unit": "ms"}
      }
    }
    JSON

    """

    static let config = """
    # The demo's benchmark: `bench run` (and the pre-push hook) runs it and records its output.
    [[benchmark]]
    name = "classifier"
    command = "sh eval.sh"
    format = "bench-json"

    """

    /// The directory holding the repository and its remote.
    public let directory: String
    var repository: String { directory + "/repo" }
    var remote: String { directory + "/origin.git" }
    /// The bench that runs each step: this one, by its absolute path.
    let bench: String
    /// Without a shared store's URL: the demo always uses its own embedded store.
    let environment: [String: String]

    /// Makes a new directory for the demo under `parent`.
    public init(under parent: String, environment: [String: String], bench: String = HookInstaller.currentExecutable) throws(BenchError) {
        directory = (parent as NSString).appendingPathComponent("bench-demo-\(UUID().uuidString.prefix(8).lowercased())")
        self.bench = bench
        var environment = environment
        environment["BENCH_DATABASE_URL"] = nil
        environment["BENCH_SKIP"] = nil
        self.environment = environment
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw BenchError(.environment, "cannot create \(directory): \(error.localizedDescription)",
                             hint: "pass --dir with a writable directory")
        }
    }

    /// Tells the story, handing each step to `show` as it ends.
    public func tell(_ show: (DemoStep) -> Void) throws(BenchError) -> DemoStory {
        try setUp(show)
        let pushed = Self.regressingStep - 1
        show(try commitAndMeasure(Self.steps[..<pushed], first: 0))
        show(try step("git push origin main", comment: "Push them: the pre-push hook checks what is pushed.",
                      ["git", "push", "origin", "main"]))
        show(try commitAndMeasure(Self.steps[pushed...], first: pushed))
        let refused = try step("git push origin main",
                               comment: "Push again: one of these commits made f1 drop, so the hook refuses the push.",
                               ["git", "push", "origin", "main"])
        show(refused)
        guard refused.exitStatus != 0 else {
            throw BenchError(.environment, "the demo's regressing push was not refused:\n\(refused.output)",
                             hint: "this is a bug in bench; please report it with this output")
        }
        show(try step("bench check --against origin/main",
                      comment: "The same verdict by hand, with its evidence (exit 1: a regression).",
                      [bench, "check", "--against", "origin/main"]))
        show(try step("bench bisect --good origin/main --bad HEAD --metric f1",
                      comment: "Which commit did it? Every commit is measured already, so nothing runs again.",
                      [bench, "bisect", "--good", "origin/main", "--bad", "HEAD", "--metric", "f1"]))
        let culprit = try git(["rev-parse", "HEAD~\(Self.commitCount - Self.regressingStep)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return DemoStory(repository: repository, remote: remote, culprit: (culprit, Self.steps[Self.regressingStep - 1].subject))
    }

    /// Removes the demo's directory.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A bare remote, a clone-like repository with its own git settings (the user's global
    /// hooks path, signing and identity stay out of it), bench.toml, the store and the hooks.
    private func setUp(_ show: (DemoStep) -> Void) throws(BenchError) {
        _ = try git(["init", "-q", "--bare", "-b", "main", remote], in: directory)
        _ = try git(["init", "-q", "-b", "main", repository], in: directory)
        for (key, value) in [("user.name", "Demo Developer"), ("user.email", "demo@example.com"),
                             ("commit.gpgsign", "false"), ("core.hooksPath", repository + "/.git/hooks")] {
            _ = try git(["config", key, value])
        }
        _ = try git(["remote", "add", "origin", remote])
        try write(Self.evalScript, "eval.sh")
        try write(Self.config, "bench.toml")
        let comment = "A repository with a bare remote, origin, and a benchmark in bench.toml:\n"
            + Self.config.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
        show(try step("bench init --yes", comment: comment, [bench, "init", "--yes"]))
    }

    /// Commits each step and measures it with `bench run`, one line per commit.
    private func commitAndMeasure(_ steps: ArraySlice<(subject: String, precision: Double, recall: Double, f1: Double, latency: Int)>,
                                  first: Int) throws(BenchError) -> DemoStep {
        let start = Date().addingTimeInterval(-Double(Self.commitCount - first) * 86_400)
        var lines: [String] = []
        for (offset, step) in steps.enumerated() {
            try write("PRECISION=\(step.precision)\nRECALL=\(step.recall)\nF1=\(step.f1)\nLATENCY=\(step.latency)\n", "classifier.conf")
            let when = Timestamp.format(start.addingTimeInterval(Double(offset) * 86_400))
            let dated = ["GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when]
            _ = try git(["add", "-A"])
            _ = try git(["commit", "-q", "-m", step.subject], extra: dated)
            _ = try ChildProcess.output([bench, "run"], in: repository, environment: environment)
            let sha = try git(["rev-parse", "--short=7", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
            lines.append(String(format: "%@  f1=%.3f  latency_ms=%-4d %@", sha, step.f1, step.latency, step.subject))
        }
        let count = steps.count
        return DemoStep(command: "git commit -am \"…\" && bench run",
                        comment: "\(count) commit(s), each measured and recorded by `bench run`:",
                        output: lines.joined(separator: "\n") + "\n", exitStatus: 0)
    }

    private func step(_ command: String, comment: String?, _ arguments: [String]) throws(BenchError) -> DemoStep {
        let outcome = try ChildProcess.run(arguments.map(ChildProcess.shellQuoted).joined(separator: " "), in: repository,
                                           environment: environment, timeout: 120)
        let status: Int32 = if case .exited(let code) = outcome.ending { code } else { 128 }
        return DemoStep(command: command, comment: comment, output: text(outcome), exitStatus: status)
    }

    /// Progress (stderr) first, then the result (stdout): the order a terminal shows them in.
    private func text(_ outcome: ChildOutcome) -> String {
        String(decoding: outcome.stderr, as: UTF8.self) + String(decoding: outcome.stdout, as: UTF8.self)
    }

    private func git(_ arguments: [String], in directory: String? = nil, extra: [String: String] = [:]) throws(BenchError) -> String {
        try ChildProcess.output(["git"] + arguments, in: directory ?? repository, environment: environment.merging(extra) { $1 })
    }

    private func write(_ text: String, _ name: String) throws(BenchError) {
        let file = repository + "/" + name
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw BenchError(.environment, "cannot write \(file)", hint: "pass --dir with a writable directory")
        }
    }
}
