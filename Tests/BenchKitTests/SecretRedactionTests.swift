@testable import BenchKit
import Testing

/// What a channel reports (errors, `last_error`) has its secrets taken out, also the parts of
/// a secret URL a transfer's error may quote alone: a webhook's path (Slack, Discord) and a
/// Teams workflow's query (`sig=`).
@Suite struct SecretRedactionTests {
    static let teams = "https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zm9vYmFyc2VjcmV0c2ln"
    static let slack = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX"

    @Test func aURLsPathQueryAndQueryValuesAreTakenOut() {
        let said = "HTTP 401 for invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zm9vYmFyc2VjcmV0c2ln; signature Zm9vYmFyc2VjcmV0c2ln rejected; "
            + "slack said no to /services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX"
        let redacted = ChannelSender.redact(said, secrets: [Self.teams, Self.slack])
        #expect(!redacted.contains("Zm9vYmFyc2VjcmV0c2ln"), "\(redacted)")
        #expect(!redacted.contains("XXXXXXXXXXXXXXXXXXXXXXXX"), "\(redacted)")
        #expect(redacted.hasPrefix("HTTP 401 for invoke?***"), "\(redacted)")
    }

    @Test func aSecretGivenWholeIsTakenOutAndOtherWordsStay() {
        let redacted = ChannelSender.redact("could not resolve host in \(Self.slack) (timeout)", secrets: [Self.slack, "hunter22"])
        #expect(redacted == "could not resolve host in *** (timeout)")
    }
}
