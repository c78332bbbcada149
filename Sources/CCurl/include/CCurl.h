#ifndef BENCH_CCURL_H
#define BENCH_CCURL_H

#include <stddef.h>

// What bench asks of libcurl: one transfer, an HTTP POST (webhooks) or an SMTP mail, made
// whole in C so no callback crosses into Swift. bench does not link libcurl: curl.c loads
// libcurl.so.4 the first time a notification is sent, so start-up and every command that
// sends none never load it and the libraries it brings (OpenSSL, nghttp2, LDAP, SSH).

/// How a mail transfer uses TLS on a plain smtp:// URL.
typedef enum {
    /// STARTTLS when the server offers it, else plain text.
    BENCH_CURL_TLS_TRY = 1,
    /// STARTTLS, or the transfer fails.
    BENCH_CURL_TLS_REQUIRED = 2
} bench_curl_tls;

/// One transfer. A mail when `mail_from` is set: `body` is the whole message (headers and
/// text, CRLF line ends) sent to `mail_recipients`; else an HTTP POST of `body` with `headers`.
typedef struct {
    const char *url;
    const char *const *headers;
    int header_count;
    const char *body;
    size_t body_length;
    const char *mail_from;
    const char *const *mail_recipients;
    int mail_recipient_count;
    /// AUTH (mail) or HTTP basic credentials, when set; libcurl uses them as the server allows.
    const char *username;
    const char *password;
    bench_curl_tls tls;
    /// A CA bundle to trust instead of the system's (a private mail relay), when set.
    const char *ca_file;
    long timeout_seconds;
} bench_curl_request;

/// What came back: the HTTP status (or the SMTP reply code), the first bytes of the reply
/// body, and libcurl's message when the transfer failed.
typedef struct {
    long status;
    char body[1024];
    char error[512];
} bench_curl_response;

/// Runs a transfer; 0 when it completed (whatever the status says), else libcurl's error
/// code with `response->error` saying why (or -1 when libcurl cannot be loaded).
int bench_curl_transfer(const bench_curl_request *request, bench_curl_response *response);

/// Why libcurl could not be loaded (dlopen's message and the fix), or NULL when it is
/// loaded. Loads it on the first call.
const char *bench_curl_load_error(void);

/// libcurl's version text ("7.88.1"), or NULL when it cannot be loaded.
const char *bench_curl_version(void);

#endif
