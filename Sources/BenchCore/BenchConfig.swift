import TOMLKit

/// What `bench.toml` says of one metric.
public struct MetricRule: Sendable, Equatable {
    public var direction: Direction?
    public var threshold: Threshold?
    /// The verdict model's settings this table gives (`model`, `window`, `min-runs`, …).
    public var model = VerdictModel.Settings()

    public init(direction: Direction? = nil, threshold: Threshold? = nil) {
        self.direction = direction
        self.threshold = threshold
    }
}

/// `[hooks]` of `bench.toml`: what the git hooks do.
public struct HooksConfig: Sendable, Equatable {
    public enum PrePush: String, Sendable, CaseIterable { case block, warn, off }
    public enum PostMerge: String, Sendable, CaseIterable { case record, off }
    public enum OnError: String, Sendable, CaseIterable { case allow, block }

    public var prePush: PrePush = .block
    public var postMerge: PostMerge = .record
    /// What a broken store or a failing benchmark does to a push.
    public var onError: OnError = .allow
    /// Seconds a hook may spend measuring before it gives up (and follows `on-error`).
    public var timeout: Double = 900
    /// How many more times a regressing or inconclusive benchmark is measured before the
    /// pre-push hook decides (0: never).
    public var rerun = 2
    /// Whether the pre-push hook's check may compare results of different testbeds
    /// (`any-testbed`; `bench check --any-testbed`).
    public var anyTestbed = false

    public init() {}
}

/// The parsed `bench.toml`. Tables that later features read (`[[benchmark]]`, `[hooks]`)
/// are left to them; this holds what every command needs.
public struct BenchConfig: Sendable, Equatable {
    /// `[store] url`: `sqlite`, a SQLite file path, or a `postgres://` URL.
    public var storeURL: String?
    /// `[git] default-branch`: the branch others start from (else `main` or `master`).
    public var defaultBranch: String?
    /// `[metrics]`: direction and threshold per metric name.
    public var metrics: [String: MetricRule]
    /// `[[benchmark]]`: the commands `bench run` measures, in file order.
    public var benchmarks: [BenchmarkSpec] = []
    /// `[hooks]`.
    public var hooks = HooksConfig()
    /// `[series."MODEL".metrics]`: rules of one series' metrics, over `[metrics]`.
    public var series: [String: [String: MetricRule]] = [:]
    /// `[testbed]`: the name and toolchain of this machine's testbed.
    public var testbed = TestbedConfig()
    /// `[[notify]]`: where alert notifications go, in file order.
    public var notify: [NotifyChannel] = []
    /// `[dashboard]`: where the team's dashboard is, for links in notifications.
    public var dashboard = DashboardConfig()
    /// `[retention]`: what `bench prune` keeps.
    public var retention = RetentionConfig()

    public init(storeURL: String? = nil, defaultBranch: String? = nil, metrics: [String: MetricRule] = [:]) {
        self.storeURL = storeURL
        self.defaultBranch = defaultBranch
        self.metrics = metrics
    }

    /// The direction of a metric: `bench.toml` first, then the default by name.
    public func direction(of metric: String) -> Direction {
        metrics[metric]?.direction ?? Direction.default(forMetric: metric)
    }

    /// The threshold of a metric: `bench.toml` first, then the seeds' 5%.
    public func threshold(of metric: String) -> Threshold {
        metrics[metric]?.threshold ?? .default
    }

    /// The verdict model of a metric of a series (by its model_version): the defaults, then
    /// `[metrics]`, then `[series."MODEL".metrics]`.
    public func verdictModel(of metric: String, series model: String) -> VerdictModel {
        var result = VerdictModel()
        if let rule = metrics[metric] { result = result.overridden(by: rule.model) }
        if let rule = series[model]?[metric] { result = result.overridden(by: rule.model) }
        return result
    }

    /// The threshold of a metric of a series: `[series."MODEL".metrics]` over `[metrics]`.
    public func threshold(of metric: String, series model: String) -> Threshold {
        series[model]?[metric]?.threshold ?? threshold(of: metric)
    }

