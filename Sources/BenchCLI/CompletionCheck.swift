import Synchronization

/// ArgumentParser looks for `--generate-completion-script` in every command line by parsing
/// it twice more, as two commands of its own, and their first use scans every protocol
/// conformance of the static binary: about a millisecond and a half of each command's start
/// (a sixth of `bench current`'s time). It skips that look for a root command that names a
/// "super command" (a plugin's). bench names an empty one while it parses a command line
/// that holds no such flag, and never while help, a usage line or an error is written, so
/// nothing the user reads changes (`CompletionCheckTests`).
enum CompletionCheck {
    private static let skipped = Atomic<Bool>(false)

    /// Whether the root command names its empty super command now.
    static var isSkipped: Bool { skipped.load(ordering: .relaxed) }

    /// Runs `parse` with the look skipped, unless `arguments` ask for a completion script or
    /// a help dump (which the look, or the help it writes, must see as they are).
    static func skipping<T>(unlessIn arguments: [String], _ parse: () throws -> T) rethrows -> T {
        let asked = arguments.contains { $0.hasPrefix("--generate-completion-script") || $0.hasPrefix("--experimental-dump-help") }
        skipped.store(!asked, ordering: .relaxed)
        defer { skipped.store(false, ordering: .relaxed) }
        return try parse()
    }
}
