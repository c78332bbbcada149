import BenchCore
import Foundation

/// The parser one fuzzing run exercises, named by the `BENCH_FUZZ_TARGET` environment
/// variable: a result format (`bench-json`, `google-benchmark`, …, `auto`), `hook-stdin`
/// (the pre-push hook's input) or `bench-toml`. `make fuzz` runs each on its own corpus,
/// `Fuzz/corpus/<name>/`.
enum FuzzTarget: Sendable {
    case format(ResultFormat)
    case hookStdin
    case benchTOML

    /// Every target: each result format but `time` (which reads no output), and the two others.
    static let all: [FuzzTarget] = ResultFormat.allCases.filter { $0 != .time }.map(FuzzTarget.format) + [.hookStdin, .benchTOML]

    var name: String {
        switch self {
        case .format(let format): format.rawValue
        case .hookStdin: "hook-stdin"
        case .benchTOML: "bench-toml"
        }
    }

    /// The target named by `BENCH_FUZZ_TARGET`; the process stops with the list of names when
    /// it names none.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["BENCH_FUZZ_TARGET"] ?? ""
        guard let target = all.first(where: { $0.name == name }) else {
            FileHandle.standardError.write(Data("BENCH_FUZZ_TARGET must be one of: \(all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// Parses one input. Errors are the parsers' answer to bad input; what they return
    /// must keep the promises `Invariants` checks, else the run stops as on a crash.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .format(let format):
            if let results = try? format.parse(bytes, name: "fuzz") { Invariants.check(results) }
            if format == .benchJSON || format == .auto { Invariants.checkStreamed(bytes, detecting: format == .auto) }
        case .hookStdin:
            // As `bench hook pre-push` reads its standard input.
            Invariants.check(PushedRef.parse(String(decoding: bytes, as: UTF8.self)))
        case .benchTOML:
            // As `Workspace` reads bench.toml.
            if let config = try? BenchConfig.parse(String(decoding: bytes, as: UTF8.self)) { Invariants.check(config) }
        }
    }
}

/// libFuzzer's entry point: one input of the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's set-up, before any input: an unknown target stops here, not as a crash.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    _ = FuzzTarget.selected
    return 0
}