    /// Parses the text of a `bench.toml`; throws `FormatError` naming the line and field.
    public static func parse(_ text: String, file: String = "bench.toml") throws(FormatError) -> BenchConfig {
        if let problem = TOMLPrecheck.firstProblem(in: text) {
            throw FormatError(file: file, line: problem.line, column: problem.column, message: problem.message, hint: problem.hint)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw FormatError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                              message: error.description, hint: "fix the TOML syntax at that line")
        } catch {
            throw FormatError(file: file, message: "\(error)", hint: "fix the TOML syntax")
        }
        var config = BenchConfig()
        if let store = table["store"] {
            guard let storeTable = store.table else { throw FormatError(file: file, field: "store", message: "expected a table") }
            if let url = storeTable["url"] {
                guard let text = url.string, !text.isEmpty else {
                    throw FormatError(file: file, field: "store.url", message: "expected a non-empty string",
                                      hint: "use \"sqlite\", a file path, or a postgres:// URL")
                }
                config.storeURL = text
            }
        }
        if let git = table["git"]?.table, let branch = git["default-branch"] {
            guard let text = branch.string, !text.isEmpty else {
                throw FormatError(file: file, field: "git.default-branch", message: "expected a branch name")
            }
            config.defaultBranch = text
        }
        if let metrics = table["metrics"] {
            guard let metricsTable = metrics.table else {
                throw FormatError(file: file, field: "metrics", message: "expected a table of metric names")
            }
            for (name, value) in metricsTable {
                config.metrics[name] = try rule(value, field: "metrics.\(name)", file: file)
            }
        }
        if let series = table["series"] {
            config.series = try seriesRules(series, file: file)
        }
        if let hooks = table["hooks"] {
            guard let hooksTable = hooks.table else { throw FormatError(file: file, field: "hooks", message: "expected a table") }
            func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(FormatError) -> T? where T.RawValue == String {
                guard let value = hooksTable[key] else { return nil }
                guard let text = value.string, let parsed = T(rawValue: text) else {
                    throw FormatError(file: file, field: "hooks.\(key)",
                                      message: "expected one of: " + T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                }
                return parsed
            }
            config.hooks.prePush = try choice("pre-push", HooksConfig.PrePush.self) ?? .block
            config.hooks.postMerge = try choice("post-merge", HooksConfig.PostMerge.self) ?? .record
            config.hooks.onError = try choice("on-error", HooksConfig.OnError.self) ?? .allow
            if let rerun = hooksTable["rerun"] {
                guard let count = rerun.int, (0...100).contains(count) else {
                    throw FormatError(file: file, field: "hooks.rerun", message: "expected a whole number from 0 to 100")
                }
                config.hooks.rerun = count
            }
            if let any = hooksTable["any-testbed"] {
                guard let flag = any.bool else { throw FormatError(file: file, field: "hooks.any-testbed", message: "expected true or false") }
                config.hooks.anyTestbed = flag
            }
            if let timeout = hooksTable["timeout"] {
                guard let seconds = timeout.string.flatMap(TimeoutParser.seconds) else {
                    throw FormatError(file: file, field: "hooks.timeout", message: "expected a duration such as \"30s\", \"10m\" or \"1h\", at most a year")
                }
                config.hooks.timeout = seconds
            }
        }
        if let testbed = table["testbed"] {
            config.testbed = try TestbedConfig.parse(testbed, file: file)
        }
        if let notify = table["notify"] {
            config.notify = try NotifyChannel.parseAll(notify, file: file)
        }
        if let dashboard = table["dashboard"] {
            config.dashboard = try DashboardConfig.parse(dashboard, file: file)
        }
        if let retention = table["retention"] {
            config.retention = try RetentionConfig.parse(retention, file: file)
        }
        if let benchmarks = table["benchmark"] {
            guard let array = benchmarks.array else {
                throw FormatError(file: file, field: "benchmark", message: "expected an array of tables",
                                  hint: "write each entry as [[benchmark]] with name and command")
            }
            for (index, entry) in array.enumerated() {
                let spec = try benchmark(entry, field: "benchmark[\(index)]", file: file)
                if config.benchmarks.contains(where: { $0.name == spec.name }) {
                    throw FormatError(file: file, field: "benchmark[\(index)].name", message: "'\(spec.name)' is used twice",
                                      hint: "give every [[benchmark]] its own name")
                }
                config.benchmarks.append(spec)
            }
        }
        return config
    }

