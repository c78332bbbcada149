import BenchGit
/// What a CI system says about the run, read from its own variables.
public struct CIContext: Sendable, Equatable {
    /// `github-actions` or `gitlab-ci`: the environment results are recorded under.
    public var provider: String
    public var commitSha: String?
    /// The branch: a pull request's head branch, else the pushed branch.
    public var branch: String?
    public var runId: String?
    public var actor: String?
    public var repository: String?
    /// The run's page (where its artifacts are): GitHub's run URL, GitLab's pipeline URL.
    public var runURL: String?

    /// Reads GitHub Actions' or GitLab CI's variables; nil outside both.
    public static func detect(_ environment: [String: String]) -> CIContext? {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        if value("GITHUB_ACTIONS") == "true" || value("GITHUB_RUN_ID") != nil {
            return CIContext(provider: "github-actions", commitSha: value("GITHUB_SHA"),
                             branch: value("GITHUB_HEAD_REF") ?? value("GITHUB_REF_NAME"), runId: value("GITHUB_RUN_ID"),
                             actor: value("GITHUB_ACTOR"), repository: value("GITHUB_REPOSITORY"),
                             runURL: value("GITHUB_REPOSITORY").flatMap { repository in
                                 value("GITHUB_RUN_ID").map { "\(value("GITHUB_SERVER_URL") ?? "https://github.com")/\(repository)/actions/runs/\($0)" }
                             })
        }
        if value("GITLAB_CI") == "true" || value("CI_PIPELINE_ID") != nil {
            return CIContext(provider: "gitlab-ci", commitSha: value("CI_COMMIT_SHA"),
                             branch: value("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? value("CI_COMMIT_REF_NAME") ?? value("CI_COMMIT_BRANCH"),
                             runId: value("CI_PIPELINE_ID"), actor: value("GITLAB_USER_LOGIN"), repository: value("CI_PROJECT_PATH"),
                             runURL: value("CI_PIPELINE_URL"))
        }
        return nil
    }

    /// Fills what the user did not say on the command line from the CI's variables.
    public func apply(to options: RecordOptions) -> RecordOptions {
        var result = options
        result.environment = options.environment ?? provider
        result.commitRevision = options.commitRevision ?? commitSha
        result.branchName = options.branchName ?? branch
        result.runId = options.runId ?? runId
        result.triggeredBy = options.triggeredBy ?? actor
        if let repository, options.tags.isEmpty { result.tags = ["repo:\(repository)"] }
        return result
    }

    /// What `bench run --ci` runs: its options with the CI's commit, branch, run and actor;
    /// the CI's commit is run in a temporary tree unless it is the checked-out HEAD.
    public func apply(to options: RunOptions, session: Session) -> RunOptions {
        var result = options
        result.recording = apply(to: options.recording)
        result.recording.commitRevision = nil
        if result.at == nil, let commitSha, (try? session.workspace.resolve("HEAD").hex) != commitSha { result.at = commitSha }
        return result
    }

    /// The CI context, or bad input saying `--ci` needs one.
    public static func required(_ environment: [String: String]) throws(BenchError) -> CIContext {
        guard let context = detect(environment) else {
            throw BenchError(.badInput, "--ci: no CI variables found (GITHUB_ACTIONS or GITLAB_CI)",
                             hint: "use --ci inside GitHub Actions or GitLab CI, or pass --commit-sha, --branch-name and --environment")
        }
        return context
    }
}
