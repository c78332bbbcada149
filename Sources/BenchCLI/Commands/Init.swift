import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write bench.toml and create the store.",
            discussion: "An existing bench.toml is kept unless --force is given. The embedded store lives in <git common dir>/bench/bench.sqlite3, outside the work tree.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Overwrite an existing bench.toml with the template.")
        var force = false

        func run() throws {
            let outcome = try Initializer(global.session(readConfig: !force)).initialize(overwrite: force)
            Terminal.out(outcome.wroteConfig ? "wrote \(outcome.configPath)" : "kept \(outcome.configPath) (use --force to overwrite)")
            Terminal.out("store ready: \(outcome.store)")
        }
    }
}
