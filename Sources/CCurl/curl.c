// libcurl, loaded when first used: the few functions bench calls, found with dlsym once
// libcurl.so.4 is opened. curl.h gives the types and option numbers; nothing links libcurl.
#include "CCurl.h"

/* CURLOPT_PROTOCOLS is deprecated, but it is what a libcurl older than 7.85 understands. */
#define CURL_DISABLE_DEPRECATION
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    char *(*version)(void);
    curl_version_info_data *(*version_info)(CURLversion);
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    // libcurl4 installs libcurl.so.4 (OpenSSL); libcurl3-gnutls has the same ABI under another name.
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) handle = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure,
                 "cannot load libcurl, which sending notifications needs (%s); install it: apt install libcurl4",
                 why ? why : "not found");
        return;
    }
#define BIND(field, name)                                                                       \
    do {                                                                                        \
        *(void **)(&curl.field) = dlsym(handle, name);                                          \
        if (curl.field == NULL) {                                                               \
            snprintf(failure, sizeof failure, "the libcurl found lacks %s; install libcurl4", name); \
            return;                                                                             \
        }                                                                                       \
    } while (0)
    BIND(global_init, "curl_global_init");
    BIND(easy_init, "curl_easy_init");
    BIND(easy_setopt, "curl_easy_setopt");
    BIND(easy_perform, "curl_easy_perform");
    BIND(easy_getinfo, "curl_easy_getinfo");
    BIND(easy_cleanup, "curl_easy_cleanup");
    BIND(easy_strerror, "curl_easy_strerror");
    BIND(slist_append, "curl_slist_append");
    BIND(slist_free_all, "curl_slist_free_all");
    BIND(version, "curl_version");
    BIND(version_info, "curl_version_info");
#undef BIND
    // Not thread-safe in older libcurls: done once, here, under pthread_once.
    CURLcode rc = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) snprintf(failure, sizeof failure, "libcurl failed to start: %s", curl.easy_strerror(rc));
}

const char *bench_curl_load_error(void) {
    pthread_once(&once, load);
    return failure[0] ? failure : NULL;
}

const char *bench_curl_version(void) {
    if (bench_curl_load_error() != NULL) return NULL;
    curl_version_info_data *info = curl.version_info(CURLVERSION_NOW);
    return info ? info->version : NULL;
}

/// The reply body, kept up to the buffer's size; the rest is read and dropped.
typedef struct {
    char *buffer;
    size_t capacity;
    size_t length;
} sink;

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    sink *out = context;
    size_t bytes = size * count;
    if (out->length + 1 < out->capacity) {
        size_t room = out->capacity - 1 - out->length;
        size_t kept = bytes < room ? bytes : room;
        memcpy(out->buffer + out->length, data, kept);
        out->length += kept;
        out->buffer[out->length] = '\0';
    }
    return bytes;
}

/// The mail being uploaded, handed to libcurl a piece at a time.
typedef struct {
    const char *data;
    size_t length;
    size_t offset;
} source;

static size_t read_body(char *buffer, size_t size, size_t count, void *context) {
    source *in = context;
    size_t room = size * count;
    size_t left = in->length - in->offset;
    size_t given = left < room ? left : room;
    memcpy(buffer, in->data + in->offset, given);
    in->offset += given;
    return given;
}

/* Restricts a transfer to these protocols: CURLOPT_PROTOCOLS_STR (curl 7.85 and later), else
 * the older bitmask. Returns nonzero when neither could be set: the caller refuses to send. */
static int restrict_protocols(CURL *handle, const char *names, long mask) {
    if (curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, names) == CURLE_OK) return 0;
    return curl.easy_setopt(handle, CURLOPT_PROTOCOLS, mask) == CURLE_OK ? 0 : 1;
}

int bench_curl_transfer(const bench_curl_request *request, bench_curl_response *response) {
    memset(response, 0, sizeof *response);
    const char *why = bench_curl_load_error();
    if (why != NULL) {
        snprintf(response->error, sizeof response->error, "%s", why);
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(response->error, sizeof response->error, "libcurl could not start a transfer");
        return -1;
    }
    char error[CURL_ERROR_SIZE] = {0};
    sink out = {response->body, sizeof response->body, 0};
    source in = {request->body, request->body_length, 0};
    struct curl_slist *headers = NULL, *recipients = NULL;
    int refused = 0;

    curl.easy_setopt(handle, CURLOPT_URL, request->url);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 5L);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT, request->timeout_seconds > 0 ? request->timeout_seconds : 15L);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &out);
    curl.easy_setopt(handle, CURLOPT_USERAGENT, "bench");
    if (request->username) curl.easy_setopt(handle, CURLOPT_USERNAME, request->username);
    if (request->password) curl.easy_setopt(handle, CURLOPT_PASSWORD, request->password);
    if (request->ca_file) curl.easy_setopt(handle, CURLOPT_CAINFO, request->ca_file);
    if (request->mail_from) {
        // Only mail protocols: a misconfigured URL cannot turn into another kind of transfer.
        refused |= restrict_protocols(handle, "smtp,smtps", (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS));
        refused |= curl.easy_setopt(handle, CURLOPT_USE_SSL, request->tls == BENCH_CURL_TLS_REQUIRED ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY) != CURLE_OK;
        curl.easy_setopt(handle, CURLOPT_MAIL_FROM, request->mail_from);
        for (int i = 0; i < request->mail_recipient_count; i++) recipients = curl.slist_append(recipients, request->mail_recipients[i]);
        curl.easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients);
        curl.easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        curl.easy_setopt(handle, CURLOPT_READFUNCTION, read_body);
        curl.easy_setopt(handle, CURLOPT_READDATA, &in);
        curl.easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, (curl_off_t)request->body_length);
    } else {
        refused |= restrict_protocols(handle, "http,https", (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
        for (int i = 0; i < request->header_count; i++) headers = curl.slist_append(headers, request->headers[i]);
        curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
        curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        curl.easy_setopt(handle, CURLOPT_POSTFIELDS, request->body);
    }
    if (refused) {
        snprintf(response->error, sizeof response->error, "this libcurl cannot restrict the transfer's protocols or require TLS; nothing was sent");
        curl.easy_cleanup(handle);
        curl.slist_free_all(headers);
        curl.slist_free_all(recipients);
        return -1;
    }
    CURLcode rc = curl.easy_perform(handle);
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response->status);
    if (rc != CURLE_OK) {
        snprintf(response->error, sizeof response->error, "%s", error[0] ? error : curl.easy_strerror(rc));
        size_t end = strlen(response->error);
        while (end > 0 && (response->error[end - 1] == '\n' || response->error[end - 1] == '\r')) response->error[--end] = '\0';
    }
    curl.easy_cleanup(handle);
    curl.slist_free_all(headers);
    curl.slist_free_all(recipients);
    return rc == CURLE_OK ? 0 : (int)rc;
}
