/*
 * The release binary links libgit2 statically (make release-binary, scripts/release/ld).
 * bench only reads and writes local repositories through libgit2 and never opens a remote
 * with it, yet Debian's libgit2.a brings two costs of network remotes with it:
 *
 * - HTTP "Negotiate" (Kerberos) authentication calls GSSAPI. Rather than load the six
 *   Kerberos libraries at every start, the release binary answers these calls with
 *   GSS_S_FAILURE: Negotiate is then simply not offered.
 * - git_libgit2_init() parses the system's whole CA bundle for HTTPS (about a fifth of the
 *   pre-push hook's time). The linker wraps mbedTLS's two loading functions (--wrap) so
 *   they load nothing.
 *
 * Hidden, so a library loaded later (libpq, which can use GSSAPI and TLS itself) binds to
 * the real libraries and never to these.
 */
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

/* mbedtls_x509_crt_parse_file / _path: success, no certificate loaded. */
ABSENT int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path) { (void)chain; (void)path; return 0; }
ABSENT int __wrap_mbedtls_x509_crt_parse_path(void *chain, const char *path) { (void)chain; (void)path; return 0; }
