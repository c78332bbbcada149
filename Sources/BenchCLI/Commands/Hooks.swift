import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hooks",
            abstract: "Install, remove or show bench's git hooks (pre-push, post-merge, post-rewrite).",
            discussion: """
            pre-push measures the pushed commits and stops a regressing push ([hooks] pre-push = \
            block | warn | off); post-merge records the merged HEAD; post-rewrite realigns snapshots \
            after a rebase or amend. Hooks go where git looks for them (core.hooksPath, else \
            .git/hooks, shared by linked worktrees). A hook already there is kept and runs first; \
            uninstall puts it back as it was. Skip once: BENCH_SKIP=1 git push.
            """,
            subcommands: [Install.self, Uninstall.self, Status.self, Template.self], defaultSubcommand: Status.self)

        static func show(_ statuses: [HookStatus]) {
            var table = Table("HOOK", "STATE", "RUNS", "PATH")
            for status in statuses {
                let state: String = switch status.state {
                case .none: "not installed"
                case .bench: "bench"
                case .chained: "bench (runs your earlier hook first)"
                case .other: "not bench's (left alone)"
                }
                let runs: String = switch (status.state, status.bench) {
                case (.none, _), (.other, _): "-"
                case (_, nil): "bench from PATH"
                case (_, let bench?): status.benchExists ? bench : "bench from PATH (\(bench) is gone)"
                }
                table.add([status.hook.rawValue, state, runs, status.path])
            }
            Terminal.out(table.render())
        }

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "install", abstract: "Install the hooks (an existing hook is kept and chained).")
            @OptionGroup var global: GlobalOptions

            func run() throws { Hooks.show(try HookInstaller(global.session()).install()) }
        }

        struct Uninstall: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the hooks and restore the ones they chained.")
            @OptionGroup var global: GlobalOptions

            func run() throws { Hooks.show(try HookInstaller(global.session()).uninstall()) }
        }

        struct Template: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "template",
                abstract: "Print a hook script, to copy into husky, lefthook or pre-commit setups.")

            @Argument(help: "The hook.")
            var name: HookName

            func run() throws { print(HookTemplates.script(name), terminator: "") }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "status", abstract: "What is installed where, and whether it is bench's.")
            @OptionGroup var global: GlobalOptions

            func run() throws { Hooks.show(try HookInstaller(global.session()).status()) }
        }
    }
}
