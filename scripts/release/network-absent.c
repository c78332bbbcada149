/*
 * The release binary links libgit2 statically (make release-binary, scripts/release/ld).
 * bench only reads and writes local repositories through libgit2 and never opens a remote
 * with it, yet Debian's libgit2.a brings two costs of network remotes with it:
 *
 * - HTTP "Negotiate" (Kerberos) authentication calls GSSAPI. Rather than load the six
 *   Kerberos libraries at every start, the release binary answers these calls with
 *   GSS_S_FAILURE: Negotiate is then simply not offered.
 * - git_libgit2_init() sets up the transports of remotes: the TLS stream (it parsed the
 *   system's whole CA bundle, about a fifth of the pre-push hook's time, and seeds a random
 *   generator through mbedTLS's entropy, a timing loop) and SSH (libssh2's crypto: OpenSSL's
 *   error strings and engines). Together they were 7% of `bench current`. The linker wraps
 *   (--wrap) the two set-ups so they do nothing, and what would use the TLS set-up (never
 *   reached) so it refuses with libgit2's own error instead of running on what was not set up.
 *
 * Hidden, so a library loaded later (libpq, which can use GSSAPI and TLS itself) binds to
 * the real libraries and never to these.
 */
#include <git2/errors.h>

typedef unsigned int OM_uint32;
#define BENCH_GSS_S_FAILURE (13u << 16)
#define ABSENT __attribute__((visibility("hidden")))

ABSENT void *GSS_C_NT_HOSTBASED_SERVICE = 0;

static OM_uint32 absent(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return BENCH_GSS_S_FAILURE;
}
static OM_uint32 released(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return 0;
}

ABSENT OM_uint32 gss_indicate_mechs(OM_uint32 *m, void *a) { (void)a; return absent(m); }
ABSENT OM_uint32 gss_import_name(OM_uint32 *m, void *a, void *b, void *c) { (void)a; (void)b; (void)c; return absent(m); }
ABSENT OM_uint32 gss_init_sec_context(OM_uint32 *m, ...) { return absent(m); }
ABSENT OM_uint32 gss_display_status(OM_uint32 *m, OM_uint32 a, int b, void *c, OM_uint32 *d, void *e) { (void)a; (void)b; (void)c; (void)d; (void)e; return absent(m); }
ABSENT OM_uint32 gss_delete_sec_context(OM_uint32 *m, void *a, void *b) { (void)a; (void)b; return released(m); }
ABSENT OM_uint32 gss_release_buffer(OM_uint32 *m, void *a) { (void)a; return released(m); }
ABSENT OM_uint32 gss_release_name(OM_uint32 *m, void *a) { (void)a; return released(m); }
ABSENT OM_uint32 gss_release_oid_set(OM_uint32 *m, void *a) { (void)a; return released(m); }

/* libgit2's set-up of its TLS stream and of SSH: nothing to set up. */
ABSENT int __wrap_git_mbedtls_stream_global_init(void) { return 0; }
ABSENT int __wrap_git_transport_ssh_global_init(void) { return 0; }

/* What would use the TLS set-up: a stream to a remote, one through a proxy, the certificate
 * locations of git_libgit2_opts. */
static int refused(void) {
    git_error_set_str(GIT_ERROR_SSL, "this bench build opens no TLS connection through libgit2");
    return -1;
}
ABSENT int __wrap_git_mbedtls_stream_new(void **out, const char *host, const char *port) {
    (void)host; (void)port;
    if (out) *out = 0;
    return refused();
}
ABSENT int __wrap_git_mbedtls_stream_wrap(void **out, void *in, const char *host) {
    (void)in; (void)host;
    if (out) *out = 0;
    return refused();
}
ABSENT int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path) {
    (void)file; (void)path;
    return refused();
}
