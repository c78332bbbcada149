import BenchCore
import BenchStore
import Foundation

/// Reads this machine's fingerprint: /proc/cpuinfo, /proc/meminfo, uname and
/// /etc/os-release (`Fingerprint.parse` makes sense of them).
enum TestbedProbe {
    static func fingerprint(toolchain: String?) -> Fingerprint {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        func read(_ path: String) -> String {
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        var print = Fingerprint.parse(cpuinfo: read("/proc/cpuinfo"), meminfo: read("/proc/meminfo"),
                                      osRelease: read("/etc/os-release"), kernel: field(names.release),
                                      architecture: field(names.machine), toolchain: toolchain)
        if print.cores == 0 { print.cores = ProcessInfo.processInfo.activeProcessorCount }
        if print.memoryBytes == 0 { print.memoryBytes = Int64(clamping: ProcessInfo.processInfo.physicalMemory) }
        return print
    }
}

extension Session {
    /// The testbed this machine records on: `BENCH_TESTBED`, else `[testbed] name`, else the
    /// name made from its fingerprint (with `[testbed] toolchain`). Probed once per session:
    /// a check that re-measures records several times, each on the same machine.
    /// A `BENCH_TESTBED` that is not a valid name is bad input.
    public func testbed() throws(BenchError) -> Testbed {
        if let probedTestbed { return probedTestbed }
        let found = try probeTestbed()
        probedTestbed = found
        return found
    }

    private func probeTestbed() throws(BenchError) -> Testbed {
        let fingerprint = TestbedProbe.fingerprint(toolchain: config.testbed.toolchain)
        if let given = environment["BENCH_TESTBED"], !given.isEmpty {
            do { try Names.validate(given, field: "BENCH_TESTBED") } catch {
                throw BenchError(.badInput, error.description, hint: "set BENCH_TESTBED to a short name such as ci-large, or unset it")
            }
            return Testbed(name: given, fingerprint: fingerprint)
        }
        return Testbed(name: config.testbed.name ?? fingerprint.name, fingerprint: fingerprint)
    }

    /// Every testbed runs were recorded on, the newest first (`bench testbeds`).
    public func testbeds() throws(BenchError) -> [TestbedUsage] {
        let store = try readStore()
        do { return try store.testbeds() } catch { throw BenchError(error) }
    }
}
