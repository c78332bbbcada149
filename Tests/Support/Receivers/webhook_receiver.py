#!/usr/bin/env python3
"""A webhook receiver for bench's notification tests, on loopback.

    webhook_receiver.py PORT LOG SECRET

POST /slack, /discord, /teams and /webhook: checks the body has the shape that service
expects (and, for /webhook, the X-Bench-Signature HMAC-SHA256 of the exact body under
SECRET), answers 200 when it does and 400 with the problems when not, and appends one JSON
line per request to LOG: {"kind", "ok", "problems", "body", "delivery"}. GET /health
answers 200 once it listens.
"""
import hashlib
import hmac
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, LOG, SECRET = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
lock = threading.Lock()


def text(value):
    return isinstance(value, str) and value.strip() != ""


def problems(kind, raw, body, headers):
    found = []
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    if kind == "slack":
        # An incoming webhook takes text and/or blocks; bench sends both.
        if not text(body.get("text")):
            found.append("no text")
        blocks = body.get("blocks")
        if not (isinstance(blocks, list) and blocks and blocks[0].get("type") == "section"
                and blocks[0].get("text", {}).get("type") == "mrkdwn" and text(blocks[0]["text"].get("text"))):
            found.append("no mrkdwn section block")
    elif kind == "discord":
        if not text(body.get("content")) or len(body["content"]) > 2000:
            found.append("content missing or over 2000 characters")
        embeds = body.get("embeds")
        if not (isinstance(embeds, list) and len(embeds) == 1 and text(embeds[0].get("title"))
                and len(embeds[0]["title"]) <= 256 and isinstance(embeds[0].get("fields"), list)):
            found.append("no embed with a title and fields")
        if body.get("allowed_mentions") != {"parse": []}:
            found.append("mentions are not switched off")
    elif kind == "teams":
        attachments = body.get("attachments")
        if body.get("type") != "message" or not isinstance(attachments, list) or len(attachments) != 1:
            found.append("not a message with one attachment")
        else:
            card = attachments[0]
            content = card.get("content", {})
            if card.get("contentType") != "application/vnd.microsoft.card.adaptive":
                found.append("the attachment is not an Adaptive Card")
            if content.get("type") != "AdaptiveCard" or not text(content.get("version")) or not isinstance(content.get("body"), list):
                found.append("the card has no type, version or body")
    elif kind == "webhook":
        expected = "sha256=" + hmac.new(SECRET, raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get("X-Bench-Signature", ""), expected):
            found.append("bad signature")
        if body.get("type") != "bench.alert" or body.get("event") not in ("opened", "resolved"):
            found.append("not a bench.alert")
        alert = body.get("alert", {})
        for key in ("alert_id", "event", "series", "metric", "before", "after", "commit_sha", "commit_summary", "commit_author"):
            if key not in alert:
                found.append("alert." + key + " missing")
        if not headers.get("X-Bench-Delivery"):
            found.append("no X-Bench-Delivery")
    else:
        found.append("unknown path")
    return found


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/health" else 404)
        self.end_headers()

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        kind = self.path.strip("/").split("/")[0]
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        found = problems(kind, raw, body, self.headers)
        if self.headers.get("Content-Type") != "application/json":
            found.append("Content-Type is not application/json")
        with lock, open(LOG, "a") as log:
            log.write(json.dumps({"kind": kind, "ok": not found, "problems": found, "body": body,
                                  "delivery": self.headers.get("X-Bench-Delivery")}) + "\n")
        reply = ("ok" if not found else "; ".join(found)).encode()
        self.send_response(200 if not found else 400)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
