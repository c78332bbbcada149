import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that this repository is set up for bench, with the fix for each problem.",
            discussion: """
            bench.toml parses; the store opens and its schema is current (a shared store: its \
            roles exist and the outbox is empty); the hooks are installed where git looks, call \
            this bench and are not shadowed by core.hooksPath; each [[benchmark]]'s program is \
            found; the default branch is known; the remote's git notes are fetched. Writes \
            nothing. Exit 0 when every check passes, 1 otherwise.
            """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let checks = BenchKit.Doctor(path: global.repo ?? FileManager.default.currentDirectoryPath, database: global.database,
                                         environment: ProcessInfo.processInfo.environment).examine()
            let failed = checks.filter { $0.state == .failed }.count
            if output.json {
                JSONOutput.print(DoctorJSON(ok: failed == 0, checks: checks))
            } else {
                let width = checks.map(\.name.count).max() ?? 0
                for check in checks {
                    let mark = switch check.state { case .ok: "✓"; case .failed: "✗"; case .skipped: "–" }
                    Terminal.out("\(mark) \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)")
                    if let fix = check.fix, check.state != .ok {
                        Terminal.out("  \(String(repeating: " ", count: width))  fix: \(fix)")
                    }
                }
                Terminal.out(failed == 0 ? "\nAll good." : "\n\(failed) problem(s) found.")
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

/// `bench doctor --json`.
struct DoctorJSON: Encodable {
    var ok: Bool
    var checks: [DoctorCheck]
}
