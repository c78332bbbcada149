/// The git hooks bench installs and runs.
public enum HookName: String, Sendable, CaseIterable {
    case prePush = "pre-push"
    case postMerge = "post-merge"
    case postRewrite = "post-rewrite"
}

/// The git hooks bench installs: short POSIX sh scripts that call `bench hook NAME`, so
/// users can read them and copy them into husky, lefthook or pre-commit setups. The
/// repository's `hooks/` folder holds the same text (a test keeps them equal).
public enum HookTemplates {

    /// The line every bench hook carries, by which bench knows its own.
    static let marker = "# Installed by `bench hooks install`; `bench hooks uninstall` removes it."

    /// The script for `name`, calling `bench` by default (the installer passes its own path).
    public static func script(_ hook: HookName, bench: String = "bench") -> String {
        let name = hook.rawValue
        let header: String
        let readsInput: Bool
        switch hook {
        case .prePush:
            header = """
            # bench: pre-push hook. Measures the pushed commits (or reuses their stored results),
            # compares them with the branch baseline, and stops a push that regresses.
            """
            readsInput = true
        case .postMerge:
            header = """
            # bench: post-merge hook. After `git merge` or `git pull`, measures the new HEAD and
            # records it as a new snapshot version of the current branch.
            """
            readsInput = false
        case .postRewrite:
            header = """
            # bench: post-rewrite hook. After a rebase or an amend, marks snapshots whose commits
            # left the branch inactive, so `bench current` follows the rewritten history.
            """
            readsInput = true
        }
        var lines = [
            "#!/bin/sh",
            header,
            marker,
            "# Skip it once: BENCH_SKIP=1 git \(name == "pre-push" ? "push" : "…")\(name == "pre-push" ? "   (or: git push --no-verify)" : "")",
            "[ -n \"$BENCH_SKIP\" ] && exit 0",
            "BENCH=\"${BENCH:-\(bench)}\"",
            "[ -x \"$BENCH\" ] || BENCH=bench",
        ]
        let onPath = "command -v \"$BENCH\" >/dev/null 2>&1 || { echo \"bench: not on PATH; the \(name) hook did nothing\" >&2; exit 0; }"
        // Without an earlier hook, bench takes git's input and the script's place (exec): no
        // copy of the input and no extra process, which is most of what a shell wrapper costs.
        if readsInput {
            lines += [
                "# A hook that was here before bench runs first, with the same input; its failure counts as before.",
                "if [ -x \"$0.bench-saved\" ]; then",
                "    input=$(cat)",
                "    printf '%s\\n' \"$input\" | \"$0.bench-saved\" \"$@\" || exit $?",
                "    " + onPath,
                "    printf '%s\\n' \"$input\" | \"$BENCH\" hook \(name) \"$@\"",
                "    exit",
                "fi",
            ]
        } else {
            lines += [
                "# A hook that was here before bench runs first; its failure counts as before.",
                "if [ -x \"$0.bench-saved\" ]; then",
                "    \"$0.bench-saved\" \"$@\" || exit $?",
                "fi",
            ]
        }
        lines += [onPath, "exec \"$BENCH\" hook \(name) \"$@\""]
        return lines.joined(separator: "\n") + "\n"
    }
}
