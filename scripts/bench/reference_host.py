#!/usr/bin/env python3
"""The reference a user might otherwise pick: a Python native-messaging host
doing the same job with a maintained PSL library (publicsuffixlist).

It reads frames, takes the registrable domain of the page and of every
cookie, matches cookie names against the charter's tab-separated rows, and
answers a classification of the same shape. It is deliberately simple and
correct, not tuned; it exists so that scripts/bench.sh can measure the
Rust host against it in the same run.
"""
import json
import struct
import sys
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

PSL = PublicSuffixList()


def site_of(host):
    host = host.strip().lstrip(".").rstrip(".").lower()
    return PSL.privatesuffix(host) or host


def declared_names(charter):
    names = {}
    columns = None
    for line in charter.splitlines():
        if "\t" not in line:
            columns = None if line.strip() else columns
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if columns is None:
            columns = cells
            continue
        for header, cell in zip(columns, cells):
            if "cookie" in header.lower() and cell:
                names[cell] = "necessary"
    return names


def classify(request):
    page_site = site_of(urlsplit(request["site"]).hostname or "")
    charter = request.get("charter") or {}
    declared = declared_names(charter.get("content", ""))
    verdicts = []
    for cookie in request["cookies"]:
        party = "first" if site_of(cookie["domain"]) == page_site else "third"
        purpose = declared.get(cookie["name"])
        label = purpose or f"{party}-party"
        verdicts.append({"name": cookie["name"], "domain": cookie["domain"], "label": label, "party": party,
                         "basis": "charter" if purpose else "party",
                         "findings": [] if purpose else ["undeclared"]})
    return {"type": "classification", "id": request.get("id"),
            "site": {"url": request["site"], "registrableDomain": page_site}, "cookies": verdicts}


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = stdin.read(4)
        if len(header) < 4:
            return
        (length,) = struct.unpack("=I", header)
        request = json.loads(stdin.read(length))
        answer = json.dumps(classify(request)).encode()
        stdout.write(struct.pack("=I", len(answer)) + answer)
        stdout.flush()


if __name__ == "__main__":
    main()
