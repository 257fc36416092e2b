import CCurl
import Foundation

/// What an SMTP submission came to: libcurl's code, the server's last reply, libcurl's message; and what it means
/// for the delivery.
struct SMTPResult: Error, Equatable {
    /// libcurl's result (`CURLE_OK` when the server accepted the message).
    var code: CURLcode
    /// The server's last complete reply (code 0 when none came).
    var reply: Reply
    /// libcurl's detailed message, if it wrote one.
    var detail: String?

    /// A server reply: its code and its text, the lines of a multi-line reply joined with spaces.
    struct Reply: Equatable {
        /// The three-digit code; 0 before any reply.
        var code = 0
        /// The text after the code, when it was seen.
        var text: String?
    }

    /// The server's last few replies, read from the lines libcurl hands over as they come.
    struct Replies {
        /// The complete replies kept, oldest first.
        private(set) var recent: [Reply] = []
        private var pending: [String] = []

        /// How many complete replies are kept (libcurl's own code is the last that counted; a `QUIT` may follow it).
        static let kept = 8
        /// The longest text kept of one reply, in characters.
        static let textLimit = 200

        /// Takes one line the server sent (`250-first`, `250 last`); a line that is no reply line is ignored.
        mutating func take(_ line: String) {
            let bytes = Array(line.utf8.prefix(4))
            guard bytes.count >= 3, bytes[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
                let code = Int(String(decoding: bytes[0..<3], as: UTF8.self))
            else { return }
            let text = String(decoding: line.utf8.dropFirst(4), as: UTF8.self).snippet(limit: Self.textLimit)
            if bytes.count == 4 && bytes[3] == UInt8(ascii: "-") {
                if pending.count < Self.kept { pending.append(text) }
                return
            }
            let joined = (pending + [text]).filter { !$0.isEmpty }.joined(separator: " ").snippet(limit: Self.textLimit)
            recent.append(Reply(code: code, text: joined.isEmpty ? nil : joined))
            if recent.count > Self.kept { recent.removeFirst() }
            pending = []
        }

        /// The latest reply with `code`, else one with that code and no text.
        func last(withCode code: Int) -> Reply {
            recent.last { $0.code == code } ?? Reply(code: code, text: nil)
        }
    }

    /// The delivery's outcome: accepted, delivered; a 4xx reply or a transport failure (no connection, a timeout,
    /// TLS, a connection cut), retry; a 5xx reply, or credentials refused, permanent.
    var outcome: DeliveryOutcome {
        if code == CURLE_OK { return .delivered("SMTP \((200...299).contains(reply.code) ? reply.code : 250)") }
        if code == CURLE_LOGIN_DENIED {
            return .permanent("login denied: the SMTP server refused the username or password (\(replyDescription))")
        }
        switch reply.code {
        case 400...499: return .retry(after: nil, reason: replyReason)
        case 500...599: return .permanent(replyReason)
        default: break
        }
        let summary = String(cString: curl_easy_strerror(code))
        let kind: String
        var isPermanent = false
        switch code {
        case CURLE_COULDNT_CONNECT: kind = "could not connect"
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = "could not resolve the host"
        case CURLE_OPERATION_TIMEDOUT: kind = "timed out"
        case CURLE_USE_SSL_FAILED: kind = "TLS required but the server offers no STARTTLS"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE:
            kind = "TLS failure"
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY:
            kind = "the connection failed"
        case CURLE_URL_MALFORMAT:
            kind = "malformed URL"
            isPermanent = true
        case CURLE_UNSUPPORTED_PROTOCOL:
            kind = "unsupported URL scheme (smtp and smtps only)"
            isPermanent = true
        default: kind = summary
        }
        let message = detail ?? summary
        let reason = (message == kind ? kind : "\(kind): \(message)") + " (curl \(code.rawValue))"
        return isPermanent ? .permanent(reason) : .retry(after: nil, reason: reason)
    }

    /// `SMTP nnn: text`, or `SMTP nnn: libcurl's message (curl N)` when the text is unknown.
    private var replyReason: String {
        if let text = reply.text, !text.isEmpty { return "SMTP \(reply.code): \(text)" }
        return "SMTP \(reply.code): \(detail ?? String(cString: curl_easy_strerror(code))) (curl \(code.rawValue))"
    }

    /// `SMTP nnn text`, or libcurl's message when no reply came.
    private var replyDescription: String {
        guard reply.code != 0 else { return detail ?? String(cString: curl_easy_strerror(code)) }
        return ["SMTP \(reply.code)", reply.text].compactMap { $0 }.joined(separator: " ")
    }
}
