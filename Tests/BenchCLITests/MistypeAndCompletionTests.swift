import BenchTestSupport
import Foundation
import Testing

/// A CLI that feels like git: near misses named, series names completed, wide names aligned.
@Suite struct MistypeAndCompletionTests {
    @Test(arguments: [
        (["recrod", "results.json"], "'recrod' is not a bench command", "hint: did you mean 'record'? see 'bench --help'"),
        (["histroy", "clf"], "'histroy' is not a bench command", "did you mean 'history'?"),
        (["hooks", "instal"], "'instal' is not a bench hooks command", "did you mean 'install'? see 'bench hooks --help'"),
        (["frobnicate"], "'frobnicate' is not a bench command", "hint: see 'bench --help'"),
        (["record", "--inptu", "x"], "Unknown option '--inptu'. Did you mean '--input'?", "hint: see 'bench record --help'"),
    ])
    func mistypedCommandsAndOptionsAreNamed(arguments: [String], error: String, hint: String) throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        let result = try box.bench(arguments: arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: " + error), "\(result.stderr)")
        #expect(result.stderr.contains(hint), "\(result.stderr)")
        #expect(arguments[0] != "frobnicate" || !result.stderr.contains("did you mean"))
        #expect(try box.counts() == nil)
    }

    @Test func seriesNamesCompleteForHistoryCheckoutAndCompare() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        try box.record(f1: 0.9, model: "classifier")
        try box.record(f1: 0.9, model: "clustering")
        try box.record(f1: 0.9, model: "ranker")
        for command in ["history", "checkout", "compare"] {
            // What the generated bash, zsh and fish scripts run for the series argument.
            let result = try box.bench("---completion", command, "--", "positional@0", "0", "2", "cl")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.split(separator: "\n") == ["classifier", "clustering"], "\(command): \(result.stdout)")
        }
        let script = try box.bench("--generate-completion-script", "bash")
        #expect(script.stdout.contains("---completion history -- positional@0"))
    }

    @Test func tablesAlignWithWideCharacters() throws {
        let box = try Sandbox()
        try box.fixture.commit("first")
        try box.record(f1: 0.9, model: "模型-v1")
        try box.record(f1: 0.8, model: "model-v1")
        let table = try box.bench("current")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        // The ENV column starts at the same terminal column on every row: a CJK character takes two.
        let starts = lines.filter { $0.contains("local") || $0.contains("ENV") }.map { line -> Int in
            let prefix = line[..<(line.range(of: "local") ?? line.range(of: "ENV")!).lowerBound]
            return prefix.reduce(0) { $0 + ($1.unicodeScalars.first!.value >= 0x4E00 && $1.unicodeScalars.first!.value <= 0x9FFF ? 2 : 1) }
        }
        #expect(starts.count == 3 && Set(starts).count == 1, "\(table.stdout)")
    }
}
