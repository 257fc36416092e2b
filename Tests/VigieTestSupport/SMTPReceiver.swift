import Foundation

/// The scripted SMTP receiver (`Tests/Support/smtp_receiver.py`) on 127.0.0.1: answers each message as told and
/// logs it, for every test target that delivers alerts by e-mail.
///
/// The receiver exits when its standard input closes, so it never outlives the tests, even when they crash; it is
/// stopped in `deinit`.
public final class SMTPReceiver: @unchecked Sendable {
    /// How the receiver uses TLS.
    public enum TLS: String, Sendable {
        /// Plain SMTP only.
        case none
        /// STARTTLS offered and honoured.
        case starttls
        /// TLS from the first byte (smtps).
        case implicit
    }

    /// The port it listens on.
    public let port: Int
    /// The file its messages are logged to, one JSON line each.
    public let logPath: String
    /// The file its AUTH attempts are logged to, one JSON line each.
    public let authLogPath: String
    private let directory: URL
    private let server: LoopbackScript

    /// The test-only certificate the receiver presents over TLS (CN localhost, SAN localhost and 127.0.0.1): the CA
    /// file a client must trust to reach it.
    public static let certificatePath = FixtureServer.repositoryRoot.appendingPathComponent(
        "Tests/Fixtures/http/selfsigned.pem"
    ).path

    /// Starts a receiver.
    ///
    /// - Parameters:
    ///   - answers: the codes answered at the end of each message's DATA, in order, the last one repeating
    ///     (`["451", "250"]`: the first message is deferred, the next ones accepted).
    ///   - rejectRecipients: addresses whose `RCPT TO` gets 550.
    ///   - user: with `password`, AUTH is advertised and required, and only this pair accepted.
    ///   - password: the password that goes with `user`.
    ///   - mechanisms: the AUTH mechanisms advertised (`PLAIN`, `LOGIN`).
    ///   - tls: whether the receiver speaks TLS, and how.
    ///   - delay: seconds to wait before greeting each connection.
    public init(
        answers: [String] = ["250"], rejectRecipients: [String] = [], user: String? = nil, password: String? = nil,
        mechanisms: [String] = ["PLAIN", "LOGIN"], tls: TLS = .none, delay: Double? = nil
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vigie-smtp-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logPath = directory.appendingPathComponent("messages.jsonl").path
        authLogPath = directory.appendingPathComponent("auth.jsonl").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        _ = FileManager.default.createFile(atPath: authLogPath, contents: nil)
        // `--name=value`, so a value that starts with `-` is not taken for an option.
        var arguments = [
            "--port=0", "--log=" + logPath, "--auth-log=" + authLogPath, "--answers=" + answers.joined(separator: ","),
            "--tls=" + tls.rawValue, "--auth-mechs=" + mechanisms.joined(separator: ","),
        ]
        arguments += rejectRecipients.map { "--reject-rcpt=" + $0 }
        if let user, let password { arguments += ["--user=" + user, "--password=" + password] }
        if let delay { arguments.append("--delay=\(delay)") }
        server = try LoopbackScript("smtp_receiver.py", arguments: arguments, what: "the SMTP receiver")
        struct Port: Decodable { var port: Int }
        port = try JSONDecoder().decode(Port.self, from: server.announcement).port
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `smtp://127.0.0.1:PORT`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The messages received so far, in order (each is logged before it is answered; a line still being written is
    /// left for the next call).
    public func messages() throws -> [Message] {
        try LoopbackScript.records(at: logPath)
    }

    /// The AUTH attempts so far, in order (each is logged before it is answered).
    public func authAttempts() throws -> [AuthAttempt] {
        try LoopbackScript.records(at: authLogPath)
    }

    /// One AUTH attempt: the mechanism, the user it named (`nil` when cancelled or unreadable), whether the
    /// credentials were right, whether the session was encrypted.
    public struct AuthAttempt: Sendable, Equatable, Decodable {
        /// `PLAIN` or `LOGIN` (or whatever the client asked for).
        public var mechanism: String
        /// The user named, if the exchange got that far.
        public var user: String?
        /// Whether the user and password were the receiver's.
        public var ok: Bool
        /// Whether the session was encrypted.
        public var tls: Bool

        /// Creates an attempt, to compare with the ones logged.
        public init(mechanism: String, user: String?, ok: Bool, tls: Bool) {
            self.mechanism = mechanism
            self.user = user
            self.ok = ok
            self.tls = tls
        }
    }

    /// One message the receiver got, and what it answered.
    public struct Message: Sendable, Equatable, Decodable {
        /// The envelope sender (`MAIL FROM`).
        public var mailFrom: String
        /// The envelope recipients accepted (`RCPT TO`).
        public var rcptTo: [String]
        /// The message, dot-unstuffed, CRLFs kept, as UTF-8 text.
        public var data: String
        /// The code answered at the end of DATA.
        public var status: Int
        /// The user the session authenticated as, if any.
        public var authUser: String?
        /// Whether the session was encrypted.
        public var tls: Bool
        /// What Python's `email` package made of the message.
        public var parsed: Parsed

        private enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case rcptTo = "rcpt_to"
            case data, status
            case authUser = "auth_user"
            case tls, parsed
        }
    }

    /// A message as Python's `email` package (policy.default) reads it: header values decoded.
    public struct Parsed: Sendable, Equatable, Decodable {
        /// `Subject`, decoded.
        public var subject: String?
        /// `From`, decoded.
        public var from: String?
        /// `To`, decoded.
        public var to: String?
        /// `Date`.
        public var date: String?
        /// `Message-ID`.
        public var messageID: String?
        /// The top-level content type (`multipart/alternative`).
        public var contentType: String?
        /// The leaf parts, in order.
        public var parts: [Part]
        /// Every defect the parser noted; none in a well-formed message.
        public var defects: [String]
        /// The exception the parser raised, if any.
        public var error: String?

        private enum CodingKeys: String, CodingKey {
            case subject, from, to, date
            case messageID = "message_id"
            case contentType = "content_type"
            case parts, defects, error
        }
    }

    /// One leaf part of a parsed message.
    public struct Part: Sendable, Equatable, Decodable {
        /// Its content type (`text/plain`).
        public var contentType: String
        /// Its charset parameter, if any.
        public var charset: String?
        /// Its `Content-Transfer-Encoding`, if any.
        public var transferEncoding: String?
        /// Its content, decoded.
        public var content: String

        private enum CodingKeys: String, CodingKey {
            case contentType = "content_type"
            case charset
            case transferEncoding = "transfer_encoding"
            case content
        }
    }
}
