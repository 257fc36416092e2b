#!/usr/bin/env python3
"""Loopback HTTP receiver for Vigie's delivery tests: a webhook, Slack or ntfy endpoint that answers as scripted and
logs every request it gets.

Python 3 standard library only. Binds to 127.0.0.1 only.

USAGE
    python3 Tests/Support/sink_receiver.py --log FILE [--port 0] [--answers 200] [--delay S] [--secret whsec_...]
                                           [--body TEXT]

    --answers LIST  comma-separated answers, used in order, one per request; the last one repeats. Each is STATUS,
                    STATUS:SECONDS (with "Retry-After: SECONDS") or STATUS:@SECONDS (with Retry-After as an
                    HTTP-date SECONDS after the request). Default "200". Example: 503:1,503,200
    --delay S       wait S seconds (fractions allowed) before answering each request
    --secret S      a Standard Webhooks secret (whsec_<base64 key>, or the base64 key alone): each request's
                    webhook-signature is checked against webhook-id, webhook-timestamp and the body
    --body TEXT     the body of every answer (default: "<status> <reason phrase>" for a status >= 300, nothing for
                    a 2xx)
    --log FILE      where each request is appended as one JSON line, written BEFORE the answer goes out:
                        {"method": "POST", "path": "/hook?x=1", "headers": {"content-type": "application/json", ...},
                         "body": "...", "status": 200, "signature_ok": true}
                    header names lower-cased (a repeated field's values joined with ", "); body decoded as UTF-8
                    (invalid bytes replaced); "status" is what was answered; "signature_ok" is null without --secret.

START-UP CONTRACT (as Tests/Support/fixture_server.py)
    * Once listening, ONE line of JSON goes to stdout, then stdout is flushed: {"port": 41235}. Nothing else is
      written to stdout.
    * The receiver exits when its standard input reaches EOF (so a test process that dies never leaves it behind),
      or on SIGTERM / SIGINT.

Every method is answered the same way (POST, PUT, GET...); HTTP/1.1 with keep-alive.
"""

import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import signal
import sys
import threading
import time
from email.utils import formatdate


def parse_answers(text):
    answers = []
    for item in text.split(','):
        item = item.strip()
        if not item:
            continue
        status, _, retry = item.partition(':')
        answers.append((int(status), retry or None))
    if not answers:
        raise SystemExit('sink_receiver: --answers is empty')
    return answers


def secret_key(secret):
    text = secret[len('whsec_'):] if secret.startswith('whsec_') else secret
    return base64.b64decode(text + '=' * (-len(text) % 4))


def signature_ok(key, headers, body):
    msg_id = headers.get('webhook-id')
    timestamp = headers.get('webhook-timestamp')
    header = headers.get('webhook-signature')
    if msg_id is None or timestamp is None or header is None:
        return False
    content = f'{msg_id}.{timestamp}.'.encode() + body
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    for candidate in header.split(' '):
        version, _, value = candidate.partition(',')
        if version == 'v1' and hmac.compare_digest(value, expected):
            return True
    return False


class Receiver:
    def __init__(self, options):
        self.answers = parse_answers(options.answers)
        self.delay = options.delay
        self.key = secret_key(options.secret) if options.secret else None
        self.body = options.body
        self.log_path = options.log
        self.lock = threading.Lock()
        self.count = 0

    def next_answer(self):
        with self.lock:
            answer = self.answers[min(self.count, len(self.answers) - 1)]
            self.count += 1
            return answer

    def log(self, record):
        line = json.dumps(record, ensure_ascii=False) + '\n'
        with self.lock, open(self.log_path, 'a', encoding='utf-8') as f:
            f.write(line)
            f.flush()


def make_handler(receiver):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'
        server_version = 'vigie-sink-receiver'

        def log_message(self, format, *args):  # noqa: A002 - quiet: nothing on stderr per request
            pass

        def handle_any(self):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length > 0 else b''
            headers = {}
            for name, value in self.headers.items():
                name = name.lower()
                headers[name] = headers[name] + ', ' + value if name in headers else value
            status, retry = receiver.next_answer()
            verified = None if receiver.key is None else signature_ok(receiver.key, headers, body)
            receiver.log({'method': self.command, 'path': self.path, 'headers': headers,
                          'body': body.decode('utf-8', errors='replace'), 'status': status,
                          'signature_ok': verified})
            if receiver.delay:
                time.sleep(receiver.delay)
            if receiver.body is not None:
                payload = receiver.body.encode('utf-8')
            elif status >= 300:
                phrase = http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else ''
                payload = f'{status} {phrase}'.strip().encode('utf-8')
            else:
                payload = b''
            self.send_response(status)
            if retry is not None:
                if retry.startswith('@'):
                    self.send_header('Retry-After', formatdate(time.time() + float(retry[1:]), usegmt=True))
                else:
                    self.send_header('Retry-After', retry)
            self.send_header('Content-Type', 'text/plain; charset=utf-8')
            self.send_header('Content-Length', str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_PUT = do_GET = do_DELETE = do_PATCH = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser(description='Loopback webhook receiver for tests.')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--answers', default='200')
    parser.add_argument('--delay', type=float, default=0)
    parser.add_argument('--secret')
    parser.add_argument('--body')
    parser.add_argument('--log', required=True)
    options = parser.parse_args()

    receiver = Receiver(options)
    server = http.server.ThreadingHTTPServer((options.host, options.port), make_handler(receiver))
    server.daemon_threads = True

    def stop(*_):
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_stdin():
        while sys.stdin.buffer.read(65536):
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    sys.stdout.write(json.dumps({'port': server.server_address[1]}) + '\n')
    sys.stdout.flush()
    server.serve_forever()


if __name__ == '__main__':
    main()
