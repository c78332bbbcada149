import Foundation

/// Runs the built `bench` executable, as a user would.
public enum BenchBinary {
    /// The executable: `BENCH_BIN` when set, else beside the test bundle in the build directory.
    public static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["BENCH_BIN"] { return explicit }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("bench").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/bench").path
    }()

    /// Runs `bench arguments…` in `directory` with a clean environment (no BENCH_DATABASE_URL
    /// leaking in from the caller).
    public static func run(_ arguments: [String], in directory: String, input: String? = nil,
                           environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        for key in ["BENCH_DATABASE_URL", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] + ciVariables { environment[key] = nil }
        environment["USER"] = "tester"
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run(path, arguments, in: directory, environment: environment, input: input)
    }

    /// What CI systems set: tests that play a CI job set them themselves, so the tests run
    /// the same on a laptop and on a CI runner.
    public static let ciVariables = ["CI", "GITHUB_ACTIONS", "GITHUB_RUN_ID", "GITHUB_SHA", "GITHUB_REF_NAME", "GITHUB_HEAD_REF",
                                     "GITHUB_ACTOR", "GITHUB_REPOSITORY", "GITHUB_STEP_SUMMARY", "GITLAB_CI", "CI_PIPELINE_ID",
                                     "CI_COMMIT_SHA", "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"]
}
