#!/usr/bin/env python3
"""Loopback SMTP receiver for Vigie's e-mail delivery tests: a submission server that answers as scripted and logs
every message it is sent.

Python 3 standard library only (socketserver and ssl; not the deprecated smtpd module). Binds to 127.0.0.1 only.

USAGE
    python3 Tests/Support/smtp_receiver.py --log FILE [--port 0] [--answers 250] [--reject-rcpt ADDR]...
                                           [--user U --password P] [--auth-mechs PLAIN,LOGIN]
                                           [--tls none|starttls|implicit] [--cert C --key K] [--delay S]

    --answers LIST     comma-separated SMTP codes answered at the end of DATA, used in order, one per message;
                       the last one repeats. Default "250". Example: 451,250 (the first message is deferred, the
                       next ones accepted).
    --reject-rcpt ADDR answer RCPT TO:<ADDR> with 550 (repeatable; compared case-insensitively)
    --user, --password AUTH is advertised in EHLO and required before MAIL FROM (530 otherwise); PLAIN and LOGIN
                       (with or without an initial response) accept exactly this pair, anything else gets 535
    --auth-mechs LIST  the mechanisms advertised and accepted (default PLAIN,LOGIN)
    --tls MODE         none (default); starttls: STARTTLS advertised and honoured; implicit: TLS from the first
                       byte (smtps). --cert/--key default to the TEST-ONLY pair Tests/Fixtures/http/selfsigned.pem/.key
                       (CN localhost, SAN localhost and 127.0.0.1)
    --delay S          wait S seconds before the greeting of each connection
    --auth-log FILE    where each AUTH attempt is appended as one JSON line, before it is answered:
                           {"mechanism": "PLAIN", "user": "U", "ok": true, "tls": false}
    --log FILE         where each message is appended as one JSON line once DATA ends, written BEFORE the answer
                       goes out:
                           {"mail_from": "a@x", "rcpt_to": ["b@y"], "data": "<the message, CRLFs kept>",
                            "status": 250, "auth_user": "U" or null, "tls": false, "parsed": {...}}
                       "data" is the message after dot-unstuffing, decoded as UTF-8 (invalid bytes replaced);
                       "status" is the code answered. "parsed" is what Python's email package (policy.default) makes
                       of it: {"subject", "from", "to", "date", "message_id", "content_type" (decoded header
                       values), "parts": [{"content_type", "charset", "transfer_encoding", "content"}] (the leaves,
                       their content decoded), "defects": ["..."] (every defect the parser noted), "error": null or
                       the exception text}.

START-UP CONTRACT (as Tests/Support/sink_receiver.py)
    * Once listening, ONE line of JSON goes to stdout, then stdout is flushed: {"port": 41235}. Nothing else is
      written to stdout.
    * The receiver exits when its standard input reaches EOF (so a test process that dies never leaves it behind),
      or on SIGTERM / SIGINT.

Commands: EHLO, HELO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT; anything else gets 502.
"""

import argparse
import base64
import binascii
import email
import email.policy
import json
import os
import re
import signal
import socketserver
import ssl
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'Fixtures', 'http')

ANSWER_TEXT = {
    250: '2.0.0 OK: queued',
    421: '4.3.2 Service not available',
    450: '4.2.0 Mailbox unavailable',
    451: '4.3.0 Try again later',
    452: '4.3.1 Insufficient system storage',
    550: '5.7.1 Message refused',
    552: '5.3.4 Message too big',
    554: '5.6.0 Transaction failed',
}

MAIL_FROM = re.compile(r'^MAIL FROM:\s*<([^>]*)>', re.IGNORECASE)
RCPT_TO = re.compile(r'^RCPT TO:\s*<([^>]*)>', re.IGNORECASE)
MAX_LINE = 65536


def parse_answers(text):
    answers = [int(item) for item in (part.strip() for part in text.split(',')) if item]
    if not answers:
        raise SystemExit('smtp_receiver: --answers is empty')
    return answers


def parse_message(data):
    """What Python's email package reads in `data` (bytes)."""
    result = {'subject': None, 'from': None, 'to': None, 'date': None, 'message_id': None, 'content_type': None,
              'parts': [], 'defects': [], 'error': None}
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        for key, name in (('subject', 'subject'), ('from', 'from'), ('to', 'to'), ('date', 'date'),
                          ('message_id', 'message-id')):
            value = message[name]
            if value is not None:
                result[key] = str(value)
                result['defects'] += [f'{name}: {defect!r}' for defect in getattr(value, 'defects', ())]
        result['content_type'] = message.get_content_type()
        result['defects'] += [repr(defect) for defect in message.defects]
        for part in message.walk():
            if part.is_multipart():
                if part is not message:
                    result['defects'] += [repr(defect) for defect in part.defects]
                continue
            result['defects'] += [repr(defect) for defect in part.defects]
            result['parts'].append({
                'content_type': part.get_content_type(),
                'charset': part.get_content_charset(),
                'transfer_encoding': part.get('content-transfer-encoding'),
                'content': part.get_content(),
            })
    except Exception as error:  # noqa: BLE001 - the test reads the failure from the log
        result['error'] = f'{type(error).__name__}: {error}'
    return result


