import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write bench.toml with the benchmarks found in the project, and create the store.",
            discussion: """
            Looks for what bench can run and read: pytest-benchmark tests, go test -bench \
            packages, cargo bench targets, Google Benchmark and Catch2 executables in CMakeLists.txt, \
            hyperfine commands in scripts and Makefiles, and scripts that print bench-json. \
            Each is proposed as a [[benchmark]] entry, with a comment saying where it was \
            found. A new bench.toml gets them; an existing one is kept (unless --force) and \
            they are added to it when you agree. Then it offers to install the git hooks. \
            --yes agrees to everything; without a terminal it never asks, and only a new \
            bench.toml is written. The embedded store lives in <git common dir>/bench/bench.sqlite3.
            """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Overwrite an existing bench.toml with the template and what was found.")
        var force = false

        @Flag(name: [.short, .long], help: "Agree without asking: add what was found and install the hooks.")
        var yes = false

        func run() throws {
            let session = try global.session(readConfig: !force)
            let initializer = Initializer(session)
            let found = initializer.proposals()
            let existing = initializer.configExists && !force
            if !found.isEmpty {
                Terminal.out("Found \(found.count) benchmark(s) bench can run:")
                for benchmark in found {
                    Terminal.out("  \(benchmark.name)  (\(benchmark.format.rawValue))  \(benchmark.command)")
                    Terminal.out("      \(benchmark.reason)")
                }
            }
            var addToExisting = false
            if existing, !found.isEmpty {
                addToExisting = ask("Add them to \(session.configPath)?")
                if !addToExisting && !yes && !Self.interactive {
                    Terminal.out("bench.toml is kept as it is; `bench init --yes` adds them.")
                }
            }
            let outcome = try initializer.initialize(overwrite: force, benchmarks: found, addToExisting: addToExisting)
            if outcome.wroteConfig {
                Terminal.out("wrote \(outcome.configPath)" + (outcome.added.isEmpty ? "" : " with \(outcome.added.count) benchmark(s)"))
            } else if !outcome.added.isEmpty {
                Terminal.out("added \(outcome.added.count) benchmark(s) to \(outcome.configPath)")
            } else {
                Terminal.out("kept \(outcome.configPath) (use --force to overwrite)")
            }
            Terminal.out("store ready: \(outcome.store)")
            try offerHooks(session)
            try offerNotes(session)
        }

        /// CI's results travel as git notes (`bench tag --push`): fetch them with the code.
        private func offerNotes(_ session: Session) throws {
            let notes = NotesFetch(session)
            guard let remote = notes.remote(), !notes.isConfigured(remote) else { return }
            if ask("Fetch bench's git notes (CI's results) from \(remote) with every fetch?") {
                try notes.configure(remote)
                Terminal.out("\(remote) now fetches refs/notes/bench")
            } else {
                Terminal.out("next: `\(NotesFetch.command(remote))` brings CI's results with every fetch")
            }
        }

        private func offerHooks(_ session: Session) throws {
            let installer = HookInstaller(session)
            let installed = try installer.status().allSatisfy { $0.state == .bench || $0.state == .chained }
            guard !installed else { return }
            if ask("Install the git hooks (pre-push check, post-merge record, post-rewrite align)?") {
                for status in try installer.install() {
                    Terminal.out("installed \(status.hook.rawValue) in \(status.path)")
                }
            } else {
                Terminal.out("next: `bench hooks install` checks every push")
            }
        }

        /// Whether the user agrees: yes with --yes, no without a terminal, else asked (Enter is yes).
        private func ask(_ question: String) -> Bool {
            if yes { return true }
            guard Self.interactive else { return false }
            // Straight to the terminal: the lines before it ended in newlines, so none are held back.
            FileHandle.standardOutput.write(Data("\(question) [Y/n] ".utf8))
            guard let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
            return answer.isEmpty || answer == "y" || answer == "yes"
        }

        static var interactive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }
    }
}
