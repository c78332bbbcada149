import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Notify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Check the [[notify]] channels alert notifications go to, and what waits to be sent.",
            discussion: """
            Alerts are sent to every [[notify]] channel of bench.toml that wants the event (on = ["opened"] by \
            default), through a queue in the store: once per alert, event and channel, tried again with backoff \
            while a receiver is down. `bench sync` sends what waits.
            """,
            subcommands: [Test.self, Status.self])

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "test",
                abstract: "Send a sample notification to each channel (or one) now, bypassing the queue.",
                discussion: "Exit 0 when every channel took it, 3 when one did not (the reason is printed, never a secret).")

            @OptionGroup var global: GlobalOptions

            @Option(help: ArgumentHelp("Only the [[notify]] channel with this name.", valueName: "name"))
            var channel: String?

            func run() throws {
                let results = try Notifier(global.session()).test(channel: channel)
                let width = results.map { "\($0.channel) (\($0.kind.rawValue))".count }.max() ?? 0
                for result in results {
                    let label = "\(result.channel) (\(result.kind.rawValue))".padding(toLength: width, withPad: " ", startingAt: 0)
                    Terminal.out("\(result.sent ? "✓" : "✗") \(label)  \(result.sent ? "sent" : "not sent"): \(result.detail)")
                }
                if results.contains(where: { !$0.sent }) { throw ExitCode(BenchExitCode.environment.rawValue) }
            }
        }

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "status",
                abstract: "List the notifications waiting to be sent, and those given up.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var output: OutputOptions

            struct DeliveryJSON: Encodable {
                var id: Int64
                var alert_id: Int64
                var event: String
                var channel: String
                var status: String
                var attempts: Int
                var next_attempt_at: String?
                var last_error: String?
                var created_at: String
                var series: String
                var metric: String
            }

            struct StatusJSON: Encodable {
                var pending: Int
                var failed: Int
                var deliveries: [DeliveryJSON]
            }

            func run() throws {
                let waiting = try Notifier(global.session()).waiting()
                let pending = waiting.filter { $0.status == .pending }.count
                if output.json {
                    JSONOutput.print(StatusJSON(pending: pending, failed: waiting.count - pending, deliveries: waiting.map { delivery in
                        DeliveryJSON(id: delivery.id, alert_id: delivery.notice.alertId, event: delivery.notice.event.rawValue,
                                     channel: delivery.channel, status: delivery.status.rawValue, attempts: delivery.attempts,
                                     next_attempt_at: delivery.status == .pending ? Timestamp.format(delivery.nextAttemptAt) : nil,
                                     last_error: delivery.lastError, created_at: Timestamp.format(delivery.createdAt),
                                     series: delivery.notice.series, metric: delivery.notice.metric)
                    }))
                    return
                }
                guard !waiting.isEmpty else {
                    Terminal.out("No notification waits: every one queued was sent.")
                    return
                }
                var table = Table("ALERT", "EVENT", "CHANNEL", "STATUS", "ATTEMPTS", "NEXT TRY", "LAST ERROR")
                for delivery in waiting {
                    table.add([String(delivery.notice.alertId), delivery.notice.event.rawValue, delivery.channel, delivery.status.rawValue,
                               String(delivery.attempts), delivery.status == .pending ? Timestamp.short(delivery.nextAttemptAt) : "",
                               delivery.lastError ?? ""])
                }
                Terminal.out(table.render())
                Terminal.out("\n\(pending) pending, \(waiting.count - pending) given up; `bench sync` sends the pending ones now.")
            }
        }
    }
}
