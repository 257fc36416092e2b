import CCurl
import CCurlShims
import Foundation

/// One POST through its own libcurl easy handle (a ``CurlEasy``), and everything its transfer writes into: the
/// start of the answer's body, its header fields, the request's header list (freed in `deinit`).
///
/// The handle speaks http and https only, follows no redirect, always verifies TLS peers and host names, and
/// gives up after the timeout. Callbacks find this object through the `Unmanaged` user-data pointer and only store
/// what they are handed.
final class PostHandle {
    private let easy: CurlEasy
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var body: [UInt8] = []
    private var bodyCut = false
    private var headers: [String: String] = [:]
    private var headerLines = 0
    private var tooManyHeaders = false

    /// The most body bytes kept; the transfer stops there (the status and header fields are known by then).
    static let maxBody = 64 * 1024
    /// The most header lines accepted in one response; a receiver that sends more is cut off.
    static let maxHeaderLines = 1000

    /// Creates and configures a handle for `post`, or throws when libcurl refuses it (a malformed URL).
    init(post: HTTPPost, timeout: TimeInterval, userAgent: String, caFile: String?) throws(Failure) {
        do {
            easy = try CurlEasy()
        } catch {
            throw Failure(reason: "libcurl could not create a handle", isPermanent: false)
        }
        do {
            try configure(post, timeout: timeout, userAgent: userAgent, caFile: caFile)
        } catch {
            throw Self.failure(error.code, detail: nil)
        }
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    /// Makes the request (blocking) and returns the answer, or throws when no answer came.
    func perform() throws(Failure) -> HTTPAnswer {
        let code = easy.perform()
        if tooManyHeaders {
            throw Failure(reason: "the receiver sent more than \(Self.maxHeaderLines) header lines", isPermanent: false)
        }
        // A write error is this handle's own doing once the body reached its limit: the answer is complete enough.
        guard code == CURLE_OK || (code == CURLE_WRITE_ERROR && bodyCut) else {
            throw Self.failure(code, detail: easy.errorMessage)
        }
        return HTTPAnswer(status: easy.responseCode, headers: headers, body: body)
    }

    private func configure(
        _ post: HTTPPost, timeout: TimeInterval, userAgent: String, caFile: String?
    ) throws(CurlEasy.Refused) {
        // Only http and https, and no redirect followed (a 3xx is an answer to retry, not a place to go).
        try easy.configure(url: post.url, protocols: "http,https", timeout: timeout, caFile: caFile)
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, 0)
        try easy.set(CURLOPT_USERAGENT, userAgent)

        // libcurl copies the body (the size set first), so its bytes need only live through the call; the NUL
        // after them, not sent, only makes sure an empty body still has an address.
        let bytes = Array(post.body.utf8)
        try easy.set(CURLOPT_POST, 1)
        try easy.check(vigie_easy_setopt_offset(easy.pointer, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)))
        var terminated = bytes + [0]
        let copied = terminated.withUnsafeMutableBytes {
            vigie_easy_setopt_pointer(easy.pointer, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
        }
        try easy.check(copied)

        // No `Expect: 100-continue` round trip, whatever the body's size.
        var lines = ["Expect:"]
        for field in post.headers {
            // `Name;` is how libcurl sends a field with an empty value (`Name:` would remove the field).
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        try easy.check(vigie_easy_setopt_slist(easy.pointer, CURLOPT_HTTPHEADER, headerList))

        let this = Unmanaged.passUnretained(self).toOpaque()
        try easy.check(vigie_easy_setopt_write_callback(easy.pointer, Self.writeCallback))
        try easy.check(vigie_easy_setopt_pointer(easy.pointer, CURLOPT_WRITEDATA, this))
        try easy.check(vigie_easy_setopt_header_callback(easy.pointer, Self.headerCallback))
        try easy.check(vigie_easy_setopt_pointer(easy.pointer, CURLOPT_HEADERDATA, this))
    }

    // MARK: - Callbacks

    private static let writeCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let handle = Unmanaged<PostHandle>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            let kept = min(length, maxBody - handle.body.count)
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                handle.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept))
            }
            guard kept == length else {
                handle.bodyCut = true
                return 0
            }
            return length
        }

    private static let headerCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let handle = Unmanaged<PostHandle>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            handle.take(headerLine: line)
            guard handle.headerLines <= maxHeaderLines else {
                handle.tooManyHeaders = true
                return 0
            }
            return length
        }

    /// Takes one raw header line; a status line (an interim 1xx's, then the final one's) starts a new set.
    private func take(headerLine: String) {
        let text = headerLine.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            headers = [:]
            headerLines = 0
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        headerLines += 1
        let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    // MARK: - Failures

    /// No answer came, or the request could not be made.
    struct Failure: Error, Equatable {
        /// What happened, for people: a short kind, then libcurl's message (`could not connect: Failed to
        /// connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server (curl 7)`).
        var reason: String
        /// Whether trying again cannot help (a malformed URL, a scheme other than http and https).
        var isPermanent: Bool

        /// The delivery's outcome.
        var outcome: DeliveryOutcome {
            isPermanent ? .permanent(reason) : .retry(after: nil, reason: reason)
        }
    }

    /// The failure for libcurl's `code`, with its detailed message when it wrote one.
    static func failure(_ code: CURLcode, detail: String?) -> Failure {
        let summary = String(cString: curl_easy_strerror(code))
        let kind: String
        var isPermanent = false
        switch code {
        case CURLE_COULDNT_CONNECT: kind = "could not connect"
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = "could not resolve the host"
        case CURLE_OPERATION_TIMEDOUT: kind = "timed out"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CRL_BADFILE:
            kind = "TLS failure"
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            kind = "the connection failed"
        case CURLE_URL_MALFORMAT:
            kind = "malformed URL"
            isPermanent = true
        case CURLE_UNSUPPORTED_PROTOCOL:
            kind = "unsupported URL scheme (http and https only)"
            isPermanent = true
        default: kind = summary
        }
        let message = detail ?? summary
        let reason = message == kind ? kind : "\(kind): \(message)"
        return Failure(reason: "\(reason) (curl \(code.rawValue))", isPermanent: isPermanent)
    }
}
