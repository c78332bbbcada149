#!/usr/bin/env python3
"""Writes hmac-sha256.json: reference HMAC-SHA256 values from Python's hmac module, which
BenchCore's HMAC must reproduce (NotifyMessageTests.hmacMatchesPythonsHMAC). Run once; the
output is committed."""
import hashlib
import hmac
import json

cases = [
    ("RFC 4231 case 1", bytes([0x0b] * 20), b"Hi There"),
    ("RFC 4231 case 2", b"Jefe", b"what do ya want for nothing?"),
    ("RFC 4231 case 6: key longer than a block", bytes([0xaa] * 131), b"Test Using Larger Than Block-Size Key - Hash Key First"),
    ("empty key and message", b"", b""),
    ("key of exactly one block", bytes(range(64)), b"bench"),
    ("a webhook body", b"s3cr3t-signing-key",
     '{"alert":{"alert_id":12,"series":"clf · main"},"event":"opened","text":"Regression opened: f1 −4.2%","type":"bench.alert"}'.encode()),
    ("a body of several blocks", b"k", ("x" * 1000).encode()),
]
out = [{"name": name, "key_hex": key.hex(), "message_hex": message.hex(), "hmac_sha256": hmac.new(key, message, hashlib.sha256).hexdigest()}
       for name, key, message in cases]
with open("hmac-sha256.json", "w") as file:
    json.dump({"generated_by": "python3 -c 'import hmac, hashlib; hmac.new(key, message, hashlib.sha256).hexdigest()' (Python 3.11)",
               "cases": out}, file, indent=2, ensure_ascii=False)