class Receiver:
    def __init__(self, options):
        self.answers = parse_answers(options.answers)
        self.rejected = {address.lower() for address in options.reject_rcpt}
        self.user = options.user
        self.password = options.password
        self.mechanisms = [name.strip().upper() for name in options.auth_mechs.split(',') if name.strip()]
        self.tls = options.tls
        self.delay = options.delay
        self.log_path = options.log
        self.auth_log_path = options.auth_log
        self.context = None
        if self.tls != 'none':
            self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.context.load_cert_chain(options.cert, options.key)
        self.lock = threading.Lock()
        self.count = 0

    def next_answer(self):
        with self.lock:
            answer = self.answers[min(self.count, len(self.answers) - 1)]
            self.count += 1
            return answer

    def log(self, record, path=None):
        line = json.dumps(record, ensure_ascii=False) + '\n'
        with self.lock, open(path or self.log_path, 'a', encoding='utf-8') as f:
            f.write(line)
            f.flush()

    def log_auth(self, record):
        if self.auth_log_path:
            self.log(record, self.auth_log_path)


class Session:
    """One client connection, one command at a time."""

    def __init__(self, receiver, sock):
        self.receiver = receiver
        self.sock = sock
        self.reader = sock.makefile('rb')
        self.in_tls = False
        self.auth_user = None
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpt_to = []

    def send(self, text):
        self.sock.sendall(text.encode('utf-8') + b'\r\n')

    def read_line(self):
        line = self.reader.readline(MAX_LINE)
        if not line:
            return None
        return line.rstrip(b'\r\n').decode('utf-8', errors='replace')

    def upgrade(self):
        self.reader.close()
        self.sock = self.receiver.context.wrap_socket(self.sock, server_side=True)
        self.reader = self.sock.makefile('rb')
        self.in_tls = True

    def run(self):
        if self.receiver.tls == 'implicit':
            self.upgrade()
        if self.receiver.delay:
            time.sleep(self.receiver.delay)
        self.send('220 127.0.0.1 ESMTP vigie-smtp-receiver')
        while True:
            line = self.read_line()
            if line is None:
                return
            verb, _, argument = line.partition(' ')
            verb = verb.upper()
            if verb == 'QUIT':
                self.send('221 2.0.0 Bye')
                return
            handler = getattr(self, 'do_' + verb, None) if verb.isalpha() else None
            if handler is None:
                self.send('502 5.5.2 Command not recognized')
            else:
                handler(argument.strip())

    def do_EHLO(self, argument):
        self.reset()
        lines = ['127.0.0.1 greets ' + (argument or 'you')]
        if self.receiver.tls == 'starttls' and not self.in_tls:
            lines.append('STARTTLS')
        if self.receiver.user is not None and self.receiver.mechanisms:
            lines.append('AUTH ' + ' '.join(self.receiver.mechanisms))
        lines.append('HELP')
        for line in lines[:-1]:
            self.send('250-' + line)
        self.send('250 ' + lines[-1])

    def do_HELO(self, argument):
        self.reset()
        self.send('250 127.0.0.1')

    def do_STARTTLS(self, argument):
        if self.receiver.tls != 'starttls' or self.in_tls:
            self.send('502 5.5.1 STARTTLS not offered')
            return
        self.send('220 2.0.0 Ready to start TLS')
        self.upgrade()
        self.reset()
        self.auth_user = None

    def do_AUTH(self, argument):
        if self.receiver.user is None:
            self.send('502 5.5.1 AUTH not offered')
            return
        if self.auth_user is not None:
            self.send('503 5.5.1 Already authenticated')
            return
        mechanism, _, initial = argument.partition(' ')
        mechanism = mechanism.upper()
        # Every attempt is logged, even one that is cancelled or unreadable: a test can check none happened.
        record = {'mechanism': mechanism, 'user': None, 'ok': False, 'tls': self.in_tls}
        if mechanism not in self.receiver.mechanisms:
            self.receiver.log_auth(record)
            self.send('504 5.5.4 Unrecognized authentication type')
            return
        credentials = self.read_credentials(mechanism, initial)
        if credentials is None:
            self.receiver.log_auth(record)
            self.send('501 5.7.0 Authentication cancelled or unreadable')
            return
        user, password = credentials
        record['user'] = user
        record['ok'] = user == self.receiver.user and password == self.receiver.password
        self.receiver.log_auth(record)
        if record['ok']:
            self.auth_user = user
            self.send('235 2.7.0 Authentication successful')
        else:
            self.send('535 5.7.8 Authentication credentials invalid')

    def read_credentials(self, mechanism, initial):
        """(user, password) from a PLAIN or LOGIN exchange (initial response or not); None if cancelled or bad."""
        def decode(text):
            return base64.b64decode(text, validate=True).decode('utf-8')

        try:
            if mechanism == 'PLAIN':
                if not initial:
                    self.send('334 ')
                    initial = self.read_line() or '*'
                if initial == '*':
                    return None
                _, user, password = decode(initial).split('\0')
                return user, password
            if not initial:
                self.send('334 ' + base64.b64encode(b'Username:').decode())
                initial = self.read_line() or '*'
            if initial == '*':
                return None
            user = decode(initial)
            self.send('334 ' + base64.b64encode(b'Password:').decode())
            answer = self.read_line() or '*'
            if answer == '*':
                return None
            return user, decode(answer)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None

    def do_MAIL(self, argument):
        match = MAIL_FROM.match('MAIL ' + argument)
        if match is None:
            self.send('501 5.5.4 Syntax: MAIL FROM:<address>')
        elif self.receiver.user is not None and self.auth_user is None:
            self.send('530 5.7.0 Authentication required')
        elif self.mail_from is not None:
            self.send('503 5.5.1 Sender already given')
        else:
            self.mail_from = match.group(1)
            self.send('250 2.1.0 Sender OK')

    def do_RCPT(self, argument):
        match = RCPT_TO.match('RCPT ' + argument)
        if match is None:
            self.send('501 5.5.4 Syntax: RCPT TO:<address>')
        elif self.mail_from is None:
            self.send('503 5.5.1 MAIL first')
        elif match.group(1).lower() in self.receiver.rejected:
            self.send('550 5.1.1 No such user here')
        else:
            self.rcpt_to.append(match.group(1))
            self.send('250 2.1.5 Recipient OK')

    def do_DATA(self, argument):
        if self.mail_from is None or not self.rcpt_to:
            self.send('503 5.5.1 MAIL and RCPT first')
            return
        self.send('354 End data with <CR><LF>.<CR><LF>')
        lines = []
        while True:
            line = self.reader.readline(MAX_LINE)
            if not line:
                return
            if line in (b'.\r\n', b'.\n'):
                break
            if line.startswith(b'.'):
                line = line[1:]
            lines.append(line)
        data = b''.join(lines)
        status = self.receiver.next_answer()
        self.receiver.log({'mail_from': self.mail_from, 'rcpt_to': self.rcpt_to,
                           'data': data.decode('utf-8', errors='replace'), 'status': status,
                           'auth_user': self.auth_user, 'tls': self.in_tls, 'parsed': parse_message(data)})
        self.send(f'{status} {ANSWER_TEXT.get(status, "scripted answer")}')
        self.reset()

    def do_RSET(self, argument):
        self.reset()
        self.send('250 2.0.0 OK')

    def do_NOOP(self, argument):
        self.send('250 2.0.0 OK')


def make_handler(receiver):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            session = None
            try:
                session = Session(receiver, self.request)
                session.run()
            except (ConnectionError, ssl.SSLError, OSError):
                pass
            finally:
                if session is not None:
                    try:
                        session.reader.close()
                        session.sock.close()
                    except OSError:
                        pass

    return Handler


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description='Loopback SMTP receiver for tests.')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--answers', default='250')
    parser.add_argument('--reject-rcpt', action='append', default=[])
    parser.add_argument('--user')
    parser.add_argument('--password')
    parser.add_argument('--auth-mechs', default='PLAIN,LOGIN')
    parser.add_argument('--tls', choices=['none', 'starttls', 'implicit'], default='none')
    parser.add_argument('--cert', default=os.path.join(FIXTURES, 'selfsigned.pem'))
    parser.add_argument('--key', default=os.path.join(FIXTURES, 'selfsigned.key'))
    parser.add_argument('--delay', type=float, default=0)
    parser.add_argument('--log', required=True)
    parser.add_argument('--auth-log')
    options = parser.parse_args()
    if (options.user is None) != (options.password is None):
        raise SystemExit('smtp_receiver: --user and --password go together')

    receiver = Receiver(options)
    server = Server((options.host, options.port), make_handler(receiver))

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
