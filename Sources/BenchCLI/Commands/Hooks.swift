import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install, remove or show bench's git hooks (pre-push, post-merge, post-rewrite).",
            discussion: """
            pre-push measures the pushed commits and stops a regressing push ([hooks] pre-push =
            block | warn | off); post-merge records the merged HEAD; post-rewrite realigns snapshots
            after a rebase or amend. Hooks go where git looks for them (core.hooksPath, else
            .git/hooks, shared by linked worktrees). A hook already there is kept and runs first;
            uninstall puts it back as it was. Skip once: BENCH_SKIP=1 git push.
            """,
            subcommands: [Install.self, Uninstall.self, Status.self, Template.self], defaultSubcommand: Status.self)

        static func show(_ statuses: [HookStatus]) {
            var table = Table("HOOK", "STATE", "PATH")
            for status in statuses {
                let state: String = switch status.state {
                case .none: "not installed"
                case .bench: "bench"
                case .chained: "bench (runs your earlier hook first)"
                case .other: "not bench's (left alone)"
                }
                table.add([status.name, state, status.path])
            }
            Terminal.out(table.render())
        }

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Install the hooks (an existing hook is kept and chained).")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
                let path = CommandLine.arguments[0].contains("/") ? executable : "bench"
                Hooks.show(try HookInstaller(global.session()).install(benchPath: path))
            }
        }

        struct Uninstall: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove the hooks and restore the ones they chained.")
            @OptionGroup var global: GlobalOptions

            func run() throws { Hooks.show(try HookInstaller(global.session()).uninstall()) }
        }

        struct Template: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a hook script, to copy into husky, lefthook or pre-commit setups.")

            @Argument(help: "pre-push, post-merge or post-rewrite.")
            var name: String

            func validate() throws {
                guard HookTemplates.names.contains(name) else {
                    throw ValidationError("unknown hook '\(name)'; bench has \(HookTemplates.names.joined(separator: ", "))")
                }
            }

            func run() throws { print(HookTemplates.script(name), terminator: "") }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "What is installed where, and whether it is bench's.")
            @OptionGroup var global: GlobalOptions

            func run() throws { Hooks.show(try HookInstaller(global.session()).status()) }
        }
    }

    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a git hook's work (called by the installed hooks).", shouldDisplay: false)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "pre-push, post-merge or post-rewrite.")
        var name: String

        @Argument(parsing: .captureForPassthrough, help: "The arguments git gave the hook.")
        var arguments: [String] = []

        func validate() throws {
            guard HookTemplates.names.contains(name) else {
                throw ValidationError("unknown hook '\(name)'; bench handles \(HookTemplates.names.joined(separator: ", "))")
            }
        }

        func run() throws {
            Interrupts.shared.install()
            let session = try global.session()
            let progress = ProgressLine()
            let runner = HookRunner(session, progress: progress.show)
            let outcome: HookOutcome
            switch name {
            case "pre-push":
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                outcome = runner.prePush(input: input)
            case "post-merge":
                outcome = runner.postMerge()
            default:
                outcome = runner.postRewrite()
            }
            progress.clear()
            // Hooks talk on stderr: git shows it, and stdout of a hook is not for data.
            for report in outcome.reports where report.verdict != .unchanged {
                Terminal.note(CheckViews.text(report))
            }
            for message in outcome.messages { Terminal.note(message) }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }

    struct Align: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Realign a branch's snapshots with its history (after a rebase, reset or force-push).",
            discussion: "Snapshots whose commit is no longer reachable from the branch tip become inactive; the newest reachable one becomes current, unless a checkout pinned one.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The branch (default: the current one).")
        var branch: String?

        func run() throws {
            let outcomes = try Aligner(global.session()).align(branch: branch)
            let lines = AlignSummary.lines(outcomes)
            Terminal.out(lines.isEmpty ? "bench: snapshots already follow the branch's history" : lines.joined(separator: "\n"))
        }
    }
}
