/// One `[[benchmark]]` entry of `bench.toml`: a command that measures something.
public struct BenchmarkSpec: Sendable, Equatable {
    /// The entry's name: the series name for `time` and criterion estimates, and how
    /// `bench run NAME` picks it.
    public var name: String
    /// A shell command; `{output}` is replaced by a file path it should write results to.
    public var command: String
    public var format: ResultFormat
    /// How many times to run it; every sample is kept, the median is the value.
    public var samples: Int
    /// Seconds before the command is stopped.
    public var timeout: Double
    /// Extra environment variables.
    public var env: [String: String]
    /// Where to run, relative to the repository root.
    public var workdir: String?

    public static let defaultTimeout: Double = 600

    public init(name: String, command: String, format: ResultFormat = .auto, samples: Int = 1,
                timeout: Double = defaultTimeout, env: [String: String] = [:], workdir: String? = nil) {
        self.name = name
        self.command = command
        self.format = format
        self.samples = samples
        self.timeout = timeout
        self.env = env
        self.workdir = workdir
    }

    /// Whether the command names a file for its results rather than printing them.
    public var writesOutputFile: Bool { command.contains("{output}") }
}