    private static func benchmark(_ value: TOMLValueConvertible, field: String, file: String) throws(FormatError) -> BenchmarkSpec {
        guard let table = value.table else { throw FormatError(file: file, field: field, message: "expected a table") }
        func string(_ key: String, hint: String) throws(FormatError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string, !text.isEmpty else {
                throw FormatError(file: file, field: "\(field).\(key)", message: "expected a non-empty string", hint: hint)
            }
            return text
        }
        guard let name = try string("name", hint: "name the benchmark, e.g. name = \"classifier\"") else {
            throw FormatError(file: file, field: field + ".name", message: "is missing", hint: "name the benchmark, e.g. name = \"classifier\"")
        }
        do { try Names.validate(name, field: field + ".name") } catch { throw error.inFile(file) }
        guard let command = try string("command", hint: "give the shell command that runs it") else {
            throw FormatError(file: file, field: field + ".command", message: "is missing",
                              hint: "give the shell command, e.g. command = \"python3 eval.py --out {output}\"")
        }
        var spec = BenchmarkSpec(name: name, command: command)
        if let format = try string("format", hint: "see `bench formats`") {
            guard let parsed = ResultFormat(rawValue: format) else {
                throw FormatError(file: file, field: field + ".format", message: "unknown format '\(format)'",
                                  hint: Suggestion.didYouMean(format, among: ResultFormat.allCases.map(\.rawValue))
                                    + "use one of: " + ResultFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            spec.format = parsed
        }
        if let samples = table["samples"] {
            guard let count = samples.int, count >= 1, count <= 10_000 else {
                throw FormatError(file: file, field: field + ".samples", message: "expected a whole number from 1 to 10000")
            }
            spec.samples = count
        }
        if let timeout = table["timeout"] {
            guard let seconds = timeout.string.flatMap(TimeoutParser.seconds) ?? timeout.int.flatMap({ TimeoutParser.accepted(Double($0)) }) else {
                throw FormatError(file: file, field: field + ".timeout", message: "expected a duration such as \"30s\", \"10m\" or \"1h\", at most a year")
            }
            spec.timeout = seconds
        }
        if let env = table["env"] {
            guard let envTable = env.table else {
                throw FormatError(file: file, field: field + ".env", message: "expected a table of strings", hint: "env = { SEED = \"42\" }")
            }
            for (key, value) in envTable {
                guard let text = value.string else {
                    throw FormatError(file: file, field: "\(field).env.\(key)", message: "expected a string", hint: "quote the value")
                }
                spec.env[key] = text
            }
        }
        spec.workdir = try string("workdir", hint: "a directory relative to the repository root")
        if let workdir = spec.workdir, workdir.hasPrefix("/") || workdir.split(separator: "/").contains("..") {
            throw FormatError(file: file, field: field + ".workdir", message: "must stay inside the repository",
                              hint: "use a relative path such as \"benchmarks\"")
        }
        return spec
    }

    private static func rule(_ value: TOMLValueConvertible, field: String, file: String) throws(FormatError) -> MetricRule {
        guard let table = value.table else {
            throw FormatError(file: file, field: field, message: "expected a table",
                              hint: "write it as { direction = \"higher\", threshold = \"5%\" }")
        }
        var rule = MetricRule()
        if let direction = table["direction"] {
            guard let text = direction.string, let parsed = Direction(rawValue: text) else {
                throw FormatError(file: file, field: field + ".direction", message: "expected \"higher\" or \"lower\"")
            }
            rule.direction = parsed
        }
        if let threshold = table["threshold"] {
            let parsed = threshold.string.flatMap(Threshold.parse) ?? threshold.double.map { Threshold(fraction: $0) }
                ?? threshold.int.map { Threshold(fraction: Double($0)) }
            guard let parsed, parsed.fraction.isFinite, parsed.fraction >= 0 else {
                throw FormatError(file: file, field: field + ".threshold", message: "expected a percentage such as \"5%\"")
            }
            rule.threshold = parsed
        }
        rule.model = try modelSettings(table, field: field, file: file)
        return rule
    }

    /// `[series."MODEL".metrics]` tables.
    private static func seriesRules(_ value: TOMLValueConvertible, file: String) throws(FormatError) -> [String: [String: MetricRule]] {
        guard let table = value.table else {
            throw FormatError(file: file, field: "series", message: "expected a table of series",
                              hint: "write [series.\"MODEL\".metrics] followed by metric rules")
        }
        var result: [String: [String: MetricRule]] = [:]
        for (model, entry) in table {
            guard let metrics = entry.table?["metrics"]?.table else {
                throw FormatError(file: file, field: "series.\(model)", message: "expected a metrics table",
                                  hint: "write [series.\"\(model)\".metrics] followed by metric rules")
            }
            for (name, rule) in metrics {
                result[model, default: [:]][name] = try self.rule(rule, field: "series.\(model).metrics.\(name)", file: file)
            }
        }
        return result
    }

    /// The `bench.toml` that `bench init` writes: the store, the seeds' metrics and hooks,
    /// and a commented, working example of every other table (`uncommentedTemplate` is it
    /// with the examples switched on, and parses).
    public static let template = """
    # bench configuration; the README's Configuration section lists every key.
    # Lines starting with "# " are examples: remove the "# " to use them.

    [store]
    url = "sqlite"                       # embedded store in .git/bench; or "postgres://…" (BENCH_DATABASE_URL wins)

    # [git]
    # default-branch = "main"            # the branch others start from and are checked against

    [metrics]
    f1 = { direction = "higher", threshold = "5%" }
    precision = { direction = "higher", threshold = "5%" }
    recall = { direction = "higher", threshold = "5%" }
    latency_ms = { direction = "lower", threshold = "10%" }
    # time = { direction = "lower", threshold = "5%", model = "t-test", window = 30, min-runs = 10 }

    # [series."BM_Sort/1024".metrics]    # one series' own rules, over [metrics]
    # real_time = { model = "static", upper = 1200 }

    # [[benchmark]]                      # `bench run` runs each and records the results
    # name = "unit-benchmarks"
    # command = "go test -run='^$' -bench=. -benchmem -count=5"
    # format = "auto"                    # found from the output; see `bench formats`
    # samples = 1
    # timeout = "10m"

    # [[benchmark]]
    # name = "startup"
    # command = "./build/app --version"
    # format = "time"                    # bench times the command: wall_time and peak_memory

    [hooks]
    pre-push = "block"                   # block | warn | off
    post-merge = "record"                # record | off
    on-error = "allow"                   # the check cannot run (store or benchmark broken): warn and push (allow) or stop (block)
    timeout = "15m"                      # a hook gives up after this long, then follows on-error

    # [[notify]]                         # alert notifications: slack, discord, teams, webhook or email
    # type = "slack"
    # url-env = "SLACK_WEBHOOK_URL"      # the variable holding the webhook URL: secrets stay out of this file
    # on = ["opened", "resolved"]        # default: openings only

    """

    /// The template with every example switched on: what a user gets by removing the `# `.
    public static var uncommentedTemplate: String {
        template.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("# [") || (line.hasPrefix("# ") && line.dropFirst(2).first.map { $0.isLetter } == true && line.contains(" = "))
                ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
    }
}
