import CCurl
import Foundation

/// One transfer through libcurl (`CCurl`, loaded on first use): an HTTP POST or an SMTP mail.
/// bench speaks neither protocol itself.
enum CurlTransfer {
    /// What the server answered: the HTTP status or the SMTP reply code, and the first bytes of the body.
    struct Reply {
        var status: Int
        var body: String
    }

    /// Why libcurl cannot be loaded (and how to install it), or nil when it is loaded.
    static var loadError: String? { bench_curl_load_error().map { String(cString: $0) } }

    /// The loaded libcurl's version, or nil.
    static var version: String? { bench_curl_version().map { String(cString: $0) } }

    /// POSTs `body` to `url`; throws libcurl's message when no reply came.
    static func post(_ url: String, headers: [String], body: [UInt8], timeout: Int = 15) throws(TransferError) -> Reply {
        try transfer(url: url, headers: headers, body: body, mail: nil, timeout: timeout)
    }

    /// What a mail transfer needs besides the URL and the message.
    struct Mail {
        var from: String
        var to: [String]
        var user: String?
        var password: String?
        var requireTLS: Bool
        var caFile: String?
    }

    /// Sends `message` (a whole RFC 5322 mail) through the SMTP server at `url`.
    static func mail(_ url: String, _ mail: Mail, message: String, timeout: Int = 30) throws(TransferError) -> Reply {
        try transfer(url: url, headers: [], body: Array(message.utf8), mail: mail, timeout: timeout)
    }

    private static func transfer(url: String, headers: [String], body: [UInt8], mail: Mail?, timeout: Int) throws(TransferError) -> Reply {
        // Every C string is copied once and freed when the transfer is over.
        var owned: [UnsafeMutablePointer<CChar>] = []
        defer { for pointer in owned { free(pointer) } }
        func c(_ text: String?) -> UnsafePointer<CChar>? {
            guard let text, let copy = strdup(text) else { return nil }
            owned.append(copy)
            return UnsafePointer(copy)
        }
        let headerList = headers.map { c($0) }
        let recipients = (mail?.to ?? []).map { c("<\($0)>") }
        var response = bench_curl_response()
        let bytes = body + [0]   // never empty, so it has a base address
        let code: Int32 = headerList.withUnsafeBufferPointer { headerBuffer in
            recipients.withUnsafeBufferPointer { recipientBuffer in
                bytes.withUnsafeBufferPointer { bodyBuffer in
                    bodyBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { bodyPointer in
                        var request = bench_curl_request()
                        request.url = c(url)
                        request.headers = headerBuffer.baseAddress
                        request.header_count = Int32(headers.count)
                        request.body = bodyPointer
                        request.body_length = body.count
                        request.mail_from = mail.map { c("<\($0.from)>") } ?? nil
                        request.mail_recipients = recipientBuffer.baseAddress
                        request.mail_recipient_count = Int32(recipients.count)
                        request.username = c(mail?.user)
                        request.password = c(mail?.password)
                        request.tls = mail?.requireTLS == true ? BENCH_CURL_TLS_REQUIRED : BENCH_CURL_TLS_TRY
                        request.ca_file = c(mail?.caFile)
                        request.timeout_seconds = timeout
                        return bench_curl_transfer(&request, &response)
                    }
                }
            }
        }
        let error = withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard code == 0 else { throw TransferError(message: error.isEmpty ? "libcurl error \(code)" : error) }
        let reply = withUnsafeBytes(of: response.body) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Reply(status: response.status, body: reply)
    }
}

/// A transfer that got no reply: libcurl's message (which may name the host, never more of the URL).
struct TransferError: Error {
    var message: String
}
