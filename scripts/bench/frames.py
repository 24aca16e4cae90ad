#!/usr/bin/env python3
"""Writes the native-messaging inputs the benchmarks replay.

one.bin   one classify frame: the seed charter and the 8 cookies of the seed
          scenario (what the popup asks for on data.nantesmetropole.fr)
many.bin  N such frames back to back, as a persistent port receives them
          (pipelined: the fair measure of the host itself, see
          ../shared/performance-notes.md)
"""
import json
import struct
import sys
from pathlib import Path

NOW = 1764374400
DAY = 86400


def classify_request(request_id, charter):
    return {
        "type": "classify",
        "id": request_id,
        "site": "https://data.nantesmetropole.fr/explore/",
        "observedAt": NOW,
        "cookies": [
            {"name": "sessionid", "domain": "data.nantesmetropole.fr", "hostOnly": True, "session": True},
            {"name": "csrftoken", "domain": "data.nantesmetropole.fr", "session": False, "expirationDate": NOW + 365 * DAY},
            {"name": "django_language", "domain": "data.nantesmetropole.fr", "session": True},
            {"name": "cookies_preferences", "domain": "data.nantesmetropole.fr", "session": False, "expirationDate": NOW + 180 * DAY},
            {"name": "_ga", "domain": ".nantesmetropole.fr", "session": False, "expirationDate": NOW + 400 * DAY},
            {"name": "_pk_id.7.1fff", "domain": "data.nantesmetropole.fr", "session": False, "expirationDate": NOW + 393 * DAY},
            {"name": "VISITOR_INFO1_LIVE", "domain": ".youtube.com", "session": False, "expirationDate": NOW + 180 * DAY},
            {"name": "ndm_banner_seen", "domain": "data.nantesmetropole.fr", "session": True},
        ],
        "charter": {"format": "text", "url": "https://data.nantesmetropole.fr/pages/cookies/", "content": charter},
    }


def frame(message):
    payload = json.dumps(message, separators=(",", ":")).encode()
    return struct.pack("=I", len(payload)) + payload


def main():
    seed, out_dir, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    charter = seed.read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "one.bin").write_bytes(frame(classify_request(1, charter)))
    with open(out_dir / "many.bin", "wb") as many:
        for request_id in range(count):
            many.write(frame(classify_request(request_id, charter)))


if __name__ == "__main__":
    main()
