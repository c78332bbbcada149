#!/usr/bin/env python3
"""A real SMTP server for bench's notification tests (aiosmtpd), on loopback.

    smtp_receiver.py PORT LOG CERT KEY USER PASSWORD

Offers STARTTLS (with CERT and KEY) and requires it, then requires AUTH (PLAIN or LOGIN)
as USER with PASSWORD; appends one JSON line per mail received to LOG: {"mail_from",
"rcpt_tos", "subject", "body", "tls", "authenticated", "headers"}: a mail arrives only
after STARTTLS and AUTH as USER with PASSWORD succeeded.
"""
import email
import email.policy
import json
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

PORT, LOG, CERT, KEY, USER, PASSWORD = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
lock = threading.Lock()


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "body": message.get_content(),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "headers": {key: str(value) for key, value in message.items()},
        }
        with lock, open(LOG, "a") as log:
            log.write(json.dumps(record) + "\n")
        return "250 OK"


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(CERT, KEY)
controller = Controller(Handler(), hostname="127.0.0.1", port=PORT, tls_context=context, require_starttls=True,
                        authenticator=authenticate, auth_required=True, auth_require_tls=True)
controller.start()
stopped = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopped.set())
signal.signal(signal.SIGINT, lambda *_: stopped.set())
stopped.wait()
controller.stop()
