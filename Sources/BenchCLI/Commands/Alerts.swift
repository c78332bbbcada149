import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Alerts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alerts",
            abstract: "List the regressions of the default branch kept as alerts, and triage them.",
            discussion: """
            A result recorded on the default branch (record, run, the post-merge hook, CI, the \
            nightly run, import) that regresses by its metric's verdict model opens an alert; a \
            series × metric has at most one open or acknowledged alert. It resolves by itself when \
            a later result is back within the limit it crossed. Every change is kept in the \
            alerts' audit log with who made it and when.
            """,
            subcommands: [List.self, Acknowledge.self, Dismiss.self, Reopen.self],
            defaultSubcommand: List.self)

        /// Which alerts `bench alerts` lists.
        enum StatusChoice: String, ExpressibleByArgument, CaseIterable {
            case open, acknowledged, dismissed, resolved, all

            var statuses: Set<AlertStatus> { AlertStatus.selection(rawValue)! }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List alerts (default: open and acknowledged ones).")

            @OptionGroup var global: GlobalOptions

            @Option(help: "Only alerts of this status (default: open and acknowledged).")
            var status: StatusChoice?

            @OptionGroup var output: OutputOptions

            func run() throws {
                let alerts = try AlertDesk(global.session()).alerts(status?.statuses ?? AlertStatus.live)
                if output.json { JSONOutput.print(alerts.map(AlertJSON.init)); return }
                guard !alerts.isEmpty else {
                    Terminal.out(status == nil ? "No open alerts." : "No \(status == .all ? "" : status!.rawValue + " ")alerts.")
                    return
                }
                Terminal.out(AlertViews.table(alerts))
            }
        }

        /// The alert an action names: `3` or `#3`.
        struct Target: ParsableArguments {
            @Argument(help: ArgumentHelp("The alert's id, as `bench alerts` lists it.", valueName: "id"))
            var id: String

            @Option(help: "Why, in a few words: kept with the change in the alerts' audit log.")
            var note: String?

            var number: Int64 {
                get throws {
                    let digits = id.hasPrefix("#") ? String(id.dropFirst()) : id
                    guard let number = Int64(digits), number > 0 else {
                        throw BenchError(.badInput, "'\(id)' is not an alert id", hint: "give the number `bench alerts` lists, e.g. 3")
                    }
                    return number
                }
            }

            /// Makes the change on the alert and prints what changed.
            func apply(_ global: GlobalOptions, _ change: (Int64, String?) -> AlertRequest) throws {
                let events = try AlertDesk(global.session()).apply(change(try number, note))
                for event in events { Terminal.out(AlertViews.event(event)) }
            }
        }

        struct Acknowledge: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an open alert: someone is on it.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target

            func run() throws { try target.apply(global) { .acknowledge(id: $0, note: $1) } }
        }

        struct Dismiss: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "Dismiss an open or acknowledged alert, with the reason.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target

            @Option(help: "Why it is dismissed: the regression is not real (false-alarm) or accepted (expected).")
            var reason: AlertReason

            func run() throws { try target.apply(global) { .dismiss(id: $0, reason: reason, note: $1) } }
        }

        struct Reopen: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "reopen", abstract: "Reopen an acknowledged, dismissed or resolved alert.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: Target

            func run() throws { try target.apply(global) { .reopen(id: $0, note: $1) } }
        }
    }
}

/// A dismissal's reason on the command line: `false-alarm` or `expected`.
extension AlertReason: ExpressibleByArgument {}
