import TOMLKit

/// `[testbed]` of `bench.toml`: what this machine's results are recorded as.
public struct TestbedConfig: Sendable, Equatable {
    /// `name`: the testbed's name instead of the one made from the fingerprint (for a pool of
    /// like machines, e.g. "ci-large"). `BENCH_TESTBED` wins over it.
    public var name: String?
    /// `toolchain`: a string that belongs to the fingerprint (e.g. "swift 6.0.3"): a new
    /// toolchain makes a new testbed.
    public var toolchain: String?

    public init(name: String? = nil, toolchain: String? = nil) {
        self.name = name
        self.toolchain = toolchain
    }

    static func parse(_ value: TOMLValueConvertible, file: String) throws(FormatError) -> TestbedConfig {
        guard let table = value.table else {
            throw FormatError(file: file, field: "testbed", message: "expected a table", hint: "write [testbed] followed by name = \"…\"")
        }
        var config = TestbedConfig()
        for (key, value) in table {
            guard key == "name" || key == "toolchain" else {
                throw FormatError(file: file, field: "testbed.\(key)", message: "unknown key", hint: "[testbed] takes name and toolchain")
            }
            guard let text = value.string else {
                throw FormatError(file: file, field: "testbed.\(key)", message: "expected a string", hint: "quote the value")
            }
            do { try Names.validate(text, field: "testbed.\(key)") } catch { throw error.inFile(file) }
            if key == "name" { config.name = text } else { config.toolchain = text }
        }
        return config
    }
}
