import BenchCore
import Foundation

/// `bench demo`: a throwaway repository with a dozen commits of a small classifier whose
/// evaluation script prints bench-json; every commit is evaluated and recorded, and one of
/// them makes f1 drop.
public enum Demo {
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

    /// Builds the repository in a new directory under `parent`, records every commit, and
    /// returns the repository's path. `progress` hears one line per commit.
    public static func build(under parent: String, environment: [String: String],
                             progress: (String) -> Void) throws(BenchError) -> String {
        let path = (parent as NSString).appendingPathComponent("bench-demo-\(UUID().uuidString.prefix(8).lowercased())")
        do { try FileManager.default.createDirectory(atPath: path + "/dist", withIntermediateDirectories: true) } catch {
            throw BenchError(.environment, "cannot create \(path): \(error.localizedDescription)",
                             hint: "pass --dir with a writable directory")
        }
        var gitEnvironment = environment
        gitEnvironment["GIT_AUTHOR_NAME"] = "Demo Developer"
        gitEnvironment["GIT_AUTHOR_EMAIL"] = "demo@example.com"
        gitEnvironment["GIT_COMMITTER_NAME"] = "Demo Developer"
        gitEnvironment["GIT_COMMITTER_EMAIL"] = "demo@example.com"
        func git(_ arguments: String...) throws(BenchError) {
            _ = try ChildProcess.output(["git"] + arguments, in: path, environment: gitEnvironment)
        }
        try git("init", "-q", "-b", "main")
        try write(evalScript, to: path, "eval.sh")
        try write("dist/\n", to: path, ".gitignore")
        let start = Date().addingTimeInterval(-Double(steps.count) * 86_400)
        for (index, step) in steps.enumerated() {
            try write("PRECISION=\(step.precision)\nRECALL=\(step.recall)\nF1=\(step.f1)\nLATENCY=\(step.latency)\n",
                      to: path, "classifier.conf")
            let when = Timestamp.format(start.addingTimeInterval(Double(index) * 86_400))
            gitEnvironment["GIT_AUTHOR_DATE"] = when
            gitEnvironment["GIT_COMMITTER_DATE"] = when
            try git("add", "-A")
            try git("commit", "-q", "-m", step.subject)
            let output = try ChildProcess.output(["sh", "eval.sh"], in: path, environment: environment)
            let resultPath = (path as NSString).appendingPathComponent("dist/results.json")
            try write(output, to: path, "dist/results.json")
            let session = try Session(path: path, environment: environment)
            let outcome = try Recorder(session).record(
                input: resultPath, RecordOptions { ($0.environment, $0.triggeredBy, $0.tags) = ("local", "bench-demo", ["demo"]) })
            let snapshot = outcome.snapshots[0]
            progress(String(format: "  recorded %@  v%-2d f1=%.3f  %@", outcome.commit.short, snapshot.version, step.f1, step.subject))
        }
        return path
    }

    private static func write(_ text: String, to directory: String, _ name: String) throws(BenchError) {
        let file = (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8)) else {
            throw BenchError(.environment, "cannot write \(file)", hint: "pass --dir with a writable directory")
        }
    }
}
